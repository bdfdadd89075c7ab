"""Demand matching on the tiny dataset: ISO 281 life, Weibull evidence, score, explanations."""

from __future__ import annotations

import math

import pytest

from keyparts.errors import InputError, NotFoundError
from keyparts.match import match_dataset_demand


def test_l10h_is_the_iso281_basic_rating_life(tiny):
    """ISO 281:2007 eq. (1) and (3): L10 = (C/P)^3 Mrev, L10h = 10^6 L10 / (60 n).
    6209: C = 35.1 kN (SKF catalogue), P = Fr = 3 kN (Fa = 0), n = 1500 r/min:
    (35.1/3)^3 = 1601.613 Mrev -> 1601.613e6 / 90 000 = 17 795.7 h >= 15 000 h required."""
    res = match_dataset_demand(tiny, "DM1")
    passed = {c["part_id"]: c for c in res.candidates if c["passed"]}
    assert set(passed) == {"P1", "P2", "P4"}
    for c in passed.values():
        assert c["life_h"] == pytest.approx((35.1 / 3) ** 3 * 1e6 / (60 * 1500), rel=1e-9)


def test_score_is_the_documented_weighted_sum(tiny):
    """P2 by hand with the default weights (life .25, evidence .25, risk .2, domestic .1, price .2):
    life = 0.5 + 0.5·log10(17795.7/15000); evidence = min(1, B10_lower/15000) = 1 since the
    Weibull fit of P2's tests gives B10_lower ≈ 18 123 h; supply = 1 − 3/10 (CN risk 3);
    domestic = 1; price = 3.5/3.5 = 1 (cheapest passing part).
    B10_lower by an independent calculation (scipy Nelder–Mead on the censored Weibull
    log-likelihood, no keyparts code): 8 failures 21 000…58 000 h, 2 suspended at 60 000 h ->
    beta 3.1340, eta 51 150 h, B10 = eta·(−ln 0.9)^(1/beta) = 24 946 h; Fisher matrix (numerical
    Hessian) on ln B10, one-sided 90 % (z = 1.2816) -> 18 123 h."""
    res = match_dataset_demand(tiny, "DM1")
    top = res.candidates[0]
    assert top["part_id"] == "P2" and top["evidence"] == "tested"
    assert top["b10_lower"] == pytest.approx(18123, rel=2e-3)
    life = 0.5 + 0.5 * math.log10((35.1 / 3) ** 3 * 1e6 / 90000 / 15000)
    expected = 0.25 * life + 0.25 * 1 + 0.2 * 0.7 + 0.1 * 1 + 0.2 * 1
    assert top["score"] == pytest.approx(expected, abs=1e-4)
    assert top["grade"] == "A"
    # P4 is foreign (JP, risk 2), untested, 9 USD: 0.25·life + 0 + 0.2·0.8 + 0 + 0.2·3.5/9
    p4 = next(c for c in res.candidates if c["part_id"] == "P4")
    assert p4["score"] == pytest.approx(0.25 * life + 0.2 * 0.8 + 0.2 * 3.5 / 9, abs=1e-4)
    assert p4["evidence"] == "untested" and p4["b10_lower"] is None


def test_every_candidate_explains_itself(tiny):
    res = match_dataset_demand(tiny, "DM1").to_dict()
    assert set(res) >= {"demand", "candidates"}
    for c in res["candidates"]:
        assert set(c) >= {"part_id", "maker_id", "score", "passed", "life_h", "b10_lower", "grade", "reasons"}
        assert c["reasons"]
        assert any(r.startswith("FAIL") for r in c["reasons"]) != c["passed"]
    p3 = next(c for c in res["candidates"] if c["part_id"] == "P3")
    assert "FAIL D=85mm: D=100 mm is 15 mm above" in " ".join(p3["reasons"])


def test_demand_nothing_meets_names_the_life_check(tiny):
    """DM3 needs 20 000 h: every 6209 gives 17 796 h, so the L10h check removes the last 3."""
    res = match_dataset_demand(tiny, "DM3")
    assert not res.passed
    assert res.eliminated_by.startswith("L10h >= 20,000 h") and "last 3" in res.eliminated_by


