"""Localisation rates, targets and the LMDI decomposition on a two-year dataset derived by hand."""

from __future__ import annotations

import json
import math
import pickle

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from keyparts.cli import app
from keyparts.dataset import load_sample
from keyparts.dataset.model import Dataset
from keyparts.errors import InputError
from keyparts.programme.lmdi import lmdi_additive, log_mean
from keyparts.programme.localisation import run_localisation, year_shares
from keyparts.supply import build_supply_model, exposure


def _df(cols: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=cols.split())


def two_years() -> Dataset:
    """Home CN. One category BRG-BALL (HS 848210) under family BRG. Product PR (10 units/year)
    needs 2 x P_CN (CN maker, qualified, USD 10, capacity 40/year) and 1 x P_JP (JP maker, USD 20).
    Trade: 2022 imports 600 USD / 60 pcs, exports 100; 2023 imports 540 USD / 45 pcs, exports 100.
    Production of BRG-BALL: 500 (2022), 760 (2023)."""
    return Dataset(meta={"name": "two years", "year": 2023, "country": "CN"}, frames={
        "countries": _df("code name risk export_control", [("CN", "China", 5.0, 1.0), ("JP", "Japan", 2.0, 1.0)]),
        "categories": _df("id name name_zh parent_id level hs_codes", [
            ("BRG", "Rolling bearings", None, None, "family", None),
            ("BRG-BALL", "Ball bearings", None, "BRG", "category", "848210")]),
        "enterprises": _df("id name kind country region", [
            ("OEM", "OEM", "oem", "CN", None), ("MK_CN", "CN maker", "parts_maker", "CN", None),
            ("MK_JP", "JP maker", "parts_maker", "JP", None)]),
        "parts": _df("id maker_id category_id designation status unit_price_usd annual_capacity", [
            ("P_CN", "MK_CN", "BRG-BALL", "6205", "qualified", 10.0, 40.0),
            ("P_JP", "MK_JP", "BRG-BALL", "6205", "production", 20.0, 1000.0)]),
        "products": _df("id oem_id name industry annual_units unit_value_usd", [
            ("PR", "OEM", "Spindle", "machine tools", 10.0, 1000.0)]),
        "bom": _df("parent_id child_id qty essential", [("PR", "P_CN", 2.0, True), ("PR", "P_JP", 1.0, True)]),
        "trade": _df("hs_code year partner_country flow value_usd quantity unit", [
            ("848210", 2022, "JP", "import", 600.0, 60.0, "pcs"), ("848210", 2022, "JP", "export", 100.0, 5.0, "pcs"),
            ("848210", 2023, "JP", "import", 540.0, 45.0, "pcs"), ("848210", 2023, "JP", "export", 100.0, 5.0, "pcs")]),
        "production": _df("category_id year domestic_output_usd", [("BRG-BALL", 2022, 500.0), ("BRG-BALL", 2023, 760.0)]),
        "sourcing": _df("buyer_id item_id supplier_id origin_country share", []),
        "parameters": _df("category_id name unit kind description", []),
        "part_values": _df("part_id parameter value unit", []),
    })


def _row(df, key, id_, year):
    return df[(df[key] == id_) & (df["year"] == year)].iloc[0]


def test_three_shares_by_hand():
    """consumption_share = 1 − IR: 2022 C = 500 + 600 − 100 = 1 000, IR = 500/1 000 → 0.5;
    2023 C = 760 + 540 − 100 = 1 200, IR = 440/1 200 → 1 − 0.36667 = 0.63333.
    bom_value_share: need 20 x P_CN x USD 10 = 200 (CN), 10 x P_JP x 20 = 200 (JP) → 0.5 both years.
    qualified_capacity_share: 40 x USD 10 = 400 of qualified domestic capacity / C → 0.4, 0.33333.
    Product PR per unit: domestic 2 x 10 = 20 of 40 → 0.5; capacity and consumption shares are
    the value-weighted means of its one category: 0.4 / 0.33333 and 0.5 / 0.63333."""
    r = run_localisation(two_years())
    for cid in ("BRG-BALL", "BRG"):   # the family holds only BRG-BALL
        a, b = _row(r.categories, "category_id", cid, 2022), _row(r.categories, "category_id", cid, 2023)
        assert (a.consumption_share, b.consumption_share) == pytest.approx((0.5, 1 - 440 / 1200))
        assert (a.bom_value_share, b.bom_value_share) == pytest.approx((0.5, 0.5))
        assert (a.qualified_capacity_share, b.qualified_capacity_share) == pytest.approx((0.4, 400 / 1200))
    p22, p23 = _row(r.products, "product_id", "PR", 2022), _row(r.products, "product_id", "PR", 2023)
    assert (p22.bom_value_share, p22.qualified_capacity_share, p22.consumption_share) == pytest.approx((0.5, 0.4, 0.5))
    assert (p23.bom_value_share, p23.qualified_capacity_share, p23.consumption_share) == \
        pytest.approx((0.5, 400 / 1200, 1 - 440 / 1200))
    i23 = _row(r.industries, "industry", "machine tools", 2023)   # its one product
    assert (i23.bom_value_share, i23.qualified_capacity_share) == pytest.approx((0.5, 400 / 1200))


