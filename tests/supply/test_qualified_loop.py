"""Issue 13's loop: a substitute qualified for a buyer supplies that buyer in a scenario.

Hand case (acceptance test of issue 13). One excavator OEM (OEM1, CN) builds 100 excavators a
year, each with one pump PUMP_JP bought only from Japan (share 1). A domestic pump PUMP_CN of
the same category is a prototype (not qualified for anyone) with capacity 50 pumps/year, half
the buyer's need of 100. Embargo JP for D = 90 days, no inventory (I = 0), ramp-up R = 60 days:

* no case, or a case still at field_trial: nothing replaces the pump, f⁰ = f¹ = 0 -> output 0.
* a case of PUMP_CN for OEM1 at batch_supply (or small_batch): after the ramp-up the pump
  covers min(1, 50/100) = 0.5 of the lost need, f¹ = 0.5; lost = output/365·[(1 − 0)·60 +
  (1 − 0.5)·30] = output/365·75 -> output fraction = 1 − 75/90 = 15/90 = (30 × 0.5)/90 = 1/6.
* the same case for another OEM (OEM2) does not help OEM1: output 0.
"""

from __future__ import annotations

import pandas as pd
import pytest

from keyparts.dataset.model import Dataset
from keyparts.priority.assess import run_scenario
from keyparts.supply.scenario import Scenario

EMBARGO = Scenario(embargo=("JP",), duration_days=90, inventory_days=0, ramp_up_days=60)


def _df(cols: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=cols.split())


def dataset(cases: list[tuple[str, str, str]] = ()) -> Dataset:
    frames = {
        "countries": _df("code name risk export_control", [("CN", "China", 4.0, 1.0),
                                                          ("JP", "Japan", 1.0, 1.0)]),
        "categories": _df("id name name_zh parent_id level hs_codes", [
            ("HYD", "Hydraulics", None, None, "family", None),
            ("HYD-PUMP", "Hydraulic piston pumps", None, "HYD", "category", None)]),
        "enterprises": _df("id name kind country region", [
            ("OEM1", "Excavator OEM", "oem", "CN", None), ("OEM2", "Loader OEM", "oem", "CN", None),
            ("MK_JP", "JP pump maker", "parts_maker", "JP", None),
            ("MK_CN", "CN pump maker", "parts_maker", "CN", None)]),
        "parts": _df("id maker_id category_id designation status unit_price_usd annual_capacity", [
            ("PUMP_JP", "MK_JP", "HYD-PUMP", "A-112", "production", 1000.0, 1e5),
            ("PUMP_CN", "MK_CN", "HYD-PUMP", "AP-112", "prototype", 800.0, 50.0)]),
        "products": _df("id oem_id name industry annual_units unit_value_usd", [
            ("EXC", "OEM1", "Excavator", "construction", 100.0, 100000.0)]),
        "bom": _df("parent_id child_id qty essential", [("EXC", "PUMP_JP", 1.0, True)]),
        "sourcing": _df("buyer_id item_id supplier_id origin_country share",
                        [("OEM1", "PUMP_JP", "MK_JP", "JP", 1.0)]),
        "qualification_cases": _df("part_id oem_id stage", list(cases)),
    }
    return Dataset(meta={"country": "CN", "year": 2024}, frames=frames)


def _fraction(cases) -> float:
    return float(run_scenario(dataset(cases), EMBARGO).products.loc["EXC", "output_fraction"])


def test_embargo_of_the_only_origin_without_a_qualified_substitute_stops_output():
    assert _fraction([]) == pytest.approx(0.0, abs=1e-12)
    assert _fraction([("PUMP_CN", "OEM1", "field_trial")]) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("stage", ["small_batch", "batch_supply"])
def test_substitute_qualified_for_the_buyer_supplies_after_the_ramp_up(stage):
    assert _fraction([("PUMP_CN", "OEM1", stage)]) == pytest.approx(1 / 6)


def test_substitute_qualified_for_another_buyer_does_not_count():
    assert _fraction([("PUMP_CN", "OEM2", "batch_supply")]) == pytest.approx(0.0, abs=1e-12)


def test_substitute_capacity_is_not_counted_twice_for_two_buyers_of_one_part():
    """Two cases of the same part (OEM1 and OEM2): OEM2 has no lost need here, so OEM1 still
    gets min(1, 50/100) = 0.5 -> 1/6; the part's 50 pieces are one pool, not 2 x 50."""
    assert _fraction([("PUMP_CN", "OEM1", "batch_supply"),
                      ("PUMP_CN", "OEM2", "batch_supply")]) == pytest.approx(1 / 6)


def test_drivers_name_the_substitutes_qualified_by_buyers():
    """PUMP_CN qualified by OEM1 (batch_supply) and OEM2 (small_batch), and a field_trial case
    that does not count: HYD-PUMP and its family HYD read "1 domestic substitute(s) qualified
    by 2 OEM(s)"; without cases the phrase is absent."""
    from keyparts.priority.assess import run_assessment

    cases = [("PUMP_CN", "OEM1", "batch_supply"), ("PUMP_CN", "OEM2", "small_batch"),
             ("PUMP_JP", "OEM2", "field_trial")]
    t = run_assessment(dataset(cases), n_samples=20).table
    for cid in ("HYD-PUMP", "HYD"):
        assert "1 domestic substitute(s) qualified by 2 OEM(s)" in t.loc[cid, "drivers"], cid
    assert "qualified by" not in run_assessment(dataset(), n_samples=20).table.loc["HYD-PUMP", "drivers"]
