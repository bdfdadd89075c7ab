"""The bundled sample (src/keyparts/data/sample) assessed end to end, checked against the
published figures it encodes:

* China's bearing trade 2023 (China Bearing Industry Association): imports USD 3.838 bn, exports
  USD 6.581 bn -> a trade surplus, so the family's IR is max(0, (M − X)/(Q + M − X)) = 0.
* Fasteners (HS 7318): China's import unit value USD 11.63/kg vs export unit value USD 2 360/t
  -> import/export unit-value ratio 11.63/2.36 = 4.93 (FAST-S, a secondary source:
  chwang.com summary of a market report quoting customs data; src/keyparts/data/README.md).
* Every top-10 category carries its drivers in words (top origin and share, IR, products).
"""

from pathlib import Path

import pytest

import keyparts

SAMPLE = Path(keyparts.__file__).parent / "data" / "sample"


@pytest.fixture(scope="module")
def res():
    """The sample ships with the package: a missing or invalid sample is a failure, not a skip."""
    from keyparts.dataset.io import read_dataset
    from keyparts.dataset.validate import validate_and_type
    from keyparts.priority.assess import run_assessment
    ds = validate_and_type(read_dataset(SAMPLE))
    return run_assessment(ds, year=2023, n_samples=200, seed=0)


def test_bearing_family_matches_cbia_2023(res):
    t = res.table
    assert t.loc["BRG", "imports_usd"] == pytest.approx(3.838e9, rel=1e-6)
    assert t.loc["BRG", "exports_usd"] == pytest.approx(6.581e9, rel=1e-6)
    assert t.loc["BRG", "import_reliance"] == 0.0


def test_fastener_unit_value_ratio_matches_published(res):
    assert res.table.loc["FST", "unit_value_ratio"] == pytest.approx(11.63 / 2.36, rel=0.01)
    assert "high_end_gap" in res.table.loc["FST", "flags"]


def test_top_ten_name_their_drivers(res):
    top = res.ranked().head(10)
    assert len(top) == 10
    for cid, r in top.iterrows():
        assert "import reliance" in r["drivers"] and "needed by" in r["drivers"], cid
        assert r["top_origin"] in r["drivers"], cid
        assert 0.0 <= r["p_top_n"] <= 1.0


def test_piston_pump_indicators_match_hand_calculation(res):
    """HYD-PPUMP (HS 841350), 2023 rows of the sample's trade.csv and production.csv, by hand:
    imports USD 1 400 m — JP 448, DE 420, US 140, KR 112, IT 112, SE 42, FR 42, CH 28, GB 28,
    AT 28 -> shares .32 .30 .10 .08 .08 .03 .03 .02 .02 .02; exports USD 900 m; domestic output
    HYD-PPUMP-HP 900 m + HYD-PPUMP-AERO 30 m = 930 m.
    IR = (1400 − 900)/(930 + 1400 − 900) = 500/1430 = 0.349650;
    HHI = .1024 + .09 + .01 + 2·.0064 + 2·.0009 + 3·.0004 = 0.2182;
    HHI_WGI,t = Σ s²·risk·t (countries.csv) = .1024·2.4·1.2 + .09·2.2·1.1 + .01·3·1.4
    + .0064·3·1.05 + .0064·3.8·1.1 + .0009·(1.8 + 2.8)·1.1 + .0004·(1.6 + 2.6 + 2.2)·1.1 = 0.608994."""
    r = res.table.loc["HYD-PPUMP"]
    assert r["ir_method"] == "trade"
    assert r["import_reliance"] == pytest.approx(500 / 1430, rel=1e-9)
    assert r["consumption_usd"] == pytest.approx(1430e6, rel=1e-9)
    assert r["hhi"] == pytest.approx(0.2182, rel=1e-9)
    assert r["hhi_risk"] == pytest.approx(0.608994, rel=1e-6)
    assert r["top_origin"] == "JP" and r["top_origin_share"] == pytest.approx(0.32, rel=1e-9)
