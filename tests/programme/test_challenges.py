"""Challenges (揭榜挂帅): target gaps against qualified domestic parts by hand, roadmap, portfolio."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from keyparts.cli import app
from keyparts.dataset import load_sample, sample_path
from keyparts.errors import InputError
from keyparts.programme.challenges import check_target, portfolio, roadmap_clause, roadmap_gaps, roadmap_notes
from keyparts.programme.editions import diff, publish
from tests.programme.editions_data import _df, three_leaves


def with_catalogue():
    """three_leaves plus a domestic maker MK_CN and parameters of BRG: n_lim (rpm), d (mm), precision.
    Parts in BRG-A: P_CN1 qualified n_lim 20 000 rpm, d 40 mm, P5; P_CN2 production n_lim 400 1/s
    (= 24 000 rpm), d 35 mm, P4; P_CN3 prototype n_lim 30 000 rpm, P2; P_A (DE maker) n_lim 50 000 rpm."""
    ds = three_leaves()
    f = ds.frames
    f["enterprises"] = pd.concat([f["enterprises"], _df("id name kind country region",
                                                        [("MK_CN", "CN maker", "parts_maker", "CN", None)])])
    f["parts"] = pd.concat([f["parts"], _df("id maker_id category_id designation status unit_price_usd annual_capacity", [
        ("P_CN1", "MK_CN", "BRG-A", "x1", "qualified", 10.0, 100.0),
        ("P_CN2", "MK_CN", "BRG-A", "x2", "production", 12.0, 100.0),
        ("P_CN3", "MK_CN", "BRG-A", "x3", "prototype", 15.0, 100.0)])], ignore_index=True)
    f["parameters"] = _df("category_id name unit kind description", [
        ("BRG", "n_lim", "rpm", "number", None), ("BRG", "d", "mm", "number", None),
        ("BRG", "precision", None, "enum", None)])
    f["part_values"] = _df("part_id parameter value unit", [
        ("P_CN1", "n_lim", "20000", "rpm"), ("P_CN1", "d", "40", "mm"), ("P_CN1", "precision", "P5", None),
        ("P_CN2", "n_lim", "400", "1/s"), ("P_CN2", "d", "35", "mm"), ("P_CN2", "precision", "P4", None),
        ("P_CN3", "n_lim", "30000", "rpm"), ("P_CN3", "precision", "P2", None),
        ("P_A", "n_lim", "50000", "rpm")])
    from keyparts.dataset import validate_and_type
    from keyparts.dataset.io import write_dataset

    return ds, write_dataset, validate_and_type


def _typed(tmp_path):
    ds, write_dataset, validate_and_type = with_catalogue()
    from keyparts.dataset import read_dataset

    write_dataset(ds, tmp_path / "ds")
    return validate_and_type(read_dataset(tmp_path / "ds"))


def test_challenge_gap_by_hand(tmp_path):
    """Qualified domestic parts of BRG-A: P_CN1 and P_CN2 (P_CN3 is a prototype, P_A is German).
    n_lim>=28000rpm: best 400 1/s = 400·60 = 24 000 rpm (P_CN2) → gap 4 000 rpm;
    d<=30mm: smallest d 35 mm (P_CN2) → gap 5 mm; d=38..45mm: P_CN1 40 mm → met, gap 0;
    precision in P4,P2: P_CN2 is P4 → met (values there: P4, P5)."""
    ds = _typed(tmp_path)
    r = check_target(ds, "BRG-A", "n_lim>=28000rpm; d<=30mm; d=38..45mm; precision in P4,P2")
    n, d1, d2, p = r["clauses"]
    assert r["qualified_domestic_parts"] == 2 and not r["met"]
    assert (n["best"], n["best_part"], n["gap"], n["unit"]) == (pytest.approx(24000.0), "P_CN2", pytest.approx(4000.0), "rpm")
    assert (d1["best"], d1["gap"]) == (35.0, 5.0)
    assert (d2["met"], d2["best_part"], d2["gap"]) == (True, "P_CN1", 0.0)
    assert (p["met"], p["best"]) == (True, ["P4", "P5"])
    assert n["words"] == "n_lim: best qualified domestic 24000 rpm (P_CN2), gap 4000 rpm"


def test_a_qualification_case_makes_a_prototype_count(tmp_path):
    """P_CN3 (prototype, 30 000 rpm) qualified by OEM at small_batch → n_lim>=28000rpm is met."""
    ds = _typed(tmp_path)
    ds.frames["qualification_cases"] = pd.DataFrame({"id": ["Q1"], "part_id": ["P_CN3"], "oem_id": ["OEM"],
                                                     "stage": ["small_batch"]})
    r = check_target(ds, "BRG-A", "n_lim>=28000rpm")
    assert r["met"] and r["clauses"][0]["best_part"] == "P_CN3"


def test_unknown_parameter_is_named(tmp_path):
    with pytest.raises(InputError, match="unknown parameter 'L10h'"):
        check_target(_typed(tmp_path), "BRG-A", "L10h>=30000h")


@pytest.mark.parametrize("value, clause", [("30000h", "L10h>=30000h"), ("<=0.5arcmin", "L10h<=0.5arcmin"),
                                           ("P4,P2", "L10h in P4,P2"), ("in P4", "L10h in P4")])
def test_roadmap_value_as_a_clause(value, clause):
    assert roadmap_clause("L10h", value) == clause


def test_roadmap_gap_reaches_the_diff_of_editions(tmp_path):
    """Roadmap BRG n_lim 26 000 rpm in 2024 (a family row: it applies to A, B and C) and 30 000 rpm
    in 2030; the 2023 edition takes the first roadmap year >= 2023: 2024, gap 26 000 − 24 000 = 2 000 rpm."""
    ds = _typed(tmp_path)
    ds.frames["roadmap"] = pd.DataFrame({"category_id": ["BRG", "BRG"], "parameter": ["n_lim", "n_lim"],
                                         "value": ["26000rpm", "30000rpm"], "year": [2024, 2030], "source": "t"})
    g = roadmap_gaps(ds)
    assert list(g["gap"]) == pytest.approx([2000.0, 6000.0])
    notes = roadmap_notes(ds, year=2023)
    assert notes["BRG-A"] == ["roadmap 2024 n_lim>=26000rpm: n_lim: best qualified domestic 24000 rpm (P_CN2), gap 2000 rpm"]
    at = "2026-01-01T00:00:00+00:00"
    d = diff(publish(ds, "a", year=2022, top_n=2, n_samples=0, published_at=at),
             publish(ds, "b", year=2023, top_n=2, n_samples=0, published_at=at), notes=notes)
    entries = d.entered + d.left + d.moved
    assert entries and all([d["words"] for d in e["drivers"] if d["indicator"] == "roadmap"] == notes[e["category_id"]]
                           and "gap 2000 rpm" in e["words"] for e in entries)


def test_portfolio_effects_and_ranking_on_the_sample():
    """CH-03 (no qualified domestic proportional valve): with its part at planned capacity the worst
    embargo loss falls; reductions are never negative in expectation, bounded by success_probability ×
    the largest reduction computed, and the Monte Carlo repeats with its seed."""
    ds = load_sample()
    r = portfolio(ds, ids=["CH-03", "CH-04"], n_samples=500, seed=1)
    top = r.challenges[0]
    assert top["id"] == "CH-03" and top["portfolio_rank"] == 1
    assert top["before"]["qualified_capacity_share"] == 0.0
    assert 0 < top["at_planned_capacity"]["qualified_capacity_share"] <= 1
    assert top["loss_reduction_at_planned_usd"] == pytest.approx(
        top["before"]["worst_embargo_loss_usd"] - top["at_planned_capacity"]["worst_embargo_loss_usd"])
    assert 0 < top["expected_loss_reduction_usd"] <= 0.4 * top["loss_reduction_at_planned_usd"] + 1e-6
    assert top["expected_reduction_per_usd"] == pytest.approx(top["expected_loss_reduction_usd"] / 18e6)
    again = portfolio(ds, ids=["CH-03"], n_samples=500, seed=1).challenges[0]
    assert again["expected_loss_reduction_usd"] == top["expected_loss_reduction_usd"]
    json.dumps(r.to_dict())


def test_cli_check_list_portfolio():
    run = CliRunner().invoke
    data = str(sample_path())
    r = run(app, ["challenge", "check", "--data", data, "--id", "CH-02", "--json"])
    assert r.exit_code == 1     # the target is not met yet
    out = json.loads(r.output)
    (p_rated, n_max) = out["challenges"][0]["clauses"]
    assert (p_rated["best"], p_rated["gap"], n_max["met"]) == (350.0, 70.0, True)   # 420 − 350 bar
    assert any(x["clause"] == "p_rated>=450bar" and x["gap"] == 100.0 for x in out["roadmap"])
    r = run(app, ["challenge", "list", "--data", data, "--json"])
    chs = json.loads(r.output)["challenges"]
    assert [c["id"] for c in chs] == ["CH-01", "CH-02", "CH-03", "CH-04"]
    ch1 = chs[0]    # challenge_milestones.csv: prototype passed; qualification, batch supply planned
    assert (ch1["gates_passed"], ch1["next_gate"]["milestone"], ch1["next_gate"]["trl"]) == \
        (1, "OEM qualification (small batch)", 7)
    assert ch1["bids"] == [{"bidder_id": "M-CN-002", "consortium": ["I-CN-001"], "requested_usd": 11000000.0,
                            "status": "won"}]
    r = run(app, ["challenge", "check", "--data", data, "--id", "CH-99"])
    assert r.exit_code == 2 and "CH-99" in r.output
