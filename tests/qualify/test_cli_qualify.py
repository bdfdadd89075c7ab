"""``keyparts qualify`` on the bundled sample: values checked by hand.

* QC-001 (AP-112 pump for the excavator maker, batch_supply): bench campaign LT-AP112-BENCH,
  10 pumps × 2 000 h, no failure, application β = 2, R = C = 0.9, t_R = 1 000 h. Weibayes
  (Abernethy 2006 §6.2): η_L = (Σ t^β / −ln(1 − C))^{1/β} = (10 · 2000² / 2.302585)^{1/2}
  = 4 167.9 h; B10 lower = η_L · (−ln 0.9)^{1/2} = 4 167.9 · 0.324593 = 1 352.9 h ≥ 1 000 h → pass.
  First article: every value in tolerance, 5 samples per characteristic.
* QC-003 (6309 PT-0021, C = 55.2 kN, for the loader): design review at Fr = 10 kN, Fa = 0,
  n = 3 000 r/min: P = Fr, L10 = (55.2/10)³ = 168.197 Mrev, L10h = 168.197e6 / (60 · 3000) =
  934.4 h ≥ 800 h (a1 = 1 at R = 0.9, a_ISO = 1: ISO 281:2007 eq. (1)–(2)) → pass.
* QC-004 (proportional valve, first_article): spool bore 10 +0.015/0, samples 10.006, 10.008,
  10.017, 10.007, 10.009 → S3 outside [10, 10.015]; x̄ = 10.0094, s = (77.2e-6/4)^{1/2} =
  0.0043932, Cpk = min(0.0056, 0.0094)/(3 s) = 0.4249 < 1.33 → fail, exit 1.
* QC-002 plan: n = ln(1 − C)/ln R = ln 0.1/ln 0.9 = 21.85 → 22 pumps × 1 000 h;
  P(pass | η_R) = 0.9²² = 0.0985.
* QC-001 premium (100 pumps at the part's USD 3 330, one year = 2 000 h of duty):
  F_U = 1 − exp(−(2000/4167.9)²) = 0.20567; E = 100 · 0.20567 · 3330 = 68 489;
  E × 1.25 = 85 611 > 3 % × 333 000 = 9 990 → premium 9 990 (capped), subsidy 80 % = 7 992.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from keyparts.cli import app
from keyparts.dataset import sample_path

runner = CliRunner()


@pytest.fixture(scope="module")
def sample() -> str:
    return str(sample_path())


def _json(args: list[str], code: int = 0) -> dict:
    res = runner.invoke(app, args)
    assert res.exit_code == code, res.output
    return json.loads(res.stdout)


def test_status_json_of_the_pump_at_batch_supply(sample):
    d = _json(["qualify", "status", "QC-001", "--data", sample, "--json"])
    assert {k: d[k] for k in ("case_id", "part_id", "oem_id", "application_id", "stage", "next")} == {
        "case_id": "QC-001", "part_id": "PT-0214", "oem_id": "O-CN-001", "application_id": "APP-001",
        "stage": "batch_supply", "next": "batch_supply"}
    assert [g["stage"] for g in d["gates"]] == ["design_review", "first_article", "bench_test",
                                                "system_test", "field_trial", "small_batch"]
    assert all(set(g) >= {"stage", "passed", "criteria", "evidence", "reasons"} for g in d["gates"])
    bench = d["gates"][2]
    assert bench["passed"] is True and bench["override"] is None
    assert bench["evidence"]["eta_lower_h"] == pytest.approx(4167.9, abs=0.1)
    assert bench["evidence"]["b_life_lower_h"] == pytest.approx(1352.9, abs=0.1)
    assert d["gates"][1]["passed"] is True
    # no stored evidence for system_test: the recorded pass by a named person stands, audited
    assert d["gates"][3]["override"]["by"] == "Liu Fang" and d["gates"][3]["override"]["engine_passed"] is None


def test_status_of_the_rejected_bearing_shows_the_design_life(sample):
    d = _json(["qualify", "status", "QC-003", "--data", sample, "--json"])
    assert d["stage"] == "rejected" and d["next"] is None
    design, _, bench = d["gates"]
    assert design["passed"] is True
    assert design["evidence"]["life_h"] == pytest.approx(934.43, abs=0.01)
    assert bench["stage"] == "bench_test" and bench["passed"] is False


def test_status_exits_1_when_the_current_gate_fails(sample):
    d = _json(["qualify", "status", "QC-004", "--data", sample, "--json"], code=1)
    fa = d["gates"][-1]
    assert fa["stage"] == "first_article" and fa["passed"] is False and d["next"] == "first_article"
    bore = next(c for c in fa["evidence"]["characteristics"] if c["characteristic"] == "spool bore")
    assert bore["cpk"] == pytest.approx(0.4249, abs=1e-4)


def test_plan_and_premium(sample):
    p = _json(["qualify", "plan", "QC-002", "--data", sample, "--json"])
    assert p["evidence"]["plan"]["units"] == 22
    assert p["evidence"]["operating_characteristic"][0]["pass_probability"] == pytest.approx(0.9 ** 22)
    q = _json(["qualify", "premium", "QC-001", "--units", "100", "--key-category", "--data", sample, "--json"])
    assert q["eligible"] is True
    assert q["failure_probability_upper"] == pytest.approx(0.20567, abs=1e-5)
    assert q["expected_claims"] == pytest.approx(68489, abs=1)
    assert (q["premium"], q["capped"], q["subsidy"]) == (pytest.approx(9990), True, pytest.approx(7992))


def test_list_filters_and_unknown_case(sample):
    rows = _json(["qualify", "list", "--oem", "O-CN-001", "--data", sample, "--json"])
    assert [r["case_id"] for r in rows] == ["QC-001", "QC-004"]
    res = runner.invoke(app, ["qualify", "status", "QC-999", "--data", sample])
    assert res.exit_code == 2 and "QC-999" in res.output


def test_every_command_help_has_an_example():
    for cmd in ("list", "status", "advance", "plan", "premium"):
        res = runner.invoke(app, ["qualify", cmd, "--help"])
        assert res.exit_code == 0 and "Example: keyparts qualify " + cmd in res.output, cmd


def test_summary_time_to_qualify_of_the_pumps(sample):
    """HYD-PPUMP-HP: QC-001 opened 2023-03-01 entered small_batch 2024-11-29 (its field-trial
    pass): 366 + 273 = 639 days; QC-002 opened 2024-09-02 is open at the latest date in the data
    (2025-04-18): censored at 228 days, before 639. Kaplan–Meier: S(639) = 1 − 1/1 = 0 ->
    median 639 days. Conversion: QC-001 alone reached first use, repeat order, batch supply."""
    rows = {r["category_id"]: r for r in _json(["qualify", "summary", "--data", sample, "--json"])}
    r = rows["HYD-PPUMP-HP"]
    assert r["cases"] == 2 and r["by_stage"] == {"bench_test": 1, "batch_supply": 1}
    assert r["time_to_qualify_days"]["median"] == 639.0
    assert [s["reached"] for s in r["conversion"]] == [1, 1, 1]
    assert r["qualified_parts"] == 1 and r["qualified_oems"] == 1


def test_chain_of_the_pumps(sample):
    """The excavator P-EXC20 (60 000 a year) takes one imported AP-112 (PT-0384) with two
    PT-0378 inside, which take 20 rollers (BRG-ELEM-ROL) each: material -> part -> subsystem ->
    product. The pumps' domestic capacity is the four qualified AP pumps of M-CN-012:
    3 600 + 1 800 + 860 + 1 900 = 8 160 a year (the bottleneck); the proposal is that maker's
    AP-112 (PT-0214, at batch_supply in QC-001) with the lab of the HYD cases, L-CN-002."""
    c = _json(["qualify", "chain", "HYD-PPUMP-HP", "--data", sample, "--json"])
    assert [(lk["tier"], lk["node_id"]) for lk in c["links"]] == [
        ("material", "BRG-ELEM-ROL"), ("part", "PT-0378"), ("subsystem", "PT-0384"), ("product", "P-EXC20")]
    pump = c["links"][2]
    assert pump["domestic_capacity_units"] == 8160.0 and pump["bottleneck"] and c["bottleneck"] == "PT-0384"
    assert c["links"][3]["need_units"] == 60000.0
    assert (c["proposal"]["maker_id"], c["proposal"]["part_id"], c["proposal"]["lab_id"]) == \
        ("M-CN-012", "PT-0214", "L-CN-002")
