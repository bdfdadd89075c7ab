"""``keyparts makers ...`` on the bundled sample: --json is the result's to_dict, --help has an example."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from keyparts.cli import app
from keyparts.dataset import sample_path

runner = CliRunner()
DATA = ["--data", str(sample_path())]


@pytest.mark.parametrize("cmd", ["search", "specialisation", "fragmentation", "talent", "rd", "projects", "standards"])
def test_every_makers_help_carries_an_example(cmd):
    res = runner.invoke(app, ["makers", cmd, "--help"], terminal_width=200)
    assert res.exit_code == 0 and f"Example: keyparts makers {cmd}" in res.output


def test_search_on_the_sample_finds_the_accredited_p4_superfinishers():
    """From tools/sample_makers.py CAPABILITIES: M-CN-002 (superfinishing P2, life test, ISO/IEC 17025) and
    M-CN-005 (P4, life test, 17025) qualify; M-CN-004 has no accreditation, M-CN-001 only P5,
    L-CN-001 no superfinishing."""
    res = runner.invoke(app, ["makers", "search", "process:superfinish@P4", "test:life test",
                              "accreditation:17025", "--json", *DATA])
    assert res.exit_code == 0, res.output
    assert [i["enterprise_id"] for i in json.loads(res.output)["items"]] == ["M-CN-002", "M-CN-005"]


def test_specialisation_json_has_both_tiers_for_each_maker_year():
    res = runner.invoke(app, ["makers", "specialisation", "--year", "2023", "--json", *DATA])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert {r["tier"] for r in out["eligibility"]["rows"]} == {"provincial", "little_giant"}
    assert all(r["year"] == 2023 for r in out["specialisation"]["rows"])


def test_talent_with_plan_before_base_is_exit_2_one_line():
    res = runner.invoke(app, ["makers", "talent", "--base-year", "2026", "--plan-year", "2023", *DATA])
    assert res.exit_code == 2 and "not after base year" in res.output


def test_fragmentation_json_runs_on_the_sample():
    res = runner.invoke(app, ["makers", "fragmentation", "--year", "2023", "--json", *DATA])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["k_min"] == 3


def test_projects_on_the_sample_count_trl_and_the_qualified_pump():
    """Sample PRJ-02 (HYD-PPUMP-HP, lead M-CN-012, USD 25 M, TRL 4 -> 7): TRL gained 3, 3 / 25 =
    0.12 per M USD; the AP-112 pump PT-0214 of M-CN-012 reached batch_supply in QC-001: 1 part,
    0.04 per M USD."""
    res = runner.invoke(app, ["makers", "projects", "--json", *DATA])
    assert res.exit_code == 0, res.output
    r = {x["project_id"]: x for x in json.loads(res.output)["rows"]}["PRJ-02"]
    assert (r["trl_gained"], r["parts"]) == (3.0, ["PT-0214"])
    assert r["trl_per_musd"] == pytest.approx(0.12) and r["parts_per_musd"] == pytest.approx(0.04)


def test_standards_on_the_sample_list_the_drafts_projects_produce():
    res = runner.invoke(app, ["makers", "standards", "--category", "BRG-BALL-ACP4", "--json", *DATA])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert [(r["id"], r["produced_by_projects"]) for r in out["rows"]] == [("STD-DRAFT-ACP4", ["PRJ-05"])]
    assert "BRG" not in out["categories_without_test_method"]  # GB/T 24607-2009 is a current test method


def test_talent_gap_is_also_keyparts_talent_gap_and_names_projects_lacking_staff():
    args = ["--base-year", "2023", "--plan-year", "2026", "--json", *DATA]
    a = runner.invoke(app, ["makers", "talent", *args])
    b = runner.invoke(app, ["talent", "gap", *args])
    assert a.exit_code == b.exit_code == 0 and json.loads(a.output) == json.loads(b.output)
    assert "PRJ-06" in json.loads(a.output)["projects_lacking_staff"]
