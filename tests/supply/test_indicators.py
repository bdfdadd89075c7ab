"""Indicators on the tiny dataset (tests/supply/tiny.py), each value computed by hand.

BRG-ACBB (HS 848210, 2024): M = 60+30+10 = 100 m, X = 20 m, Q = 40 m ->
  consumption = 40+100−20 = 120 m; IR = 80/120 = 0.6667; shares JP .6, DE .3, US .1 ->
  HHI = .36+.09+.01 = 0.46; HHI_WGI,t = .36·1 + .09·1 + .01·2·1.2 = 0.474; top JP, 0.6;
  JP share of consumption = 0.6·100/120 = 0.5 (< 65 %: no CRMA flag); import unit value
  100 m/100 000 pcs = 1000, export 20 m/40 000 = 500 -> ratio 2.0 (high-end gap).
BRG-TRB: M 5, X 50, Q 100 -> IR = max(0, −45/55) = 0.
BRG (family, parent aggregates children): M 105 (JP 65, DE 30, US 10), X 70, Q = 40+100 ->
  IR = 35/175 = 0.2; HHI = (65²+30²+10²)/105² = 0.4739.
HYD-PUMP: M 80 (DE), Q 20 -> IR 0.8; DE = 80/100 of consumption > 65 % -> CRMA flag;
  one partner 100 % >= 80 % and 80 m >= 10 m -> extreme bottleneck. The 2023 row is ignored.
GBX: no trade -> IR from sourcing: GEARBOX bought from CN -> foreign share 0.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keyparts.priority.assess import build_model
from keyparts.supply.concentration import hhi, hhi_wgi_t, shares
from keyparts.supply.indicators import import_reliance
from keyparts.supply.taxonomy import build_taxonomy, hs_allocation
from tests.supply.tiny import tiny_dataset, tiny_frames


@pytest.fixture(scope="module")
def table():
    return build_model(tiny_dataset()).indicators.table


CASES = [  # (category, column, expected, tolerance) — hand calculations in the module docstring
    ("BRG-ACBB", "consumption_usd", 120e6, 1e-9),
    ("BRG-ACBB", "import_reliance", 80 / 120, 1e-12),
    ("BRG-ACBB", "hhi", 0.46, 1e-12),
    ("BRG-ACBB", "hhi_risk", 0.474, 1e-12),
    ("BRG-ACBB", "top_origin_share", 0.6, 1e-12),
    ("BRG-ACBB", "top_origin_share_of_consumption", 0.5, 1e-12),
    ("BRG-ACBB", "unit_value_ratio", 2.0, 1e-12),
    ("BRG-TRB", "import_reliance", 0.0, 0),
    ("BRG", "import_reliance", 0.2, 1e-12),
    ("BRG", "hhi", (65**2 + 30**2 + 10**2) / 105**2, 1e-12),
    ("HYD-PUMP", "import_reliance", 0.8, 1e-12),
    ("HYD", "import_reliance", 0.8, 1e-12),
    ("GBX", "import_reliance", 0.0, 0),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_indicator_matches_hand_calculation(table, case):
    cat, col, expected, tol = case
    assert table.loc[cat, col] == pytest.approx(expected, rel=tol, abs=1e-12)


def test_flags_and_methods(table):
    """Flag rules (keyparts.supply.indicators): CRMA Art. 5(1)(b) one country > 65 % of
    consumption; Trade in a Bottle (JRC136041) one partner >= 80 % of imports and >= USD 10 m;
    high-end gap when import/export unit value >= 1.5 (a declared judgement).
    BRG-ACBB: JP 0.5 of consumption, JP 60 % of imports, unit-value ratio 2.0 -> high_end_gap only.
    HYD-PUMP: DE 80/100 of consumption, DE 100 % of USD 80 m imports -> both trade flags."""
    assert table.loc["BRG-ACBB", "top_origin"] == "JP"
    assert table.loc["BRG-ACBB", "flags"] == ["high_end_gap"]
    assert set(table.loc["HYD-PUMP", "flags"]) == {"one_country_over_65pct", "extreme_bottleneck"}
    assert table.loc["BRG-ACBB", "ir_method"] == "trade"
    assert table.loc["GBX", "ir_method"] == "sourcing"


def test_shared_hs_code_is_split_equally_and_parent_defers_to_child():
    """HS 848210 listed by the family BRG (as 8482) and by two unrelated grades A and B: the
    family defers to its children; A and B get 1/2 each; 848299 goes to the family only."""
    cats = pd.DataFrame({"id": ["BRG", "A", "B"], "name": ["f", "a", "b"], "parent_id": [None, "BRG", "BRG"],
                         "level": ["family", "grade", "grade"], "hs_codes": ["8482", "848210", "848210;848220"]})
    tax = build_taxonomy(cats)
    W = hs_allocation(tax, cats["hs_codes"], np.array(["848210", "848220", "848299"])).toarray()
    np.testing.assert_allclose(W, [[0, 0.5, 0.5], [0, 0, 1], [1, 0, 0]])


def test_hhi_hand_values():
    """Equal shares of 4 origins -> 1/4; one origin -> 1; 0.5/0.5 with risk 2, 4 and t 1, 1.5 ->
    .25·2 + .25·4·1.5 = 2.0 (HHI_WGI,t)."""
    assert hhi(np.full(4, 0.25)) == pytest.approx(0.25)
    assert hhi(np.array([1.0, 0, 0])) == pytest.approx(1.0)
    assert hhi_wgi_t(np.array([0.5, 0.5]), np.array([2.0, 4.0]), np.array([1.0, 1.5])) == pytest.approx(2.0)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 1e9), min_size=1, max_size=30).filter(lambda v: sum(v) > 1e-6))
def test_hhi_lies_between_one_over_n_and_one(values):
    s = shares(np.array(values))
    n = int((s > 0).sum())
    h = float(hhi(s))
    assert 1.0 / n - 1e-12 <= h <= 1.0 + 1e-12


@settings(max_examples=100, deadline=None)
@given(st.floats(0, 1e10), st.floats(0, 1e10), st.floats(0, 1e10))
def test_import_reliance_lies_in_zero_one(q, m, x):
    ir = float(import_reliance(np.array([q]), np.array([m]), np.array([x]))[0])
    assert 0.0 <= ir <= 1.0


def test_sourcing_import_reliance_is_value_weighted_by_bom_need():
    """Without trade, IR of BRG-ACBB comes from sourcing weighted by each buyer's BOM need:
    MK_CN (gearbox maker) needs 4 x 100 gearboxes = 400 pcs x USD 100 = 40 000, all from JP;
    OEM1 needs 6 x 50 spindles = 300 pcs x 100 = 30 000, half JP, half from a CN distributor.
    Foreign = 40 000 + 15 000 = 55 000 of 70 000 -> IR = 0.7857; JP share of foreign supply 1."""
    ds = tiny_dataset()
    del ds.frames["trade"]
    src = ds.frames["sourcing"]
    src.loc[(src.buyer_id == "OEM1") & (src.item_id == "ACBB_JP"), "share"] = 0.5
    ds.frames["sourcing"] = pd.concat([src, pd.DataFrame(
        [("OEM1", "ACBB_JP", "MK_CN", "CN", 0.5)], columns=src.columns)], ignore_index=True)
    t = build_model(ds).indicators.table
    assert t.loc["BRG-ACBB", "ir_method"] == "sourcing"
    assert t.loc["BRG-ACBB", "import_reliance"] == pytest.approx(55 / 70)
    assert t.loc["BRG-ACBB", "top_origin"] == "JP" and t.loc["BRG-ACBB", "hhi"] == pytest.approx(1.0)


def test_foreign_buyers_purchases_are_not_home_imports():
    """GBX has no trade, so IR comes from sourcing: the home OEM buys the gearbox from CN,
    IR = 0 (hand). A German pump maker buying a gearbox made in Japan is Germany's import,
    not China's: adding that row must leave China's IR for GBX at 0."""
    from keyparts.dataset.model import Dataset

    frames = tiny_frames()
    frames["sourcing"] = pd.concat([frames["sourcing"], pd.DataFrame(
        [("MK_DE", "GEARBOX", "MK_JP", "JP", 1.0)], columns=frames["sourcing"].columns)], ignore_index=True)
    t = build_model(Dataset(meta={"name": "tiny", "year": 2024, "country": "CN"}, frames=frames)).indicators.table
    assert t.loc["GBX", "import_reliance"] == 0.0


def test_top_origin_tie_goes_to_the_riskier_country_whatever_the_column_order():
    """DE and JP tie at 40 % (US 20 %). Risk·t: DE 2.2·1.1 = 2.42, JP 2.4·1.2 = 2.88 (the
    sample's countries.csv) -> JP, named the top origin in either column order."""
    from keyparts.supply.concentration import top_origin

    s = np.array([[0.4, 0.4, 0.2]])
    assert top_origin(s, np.array([2.2, 2.4, 2.0]), np.array([1.1, 1.2, 1.0]), np.array(["DE", "JP", "US"]))[0] == 1
    assert top_origin(s, np.array([2.4, 2.2, 2.0]), np.array([1.2, 1.1, 1.0]), np.array(["JP", "DE", "US"]))[0] == 0


def test_top_origin_tie_of_share_and_risk_goes_to_the_first_iso_code():
    """Shares 0.1 + 0.2 (= 0.30000000000000004 in binary) and 0.3 tie within 1e-9; equal
    risk·t 1·1 -> the alphabetically first code: DE (column 2) before JP (column 0)."""
    from keyparts.supply.concentration import top_origin

    s = np.array([[0.1 + 0.2, 0.2, 0.3, 0.2]])
    codes = np.array(["JP", "US", "DE", "KR"])
    assert top_origin(s, np.ones(4), np.ones(4), codes)[0] == 2
    assert top_origin(np.zeros((1, 4)), np.ones(4), np.ones(4), codes).shape == (1,)


def test_category_top_origin_tie_does_not_depend_on_the_countries_file_order():
    """HS 848210 imports JP 45 m, DE 45 m, US 10 m (tiny dataset otherwise): JP and DE tie at
    0.45 of imports with risk·t 1·1 each (tiny.py) -> DE, the first ISO code, with share 0.45;
    the same when countries.csv lists the countries in reverse order."""
    from keyparts.dataset.model import Dataset

    for reverse in (False, True):
        frames = tiny_frames()
        tr = frames["trade"]
        tr.loc[(tr.hs_code == "848210") & (tr.flow == "import") & (tr.partner_country == "JP"), "value_usd"] = 45e6
        tr.loc[(tr.hs_code == "848210") & (tr.flow == "import") & (tr.partner_country == "DE"), "value_usd"] = 45e6
        if reverse:
            frames["countries"] = frames["countries"].iloc[::-1].reset_index(drop=True)
        t = build_model(Dataset(meta={"name": "tiny", "year": 2024, "country": "CN"}, frames=frames)).indicators.table
        assert t.loc["BRG-ACBB", "top_origin"] == "DE"
        assert t.loc["BRG-ACBB", "top_origin_share"] == pytest.approx(0.45)
