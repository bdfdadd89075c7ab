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
    for 2 OEM(s), covering 40% of need": PUMP_CN's 50 pieces x USD 800 = 40 000 USD/year go to
    OEM1, the only one of its buyers with a need (100 pumps x USD 1 000 = 100 000 USD/year);
    OEM2 buys none. Without cases the phrase is absent."""
    from keyparts.priority.assess import run_assessment

    cases = [("PUMP_CN", "OEM1", "batch_supply"), ("PUMP_CN", "OEM2", "small_batch"),
             ("PUMP_JP", "OEM2", "field_trial")]
    t = run_assessment(dataset(cases), n_samples=20).table
    for cid in ("HYD-PUMP", "HYD"):
        assert "1 domestic substitute(s) qualified for 2 OEM(s), covering 40% of need" in t.loc[cid, "drivers"], cid
    assert "qualified for" not in run_assessment(dataset(), n_samples=20).table.loc["HYD-PUMP", "drivers"]


def test_substitute_qualified_for_a_buyer_lowers_the_supply_risk_index():
    """SI_SR = 1 − (1 − 0.5)·coverage (EC 2017 §4.3 stand-in, floor 0.5). No domestic part is
    qualified for everyone; PUMP_CN qualified for OEM1 covers 40 000 of the 100 000 USD/year
    consumed (the need, no trade data): SI_SR = 1 − 0.5 × 0.4 = 0.8, and SR (IR = 1, one origin
    JP of risk 1: HHI_WGI = 1) falls from 1.0 to 0.8. A case for OEM2, which buys no pump,
    covers nothing."""
    from keyparts.priority.assess import run_assessment

    def row(cases):
        return run_assessment(dataset(cases), n_samples=20).table.loc["HYD-PUMP"]
    before, after = row([]), row([("PUMP_CN", "OEM1", "batch_supply")])
    assert before["si_sr"] == pytest.approx(1.0) and before["supply_risk"] == pytest.approx(1.0)
    assert after["buyer_qualified_coverage"] == pytest.approx(0.4)
    assert after["si_sr"] == pytest.approx(0.8) and after["supply_risk"] == pytest.approx(0.8)
    assert row([("PUMP_CN", "OEM2", "batch_supply")])["si_sr"] == pytest.approx(1.0)


def _history_dataset() -> Dataset:
    """PUMP_CN in OEM1's field trial (not yet qualified), and a history of the category: two
    cases of PUMP_JP for OEM2, opened 2024-01-01, reaching small_batch on day 60 (2024-03-01)
    and day 75 (2024-03-16); the PUMP_CN case, opened the same day, is open at the latest
    date in the data (2024-03-16, day 75)."""
    import datetime as dt

    ds = dataset()
    day = lambda n: dt.date(2024, 1, 1) + dt.timedelta(days=n)  # noqa: E731
    stages = ("design_review", "first_article", "bench_test", "system_test", "field_trial")
    ev = [("Q1", day(10 * (i + 1)) if i < 4 else day(60), s, "pass") for i, s in enumerate(stages)]
    ev += [("Q2", day(10 * (i + 1)) if i < 4 else day(75), s, "pass") for i, s in enumerate(stages)]
    ev += [("Q3", day(5 * (i + 1)), s, "pass") for i, s in enumerate(stages[:4])]
    frames = dict(ds.frames)
    frames["qualification_cases"] = _df("id part_id oem_id stage opened", [
        ("Q1", "PUMP_JP", "OEM2", "small_batch", day(0)), ("Q2", "PUMP_JP", "OEM2", "small_batch", day(0)),
        ("Q3", "PUMP_CN", "OEM1", "field_trial", day(0))])
    frames["qualification_events"] = _df("case_id date stage decision", ev)
    return Dataset(meta=ds.meta, frames=frames)


def test_unqualified_substitute_supplies_after_the_categorys_median_time_to_qualify():
    """Kaplan–Meier of days to small_batch in HYD-PUMP: Q1 60 (event), Q2 75 (event), Q3
    censored at 75. S(60) = 1 − 1/3 = 2/3; S(75) = 2/3 · (1 − 1/2) = 1/3 <= 0.5 -> median
    Q = 75 days. PUMP_CN (50 of OEM1's 100 pumps) then supplies from max(R, Q) = 75: lost =
    output/365·[1·60 + 1·15 + 0.5·15] -> output fraction = 1 − 82.5/90 = 7.5/90 = 1/12.
    Given qualify_days: 30 -> from max(60, 30) = 60, as if qualified: 1/6; 100 > D: 0."""
    ds = _history_dataset()
    for q, expected in ((None, 1 / 12), (75, 1 / 12), (30, 1 / 6), (100, 0.0)):
        sc = Scenario(embargo=("JP",), duration_days=90, inventory_days=0, ramp_up_days=60, qualify_days=q)
        assert float(run_scenario(ds, sc).products.loc["EXC", "output_fraction"]) == pytest.approx(expected, abs=1e-12), q
