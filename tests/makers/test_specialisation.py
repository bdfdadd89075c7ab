"""Specialisation index and category fragmentation on small hand-computed tables."""

from __future__ import annotations

import pandas as pd
import pytest

from keyparts.makers import fragmentation, specialisation_index

CATS = pd.DataFrame({"id": ["BRG", "BRG-A", "BRG-B", "BRG-C"], "parent_id": [None, "BRG", "BRG", "BRG"]})


def test_specialisation_index_by_hand():
    """Firm S: category revenues 6, 3, 1 (USD M) → shares 0.6, 0.3, 0.1, C = 0.36 + 0.09 + 0.01 = 0.46;
    niche share 0.05 → N = 0.05 / 0.10 = 0.5; R&D 0.3 / revenue 10 = 0.03 → R = 0.03 / 0.06 = 0.5;
    S = (0.46 + 0.5 + 0.5) / 3 = 0.48667.
    Firm T: one category → C = 1; niche 0.2 → N = min(2, 1) = 1; R&D 0.9 / 10 = 0.09 → R = 1; S = 1."""
    years = pd.DataFrame({"enterprise_id": ["S", "T"], "year": [2023, 2023], "revenue_usd": [10e6, 10e6],
                          "rd_spend_usd": [0.3e6, 0.9e6], "niche_market_share": [0.05, 0.2]})
    ec = pd.DataFrame({"enterprise_id": ["S", "S", "S", "T"], "year": [2023] * 4,
                       "category_id": ["BRG-A", "BRG-B", "BRG-C", "BRG-A"], "revenue_usd": [6e6, 3e6, 1e6, 8e6]})
    rows = {r["enterprise_id"]: r for r in specialisation_index(years, ec).rows}
    assert rows["S"]["concentration"] == pytest.approx(0.46)
    assert rows["S"]["niche"] == pytest.approx(0.5) and rows["S"]["rd"] == pytest.approx(0.5)
    assert rows["S"]["index"] == pytest.approx(1.46 / 3)
    assert rows["T"]["index"] == pytest.approx(1.0) and rows["T"]["categories"] == 1


def test_specialisation_index_is_none_without_niche_share():
    years = pd.DataFrame({"enterprise_id": ["S"], "year": [2023], "revenue_usd": [10e6], "rd_spend_usd": [0.3e6],
                          "niche_market_share": [None]})
    ec = pd.DataFrame({"enterprise_id": ["S"], "year": [2023], "category_id": ["BRG-A"], "revenue_usd": [1e6]})
    assert specialisation_index(years, ec).rows[0]["index"] is None


def _capacity() -> tuple[pd.DataFrame, pd.DataFrame]:
    """BRG-A: six domestic makers with capacities 40, 20, 10, 10, 10, 10 (segments high, mid, low×4;
    output 30 and 10 on the first two) and one Japanese maker (1 000, not domestic).
    BRG-B: eight domestic makers of 10 each, all low-end. BRG-C: two domestic makers."""
    ent = [("A1", "CN"), ("A2", "CN"), ("A3", "CN"), ("A4", "CN"), ("A5", "CN"), ("A6", "CN"), ("J1", "JP")]
    ent += [(f"B{i}", "CN") for i in range(1, 9)] + [("C1", "CN"), ("C2", "CN")]
    enterprises = pd.DataFrame(ent, columns=["id", "country"])
    rows = [("A1", "BRG-A", 40, 30, "high"), ("A2", "BRG-A", 20, 10, "mid")]
    rows += [(f"A{i}", "BRG-A", 10, None, "low") for i in range(3, 7)] + [("J1", "BRG-A", 1000, None, "high")]
    rows += [(f"B{i}", "BRG-B", 10, None, "low") for i in range(1, 9)]
    rows += [("C1", "BRG-C", 5, None, None), ("C2", "BRG-C", 5, None, None)]
    ec = pd.DataFrame(rows, columns=["enterprise_id", "category_id", "capacity", "output", "segment"]).assign(year=2023)
    return ec, enterprises


def test_cr4_and_hhi_of_domestic_capacity_by_hand():
    """BRG-A shares 0.4, 0.2, 0.1 × 4 (total 100; J1 is Japanese and left out):
    CR4 = 0.4 + 0.2 + 0.1 + 0.1 = 0.8; HHI = 0.16 + 0.04 + 4 × 0.01 = 0.24; low-end share = 40 / 100 = 0.4;
    utilisation = (30 + 10) / (40 + 20) = 0.6667; HHI 0.24 >= 0.15 → not fragmented.
    BRG-B: 8 × 0.125 → CR4 = 0.5, HHI = 8 × 0.015625 = 0.125 < 0.15, all low-end → the finding."""
    ec, ent = _capacity()
    rows = {r["category_id"]: r for r in fragmentation(ec, ent, CATS, country="CN").rows}
    a = rows["BRG-A"]
    assert (a["makers"], a["capacity"]) == (6, 100.0)
    assert a["cr4"] == pytest.approx(0.8) and a["hhi"] == pytest.approx(0.24)
    assert a["low_end_share"] == pytest.approx(0.4) and a["utilisation"] == pytest.approx(40 / 60)
    assert a["fragmented"] is False and a["finding"] is None
    b = rows["BRG-B"]
    assert b["cr4"] == pytest.approx(0.5) and b["hhi"] == pytest.approx(0.125)
    assert b["fragmented"] is True and "many small makers of low-end parts" in b["finding"]


def test_family_rolls_up_its_categories_and_small_cells_are_suppressed():
    """BRG = 6 + 8 + 2 = 16 makers, capacity 100 + 80 + 10 = 190. BRG-C has 2 makers < k_min 3: suppressed."""
    ec, ent = _capacity()
    rows = {r["category_id"]: r for r in fragmentation(ec, ent, CATS, country="CN", k_min=3).rows}
    assert rows["BRG"]["makers"] == 16 and rows["BRG"]["capacity"] == pytest.approx(190.0)
    assert rows["BRG-C"]["suppressed"] is True and rows["BRG-C"]["hhi"] is None