def test_demand_nothing_meets_names_the_spec_clause(tiny):
    """DM2: C >= 100 kN, the largest 45 mm bore part has C = 55.3 kN."""
    res = match_dataset_demand(tiny, "DM2")
    assert res.eliminated_by.startswith("C>=100kN")


def test_weights_are_data(tiny):
    """With all weight on price the cheapest passing part (P2 3.5 USD) wins with score 1."""
    res = match_dataset_demand(tiny, "DM1", weights={k: 0 for k in ("life_margin", "evidence", "supply_risk",
                                                                    "domestic")} | {"price": 1})
    assert res.candidates[0]["part_id"] == "P2" and res.candidates[0]["score"] == pytest.approx(1.0)
    with pytest.raises(InputError, match="unknown component 'colour'"):
        match_dataset_demand(tiny, "DM1", weights={"colour": 1})


def test_unknown_demand(tiny):
    with pytest.raises(NotFoundError, match="demand 'NOPE' not found"):
        match_dataset_demand(tiny, "NOPE")


def _tests(times, status, unit):
    import pandas as pd

    return pd.DataFrame({"test_id": "T", "part_id": "P", "unit_id": [f"U{i}" for i in range(len(times))],
                         "time": times, "time_upper": float("nan"), "status": status, "stress": None,
                         "time_unit": unit, "count": 1})


def test_evidence_is_the_same_in_any_time_unit():
    """The Weibull MLE is scale-equivariant, so B10 bounds from minutes, or from revolutions at
    n r/min (h = rev / (60 n)), equal those from hours after conversion."""
    import numpy as np

    from keyparts.match import part_evidence

    h = np.array([21000, 28000, 33000, 38000, 42000, 47000, 52000, 58000, 60000, 60000.0])
    st = ["F"] * 8 + ["S"] * 2
    ref = part_evidence(_tests(h, st, "h"))
    assert ref.status == "tested" and ref.failures == 8 and ref.units_tested == 10
    by_min = part_evidence(_tests(h * 60, st, "min"))
    by_rev = part_evidence(_tests(h * 60 * 1500 / 1e6, st, "Mrev"), speed_rpm=1500)
    for e in (by_min, by_rev):
        assert e.b10_lower_h == pytest.approx(ref.b10_lower_h, rel=1e-6)
        assert e.b10_h == pytest.approx(ref.b10_h, rel=1e-6)
    assert ref.b10_lower_h < ref.b10_h  # a lower bound


def test_evidence_states_what_is_missing():
    from keyparts.match import part_evidence

    assert part_evidence(None).status == "untested"
    one = part_evidence(_tests([1000.0, 2000.0], ["F", "S"], "h"))
    assert one.status == "insufficient" and "1 failures" in one.note
    assert part_evidence(_tests([1.0, 2.0, 3.0], ["F", "F", "F"], "Mrev")).status == "not_comparable"


def test_required_certification_is_a_hard_filter():
    """DM1 with certifications = "IATF 16949": only M2 holds it (written with other spacing and
    case), so of DM1's passing parts P1 (M1), P2 (M2) and P4 (M3) only P2 remains. Asking for a
    certificate nobody holds names that filter as the one that eliminated everything."""
    from tests.match.conftest import tiny_dataset

    ds = tiny_dataset()
    ent = ds.frames["enterprises"].copy()
    ent["certifications"] = [("ISO 9001" if i != "M2" else "iso 9001; IATF16949") for i in ent["id"]]
    ds.frames["enterprises"] = ent
    dem = ds.frames["demands"].copy()
    dem["certifications"] = ["IATF 16949" if i == "DM1" else "AS9100D" for i in dem["id"]]
    ds.frames["demands"] = dem
    res = match_dataset_demand(ds, "DM1")
    assert [c["part_id"] for c in res.candidates if c["passed"]] == ["P2"]
    assert any("maker holds IATF16949" in r for c in res.candidates for r in c["reasons"])
    ds.frames["demands"] = dem.assign(certifications="AS9100D")
    res = match_dataset_demand(ds, "DM1")
    assert not res.passed and res.eliminated_by.startswith("maker holds AS9100D")