def test_lmdi_decomposition_by_hand():
    """M = (C/p)(M/C)p. 2022: C 1 000, p = 600/60 = 10, volume 100, import share 0.6; 2023: C 1 200,
    p = 540/45 = 12, volume 100, share 0.45. ΔM = −60. L(540, 600) = −60/ln 0.9 = 569.4741;
    volume 569.4741 ln 1 = 0; substitution 569.4741 ln 0.75 = −163.8273; price 569.4741 ln 1.2 =
    103.8273; −163.8273 + 103.8273 = −60 (Ang 2005, Table 1, additive LMDI-I: no residual)."""
    d = run_localisation(two_years()).decomposition
    row = d[d["category_id"] == "BRG-BALL"].iloc[0]
    assert (row.year_from, row.year_to, row.delta_imports_usd) == (2022, 2023, -60.0)
    assert row.volume_effect_usd == pytest.approx(0.0, abs=1e-9)
    assert row.substitution_effect_usd == pytest.approx(-163.8273, abs=1e-4)
    assert row.price_effect_usd == pytest.approx(103.8273, abs=1e-4)
    assert row.price_unit == "pcs"


def test_log_mean_and_effects_sum_to_the_change():
    """L(a, a) = a; L(e, 1) = (e − 1)/1; effects of V = x·y add up to V1 − V0 (2·3 → 4·5: 14)."""
    assert log_mean(np.array([2.0, math.e]), np.array([2.0, 1.0])) == pytest.approx([2.0, math.e - 1])
    eff = lmdi_additive({"x": np.array([2.0]), "y": np.array([3.0])}, {"x": np.array([4.0]), "y": np.array([5.0])})
    assert eff["x"][0] + eff["y"][0] == pytest.approx(14.0)
    assert np.isnan(lmdi_additive({"x": np.array([0.0])}, {"x": np.array([1.0])})["x"][0])


def test_targets_gap_and_needed_trend_by_hand():
    """BRG-BALL consumption_share 0.7 by 2025: actual 0.63333 (2023), gap 0.06667, 2 years left,
    needed 0.03333 a year; observed slope (0.63333 − 0.5)/1 = 0.13333 → 0.9 by 2025: on track.
    PR qualified_capacity_share 0.5 by 2025: actual 0.33333, gap 0.16667, needed 0.08333 a year,
    observed −0.06667 a year: not on track."""
    tg = pd.DataFrame({"scope": ["BRG-BALL", "PR"], "indicator": ["consumption_share", "qualified_capacity_share"],
                       "value": ["0.7", "0.5"], "year": ["2025", "2025"], "source": ["plan", "plan"]})
    t = run_localisation(two_years(), targets=tg).targets.set_index("scope")
    a, b = t.loc["BRG-BALL"], t.loc["PR"]
    assert (a.actual_year, a.years_left) == (2023, 2)
    assert (a.gap, a.needed_per_year, a.observed_per_year) == pytest.approx((0.7 - 0.633333, 0.0333333, 0.133333), abs=1e-6)
    assert a.on_track
    assert (b.gap, b.needed_per_year, b.observed_per_year) == pytest.approx((0.5 - 1 / 3, 0.0833333, -0.0666667), abs=1e-6)
    assert not b.on_track


@pytest.mark.parametrize("col, bad, msg", [
    ("value", "70", "targets.csv:2:value: '70' is not a share 0-1"),
    ("scope", "NOPE", "targets.csv:2:scope: 'NOPE' is not a category or product id"),
    ("indicator", "self_sufficiency", "targets.csv:2:indicator"),
])
def test_bad_targets_name_row_and_column(col, bad, msg):
    tg = pd.DataFrame({"scope": ["BRG-BALL"], "indicator": ["consumption_share"], "value": ["0.7"],
                       "year": ["2025"], "source": ["plan"]})
    tg[col] = bad
    with pytest.raises(InputError, match=msg):
        run_localisation(two_years(), targets=tg)


def test_product_bom_share_is_one_minus_exposure_imported_share():
    """Two code paths on the sample: the localisation roll-up and supply.exposure agree."""
    ds = load_sample()
    m = build_supply_model(ds.frames, home="CN", year=2023)
    p = year_shares(m)[1].set_index("product_id")
    ex = exposure(m)
    assert np.allclose(p.loc[ex.products.index, "bom_value_share"], 1 - ex.products["imported_share"])
    ind = year_shares(m)[2].set_index("industry")
    assert np.allclose(ind.loc[ex.industries.index, "bom_value_share"], 1 - ex.industries["imported_share"])


def test_cli_json_shape_and_result_pickles(tmp_path):
    ds_dir = tmp_path / "ds"
    ds_dir.mkdir()
    d = two_years()
    for name, df in d.frames.items():
        df.to_csv(ds_dir / f"{name}.csv", index=False)
    (ds_dir / "dataset.toml").write_text('name = "two"\nyear = 2023\ncurrency = "USD"\ncountry = "CN"\n')
    r = CliRunner().invoke(app, ["localisation", "--data", str(ds_dir), "--category", "BRG-BALL", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert [(s["category_id"], s["year"]) for s in out["series"]] == [("BRG-BALL", 2022), ("BRG-BALL", 2023)]
    assert set(out["series"][0]) == {"category_id", "year", "consumption_share", "bom_value_share",
                                     "qualified_capacity_share"}
    assert "LMDI-I additive" in out["method"]["decomposition"]
    r = CliRunner().invoke(app, ["localisation", "--data", str(ds_dir), "--product", "XX"])
    assert r.exit_code == 2 and "--product XX" in r.output
    pickle.loads(pickle.dumps(run_localisation(d)))
