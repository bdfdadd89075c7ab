"""Offers in the allocation and the reasons of every unmet quantity (keyparts.match.plan).

Tiny dataset (conftest): DM1 asks 20 000 pieces of a 45x85x19 deep-groove bearing; P2 (M2, CN,
list price 3.5), P1 (M1, CN, 4.0) and P4 (M3, JP, 9.0) meet it. Risk penalty per piece =
0.5 x price x risk/10 (plan.py): CN risk 3 -> x1.15, JP risk 2 -> x1.10.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from keyparts.dataset.model import Dataset
from keyparts.match.allocate import allocate
from keyparts.match.plan import allocate_dataset


def _offer(**kw) -> pd.DataFrame:
    return pd.DataFrame([{"demand_id": "DM1", "part_id": "P1", "unit_price_usd": 3.0, "capacity": 5000.0, **kw}])


def _unpriced(ds: Dataset) -> Dataset:
    parts = ds.frames["parts"].copy()
    parts["unit_price_usd"] = np.nan
    return Dataset(meta=ds.meta, frames={**ds.frames, "parts": parts}, source="no prices shared")


def test_offer_price_beats_list_price_up_to_its_capacity(tiny, tiny_index):
    """P1 offered at 3.0 for 5 000 pcs: 3.0 x 1.15 = 3.45 < P2's 3.5 x 1.15 = 4.025, so P1 takes its
    5 000 and P2 the other 15 000: cost 5 000 x 3.0 + 15 000 x 3.5 = 67 500 USD."""
    res = allocate_dataset(tiny, index=tiny_index, demand_ids=["DM1"], offers=_offer())
    got = {a["part_id"]: a["quantity"] for a in res.allocations}
    assert got == pytest.approx({"P1": 5000.0, "P2": 15000.0})
    assert res.cost_usd == pytest.approx(67_500.0)
    assert res.shortfall == ()


def test_unmet_quantity_says_no_price_was_shared_and_offer_is_used_up(tiny, tiny_index):
    """No list price visible: only the offer (5 000 pcs) can be bought, 15 000 stay unmet."""
    res = allocate_dataset(_unpriced(tiny), index=tiny_index, demand_ids=["DM1"], offers=_offer())
    assert [(a["part_id"], a["quantity"]) for a in res.allocations] == [("P1", pytest.approx(5000.0))]
    (s,) = res.to_dict()["shortfall"]
    assert s["quantity"] == pytest.approx(15_000.0)
    assert s["reasons"] == ["no maker has shared a price for 2 part(s) that meet it (P2, P4), nor offered one",
                            "capacity exhausted: all that was offered is allocated: P1 (M1, 5000 pcs)"]


def test_unmet_quantity_names_the_filter_no_candidate_passes(tiny, tiny_index):
    """DM3 needs 20 000 h; the 6209s reach 17 796 h at Fr = 3 kN, 1 500 r/min (ISO 281: (35.1/3)^3
    = 1 601.6 Mrev / (60 x 1 500) = 17 796 h), so nothing meets it."""
    res = allocate_dataset(tiny, index=tiny_index, demand_ids=["DM3"])
    (s,) = res.shortfall
    assert s["reasons"] == ["no candidate meets L10h >= 20,000 h at Fr=3kN; Fa=0; n=1500rpm "
                            "(eliminated the last 3 candidate(s))"]


def test_offer_of_a_part_that_does_not_meet_the_demand_is_reported(tiny, tiny_index):
    """P3 (a 6309, D = 100 mm) cannot serve DM1 (D = 85 mm): its offer is named, not used."""
    res = allocate_dataset(_unpriced(tiny), index=tiny_index, demand_ids=["DM1"], offers=_offer(part_id="P3"))
    assert res.allocations == ()
    assert "offered part(s) P3 do not meet the demand (see its matches)" in res.shortfall[0]["reasons"]


def test_pair_capacity_caps_the_pair():
    """One pair, capacity 30 of a demand of 100: 30 delivered, 70 unmet, reason names the pair."""
    pairs = pd.DataFrame([{"demand_id": "D1", "part_id": "a", "supplier_id": "S1", "unit_cost": 1.0,
                           "capacity": 30.0}])
    res = allocate(pd.DataFrame({"demand_id": ["D1"], "quantity": [100.0]}), pairs)
    assert res.allocations[0]["quantity"] == pytest.approx(30.0)
    assert res.shortfall[0]["quantity"] == pytest.approx(70.0)
    assert res.shortfall[0]["reasons"] == ["capacity exhausted: all that was offered is allocated: a (S1, 30 pcs)"]
