"""Specialised makers in supply risk and matching (issue 16; docs/methods.md, "Specialised makers").

Hand case on the dataset of ``tests/supply/test_qualified_loop.py``: one excavator OEM needs
100 pumps a year, bought from Japan at USD 1 000; a domestic maker MK_CN makes PUMP_CN, now in
production, with capacity 50 pumps/year at USD 800, so its qualified domestic capacity is
50 × 800 = USD 40 000/year against a consumption of 100 × 1 000 = USD 100 000/year:

* without a registry, coverage = 40 000 / 100 000 = 0.4 and SI_SR = 1 − (1 − SI_FLOOR)·0.4;
* with MK_CN fully specialised (one key category: C = 1; niche share 0.12 ≥ 0.10: N = 1;
  R&D 7 % ≥ 6 %: R = 1; S = 1) and β = 0.25, coverage = 0.4·(1 + 0.25·1) = 0.5 and
  SI_SR = 1 − (1 − SI_FLOOR)·0.5;
* with S = 0.5 (C = 1, N = 0.05/0.10 = 0.5, R = 0: no R&D), coverage = 0.4·1.125 = 0.45.
"""

from __future__ import annotations

import pandas as pd
import pytest

from keyparts.priority.assess import run_assessment
from keyparts.priority.criticality import SI_FLOOR
from tests.supply.test_qualified_loop import dataset


def _registry(niche: float, rd: float) -> dict[str, pd.DataFrame]:
    return {"enterprise_years": pd.DataFrame({"enterprise_id": ["MK_CN"], "year": [2024],
                                              "revenue_usd": [1e7], "rd_spend_usd": [rd * 1e7],
                                              "niche_market_share": [niche]}),
            "enterprise_categories": pd.DataFrame({"enterprise_id": ["MK_CN"], "year": [2024],
                                                   "category_id": ["HYD-PUMP"], "revenue_usd": [1e7],
                                                   "capacity": [50.0], "output": [40.0], "segment": ["high"]})}


def _si_sr(extra: dict | None = None) -> tuple[float, pd.Series]:
    ds = dataset()
    parts = ds.frames["parts"]
    parts.loc[parts["id"] == "PUMP_CN", "status"] = "production"
    ds.frames.update(extra or {})
    t = run_assessment(ds, n_samples=20).table
    return float(t.loc["HYD-PUMP", "si_sr"]), t.loc["HYD-PUMP"]


def test_without_a_registry_substitutability_is_the_plain_coverage():
    si, row = _si_sr()
    assert si == pytest.approx(1 - (1 - SI_FLOOR) * 0.4)
    assert row["specialised_domestic_parts"] == 0


def test_a_fully_specialised_maker_counts_its_capacity_one_quarter_more():
    si, row = _si_sr(_registry(niche=0.12, rd=0.07))
    assert si == pytest.approx(1 - (1 - SI_FLOOR) * 0.5)
    assert row["domestic_coverage"] == pytest.approx(0.4)   # the coverage shown stays physical
    assert row["specialised_domestic_parts"] == 1
    assert "1 qualified domestic part(s) from specialised makers" in row["drivers"]


def test_a_half_specialised_maker_counts_an_eighth_more_and_is_not_called_specialised_below_half():
    si, row = _si_sr(_registry(niche=0.05, rd=0.0))
    assert si == pytest.approx(1 - (1 - SI_FLOOR) * 0.45)
    assert row["specialised_domestic_parts"] == 1  # S = 0.5 is at the threshold
    si, row = _si_sr(_registry(niche=0.02, rd=0.0))  # S = (1 + 0.2 + 0) / 3 = 0.4
    assert si == pytest.approx(1 - (1 - SI_FLOOR) * 0.4 * (1 + 0.25 * 0.4))
    assert row["specialised_domestic_parts"] == 0
