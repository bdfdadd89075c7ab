"""A category's yearly trade/production and its multi-tier chain on hand-made frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from keyparts.supply.chain import category_chain
from keyparts.supply.history import trade_history


def _frames() -> dict[str, pd.DataFrame]:
    return {
        "categories": pd.DataFrame({"id": ["A", "A1"], "name": ["Bearings", "Ball bearings"], "parent_id": [None, "A"],
                                    "level": ["family", "category"], "hs_codes": [None, "8482"]}),
        "countries": pd.DataFrame({"code": ["CN", "JP", "DE"]}),
        "trade": pd.DataFrame({"hs_code": ["848210"] * 5, "year": [2022, 2022, 2022, 2023, 2023],
                               "partner_country": ["JP", "DE", "JP", "JP", "DE"],
                               "flow": ["import", "import", "export", "import", "import"],
                               "value_usd": [60.0, 40.0, 10.0, 50.0, 50.0]}),
        "production": pd.DataFrame({"category_id": ["A1"], "year": [2022], "domestic_output_usd": [100.0]}),
    }


def test_trade_history_by_year():
    """2022: Q 100, M 60 + 40, X 10 → IR = (100 − 10)/(100 + 100 − 10) = 90/190 = 0.47368
    (EC 2017); origins JP .6, DE .4. 2023: no Q reported, M 100 → IR (100 − 0)/(0 + 100) = 1.
    The family A sums its subtree (A1)."""
    h = trade_history(_frames())
    for cid in ("A1", "A"):
        tot, sh = h.of(cid)
        assert list(tot.index) == [2022, 2023]
        assert tot.loc[2022, "import_reliance"] == pytest.approx(90 / 190)
        assert tot.loc[2023, "import_reliance"] == pytest.approx(1.0)
        assert math.isnan(tot.loc[2023, "production_usd"]) and tot.loc[2022, "exports_usd"] == 10.0
        assert sh.loc[2022].to_dict() == {"JP": 0.6, "DE": 0.4} and sh.loc[2023, "JP"] == 0.5
    assert h.of("nope")[0].empty


def _chain_frames() -> dict[str, pd.DataFrame]:
    return {
        "parts": pd.DataFrame({"id": ["p1", "p2", "q1"], "category_id": ["C", "C", "D"],
                               "maker_id": ["M1", "M2", "M3"]}),
        "enterprises": pd.DataFrame({"id": ["M1", "M2", "M3", "O1"], "name": ["m1", "m2", "m3", "o1"],
                                     "country": ["CN", "JP", "DE", "CN"]}),
        "products": pd.DataFrame({"id": ["P"], "oem_id": ["O1"], "name": ["Loader"], "industry": ["rail"]}),
        "bom": pd.DataFrame({"parent_id": ["q1", "P", "P"], "child_id": ["p1", "q1", "C"]}),
    }


def test_category_chain_tiers_and_contributors():
    """C is made by M1 (CN) and M2 (JP); q1 (category D, by M3) is built with p1; product P
    (O1, rail) is built with q1 and with a category line C. So: CN→M1, JP→M2, M1/M2→C (public);
    C→D owned by M3; D→rail and C→rail owned by O1; tiers 0 country, 1 maker, 2 C, 3 D, 4 top."""
    ch = category_chain(_chain_frames(), {"C"}, root="C")
    tiers = {k: n["tier"] for k, n in ch.nodes.items()}
    assert tiers == {"category:C": 2, "maker:M1": 1, "maker:M2": 1, "country:CN": 0, "country:JP": 0,
                     "category:D": 3, "industry:rail": 4}
    links = {(lk.source, lk.target): lk.contributors for lk in ch.links}
    assert links == {("country:CN", "maker:M1"): set(), ("country:JP", "maker:M2"): set(),
                     ("maker:M1", "category:C"): set(), ("maker:M2", "category:C"): set(),
                     ("category:C", "category:D"): {"M3"}, ("category:D", "industry:rail"): {"O1"},
                     ("category:C", "industry:rail"): {"O1"}}
    own = category_chain(_chain_frames(), {"C"}, root="C", own="O1")
    assert "product:P" in own.nodes and "industry:rail" not in own.nodes
