"""Projection of localisation rates to a target year from capacity plans and projects, derived by hand."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from keyparts.cli import app
from keyparts.dataset.model import Dataset
from keyparts.errors import InputError
from keyparts.programme.localisation import run_localisation
from tests.programme.test_localisation import two_years


def _df(cols: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=cols.split())


def two_categories() -> Dataset:
    """``two_years`` (BRG-BALL, 2022-2023) plus a second category BRG-TRB (HS 848220) under BRG.

    BRG-TRB: parts P_CN2 (maker MK_CN2, CN, prototype, USD 30) and P_JP2 (MK_JP, USD 50), in no
    BOM; imports 1 000 USD from JP in 2022 and 2023, production 0 (2022) and 500 (2023).
    Capacity plans (enterprise_categories): MK_CN in BRG-BALL 40 pieces/year in 2023, 60 in 2025;
    MK_CN2 in BRG-TRB nothing before, 30 pieces/year in 2026. Project PRJ-T (lead MK_CN2,
    BRG-TRB, running) ends in 2025."""
    d = two_years()
    f = dict(d.frames)
    f["categories"] = pd.concat([f["categories"], _df("id name name_zh parent_id level hs_codes", [
        ("BRG-TRB", "Tapered roller bearings", None, "BRG", "category", "848220")])], ignore_index=True)
    f["enterprises"] = pd.concat([f["enterprises"], _df("id name kind country region", [
        ("MK_CN2", "CN maker 2", "parts_maker", "CN", None)])], ignore_index=True)
    f["parts"] = pd.concat([f["parts"], _df("id maker_id category_id designation status unit_price_usd annual_capacity", [
        ("P_CN2", "MK_CN2", "BRG-TRB", "30205", "prototype", 30.0, 0.0),
        ("P_JP2", "MK_JP", "BRG-TRB", "30205", "production", 50.0, 1000.0)])], ignore_index=True)
    f["trade"] = pd.concat([f["trade"], _df("hs_code year partner_country flow value_usd quantity unit", [
        ("848220", 2022, "JP", "import", 1000.0, 20.0, "pcs"),
        ("848220", 2023, "JP", "import", 1000.0, 20.0, "pcs")])], ignore_index=True)
    f["production"] = pd.concat([f["production"], _df("category_id year domestic_output_usd", [
        ("BRG-TRB", 2022, 0.0), ("BRG-TRB", 2023, 500.0)])], ignore_index=True)
    f["enterprise_categories"] = _df("enterprise_id year category_id revenue_usd capacity output segment", [
        ("MK_CN", 2023, "BRG-BALL", 400.0, 40.0, 40.0, "mid"), ("MK_CN", 2025, "BRG-BALL", 600.0, 60.0, None, "mid"),
        ("MK_CN2", 2026, "BRG-TRB", 900.0, 30.0, None, "mid")])
    f["projects"] = _df("id name category_id lead_id participants budget_usd start_year end_year "
                        "readiness_level_start readiness_level standards status", [
        ("PRJ-T", "Tapered bearings", "BRG-TRB", "MK_CN2", None, 1e6, 2023, 2025, 4, 7, None, "running")])
    return Dataset(meta=dict(d.meta), frames=f)


TARGETS = pd.DataFrame({"scope": ["BRG-BALL", "BRG-TRB", "PR"],
                        "indicator": ["consumption_share", "qualified_capacity_share", "qualified_capacity_share"],
                        "value": ["0.8", "0.6", "0.5"], "year": ["2025", "2026", "2025"],
                        "source": ["plan", "plan", "plan"]})


def _at(p: pd.DataFrame, scope: str, year: int):
    return p[(p["scope"] == scope) & (p["year"] == year)].iloc[0]


def test_projection_by_hand():
    """y0 = 2023. Unit prices: BRG-BALL median(10, 20) = 15, BRG-TRB median(30, 50) = 40 USD.

    BRG-BALL: MK_CN 40 → 60 pieces/year by 2025, linear: +10 (2024), +20 (2025, 2026);
    A = 150, 300, 300 USD. C(2023) = 760 + 540 − 100 = 1 200, consumption_share 0.633333 →
    0.633333 + 150/1 200 = 0.758333 (2024), + 300/1 200 = 0.883333 (2025). Target 0.8 by 2025:
    path 0.633333 + (0.8 − 0.633333)/2 = 0.716667 in 2024 → on track; 2025: gap 0.8 − 0.883333
    = −0.083333, on track.

    BRG-TRB: MK_CN2 0 → 30 pieces/year by 2026: +10, +20, +30 → A = 400, 800, 1 200 USD.
    C(2023) = 500 + 1 000 = 1 500; qualified_capacity_share 0 (no qualified domestic part).
    MK_CN2 is qualified only when PRJ-T ends (2025): 0 (2024), 800/1 500 = 0.533333 (2025),
    1 200/1 500 = 0.8 (2026). Target 0.6 by 2026, path 0.2, 0.4, 0.6: 2024 off track (gap 0.6),
    2025 on track (gap 0.066667), 2026 on track (gap −0.2).

    PR (product, all its inputs BRG-BALL, weight 1): qualified_capacity_share 400/1 200 = 0.333333
    (MK_CN already qualified in BRG-BALL) → + 150/1 200 = 0.458333 (2024), + 300/1 200 = 0.583333
    (2025). Target 0.5 by 2025: path 0.416667 (2024): on track both years."""
    p = run_localisation(two_categories(), targets=TARGETS, project_to=2026).projection
    a24, a25 = _at(p, "BRG-BALL", 2024), _at(p, "BRG-BALL", 2025)
    assert (a24.projected, a25.projected) == pytest.approx((0.758333, 0.883333), abs=1e-6)
    assert (a24.path, a25.gap, a24.added_capacity_usd) == pytest.approx((0.716667, -0.083333, 150.0), abs=1e-6)
    assert a24.on_track and a25.on_track
    t = [_at(p, "BRG-TRB", y) for y in (2024, 2025, 2026)]
    assert [r.projected for r in t] == pytest.approx([0.0, 0.533333, 0.8], abs=1e-6)
    assert [r.gap for r in t] == pytest.approx([0.6, 0.066667, -0.2], abs=1e-6)
    assert [r.on_track for r in t] == [False, True, True]
    assert [r.added_capacity_usd for r in t] == pytest.approx([0.0, 800.0, 1200.0])
    r24, r25 = _at(p, "PR", 2024), _at(p, "PR", 2025)
    assert (r24.projected, r25.projected, r24.path) == pytest.approx((0.458333, 0.583333, 0.416667), abs=1e-6)
    assert r24.on_track and r25.on_track
    assert sorted(set(p["year"])) == [2024, 2025, 2026]


def test_consumption_share_is_capped_at_one():
    """BRG-TRB consumption_share 500/1 500 = 0.333333 + all additions (qualified or not):
    + 400/1 500 = 0.6 (2024), + 800/1 500 = 0.866667 (2025), 0.333333 + 0.8 = 1.133 → 1 (2026)."""
    tg = pd.DataFrame({"scope": ["BRG-TRB"], "indicator": ["consumption_share"], "value": ["0.9"],
                       "year": ["2026"], "source": ["plan"]})
    p = run_localisation(two_categories(), targets=tg, project_to=2026).projection
    assert list(p["projected"]) == pytest.approx([0.6, 0.866667, 1.0], abs=1e-6)


def test_project_to_must_follow_the_data():
    with pytest.raises(InputError, match="--project-to 2023: not after the last data year 2023"):
        run_localisation(two_categories(), targets=TARGETS, project_to=2023)


def test_cli_project_to_json(tmp_path):
    ds_dir = tmp_path / "ds"
    ds_dir.mkdir()
    for name, df in two_categories().frames.items():
        df.to_csv(ds_dir / f"{name}.csv", index=False)
    (ds_dir / "dataset.toml").write_text('name = "two"\nyear = 2023\ncurrency = "USD"\ncountry = "CN"\n')
    TARGETS.to_csv(tmp_path / "targets.csv", index=False)
    r = CliRunner().invoke(app, ["localisation", "--data", str(ds_dir), "--targets", str(tmp_path / "targets.csv"),
                                 "--project-to", "2025", "--category", "BRG-TRB", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert [(x["scope"], x["year"], x["on_track"]) for x in out["projection"]] == \
        [("BRG-TRB", 2024, False), ("BRG-TRB", 2025, True)]
    assert out["projection"][1]["projected"] == pytest.approx(0.533333, abs=1e-6)
    assert "capacity" in out["method"]["projection"]
    r = CliRunner().invoke(app, ["localisation", "--data", str(ds_dir), "--targets", str(tmp_path / "targets.csv"),
                                 "--project-to", "2025"])
    assert r.exit_code == 0, r.output
    assert "Projection to 2025" in r.output
