"""The CLI on a dataset folder (the tiny dataset written with keyparts.dataset.io.write_dataset):
``assess --json`` and ``scenario --json`` print exactly the engines' to_dict(); bad input exits 2.
Expected values: the hand calculation of tests/supply/test_scenario.py (JP embargo, 90 days:
lost 2 × 1e7/365·(45 + 30·2/7) = USD 2 935 421)."""

import json

import pytest
from typer.testing import CliRunner

from keyparts.cli import app
from tests.supply.tiny import tiny_dataset

runner = CliRunner()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    from keyparts.dataset.io import write_dataset
    d = tmp_path_factory.mktemp("tiny")
    write_dataset(tiny_dataset(), d)
    return d


def test_assess_json(folder):
    r = runner.invoke(app, ["assess", "--data", str(folder), "--json", "--samples", "50"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["year"] == 2024
    first = d["categories"][0]
    assert first["id"] == "BRG-ACBB" and first["rank"] == 1 and first["top_origin"] == "JP"
    assert first["import_reliance"] == pytest.approx(80 / 120)


def test_assess_table(folder):
    r = runner.invoke(app, ["assess", "--data", str(folder), "--top", "3", "--samples", "50"])
    assert r.exit_code == 0, r.output
    assert "BRG-ACBB" in r.stdout and "HYD-PUMP" in r.stdout


def test_scenario_json(folder):
    r = runner.invoke(app, ["scenario", "--data", str(folder), "--embargo", "JP", "--days", "90", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert set(d) >= {"scenario", "products", "industries", "total_lost_value_usd"}
    assert d["total_lost_value_usd"] == pytest.approx(2 * 1e7 / 365 * (45 + 30 * 2 / 7))
    assert {p["id"]: p["binding_items"] for p in d["products"]}["EXC"] == ["ACBB_JP"]


def test_scenario_bad_country_is_bad_input(folder):
    """A KeypartsError becomes one line on stderr and exit code 2 (bad input), no traceback."""
    r = runner.invoke(app, ["scenario", "--data", str(folder), "--embargo", "XX"])
    assert r.exit_code == 2
    assert "XX" in r.stderr and "Traceback" not in r.output


def test_report_writes_html(folder, tmp_path):
    out = tmp_path / "r.html"
    r = runner.invoke(app, ["report", "--data", str(folder), "-o", str(out), "--samples", "50",
                            "--embargo", "JP,DE"])
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "Scenario: embargo JP, DE" in html


def test_scenario_failed_supplier_json(folder):
    """MK_JP is the only source of ACBB_JP, so its failure equals the JP embargo (hand value above)."""
    r = runner.invoke(app, ["scenario", "--data", str(folder), "--supplier", "MK_JP", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["scenario"]["failed_suppliers"] == ["MK_JP"]
    assert d["total_lost_value_usd"] == pytest.approx(2 * 1e7 / 365 * (45 + 30 * 2 / 7))
