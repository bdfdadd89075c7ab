"""Substitution through qualified interchangeable parts (keyparts.dynamics.substitution), by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from keyparts.dataset import read_dataset, validate_and_type
from keyparts.dynamics import network, simulate
from keyparts.dynamics.from_supply import (plants_of_dataset, run_dynamic_scenario,
                                           substitution_options)
from keyparts.dynamics.substitution import substitution
from keyparts.errors import InputError
from keyparts.supply.scenario import Scenario
from tests.dataset.tiny import TINY, write_tiny


@pytest.mark.parametrize("rule", ["proportional", "priority", "compat-R0"])
def test_two_suppliers_output_recovers_on_the_day_predicted(rule) -> None:
    """Buyer B (firm 2) buys 1/day from S1 (firm 0) and sells 1/day to final demand; S2 (firm
    1), same sector, sells nothing but has 0.5/day spare capacity, open to B after 35 days
    (time to qualify) and ramping up over 5 days. S1 loses half its capacity on day 0 for good.

    B's stock (target 15 days) before production on day t is 15 - 0.5 t (inflow 0.5, use 1):
    full output to day 28, 0.5 on day 29 (stock 0.5), then 0.5 a day. S2 may deliver
    0.5 x (t - 35 + 1) / 5 on day t >= 35: 0.1, 0.2, 0.3, 0.4, then 0.5; B's unmet order
    (1/day and more) takes all of it. It arrives the next day: stock 0.6, 0.7, 0.8, 0.9 on days
    36..39 (each day's stock is yesterday's + 0.5 + S2's - yesterday's use), so B makes 0.6..0.9
    and is back to full output on day 40 = 35 + 5, when 0.5 + 0.5 arrive."""
    net = network([0], [2], [1.0], [0.0, 0.0, 1.0], [0, 0, 1])
    sub = substitution([2], [0], [1], 35, 5, [0.0, 0.5, 0.0], 3)
    res = simulate(net, days=45, delta=[0.5, -1, -1], rationing=rule, substitution=sub,
                   track_firms=[2, 1])
    b, s2 = np.array(res.tracked_production).T
    expected = np.r_[np.ones(29), np.full(7, 0.5), [0.6, 0.7, 0.8, 0.9], np.ones(5)]
    np.testing.assert_allclose(b, expected, atol=1e-12)
    np.testing.assert_allclose(s2[34:41], [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.5], atol=1e-12)
    # without the substitute B stays at 0.5
    res0 = simulate(net, days=45, delta=[0.5, -1, -1], rationing=rule, track_firms=[2])
    assert np.array(res0.tracked_production)[40:, 0] == pytest.approx([0.5] * 5)


def test_spare_capacity_is_shared_and_never_exceeded() -> None:
    """Two buyers (firms 2 and 3) lose their supplier S1 (firm 0) entirely; S2 (firm 1) has 0.3
    a day to spare for both, at once (no delay, no ramp). Each orders at least 1/day, so S2's
    0.3 is split in proportion to their unmet orders and S2 never delivers more than 0.3."""
    net = network([0, 0], [2, 3], [1.0, 2.0], [0.0, 0.0, 1.0, 2.0], [0, 0, 1, 1])
    sub = substitution([2, 3], [0, 0], [1, 1], 0, 0, [0.0, 0.3, 0.0, 0.0], 4)
    res = simulate(net, days=30, delta=[1.0, -1, -1, -1], substitution=sub, track_firms=[1])
    assert np.array(res.tracked_production)[:, 0] == pytest.approx([0.3] * 30)


def test_bad_options() -> None:
    with pytest.raises(InputError, match="own inputs"):
        substitution([1], [0], [1], 0, 0, 0.0, 2)
    with pytest.raises(InputError, match="days >= 0"):
        substitution([1], [0], [0], -1, 0, 0.0, 2)


def _tiny_with_p3(tmp_path: Path):
    """tiny plus P3, a BRG-DGBB-P5 bearing of M1 (CN) with 50 000 a year of capacity at USD 5;
    P1 without capacity, so that only P3 can stand in for the JP bearings."""
    parts = TINY["parts.csv"].replace("qualified,4.5,100000", "qualified,4.5,") + \
        "P3,M1,BRG-DGBB-P5,6205-2RS/P5,qualified,5,50000\n"
    d = write_tiny(tmp_path / "t", parts_csv=parts)
    ds = validate_and_type(read_dataset(d))
    m, pn = plants_of_dataset(ds)
    return ds, m, pn


def test_options_from_interchange_grades_and_qualification(tmp_path) -> None:
    """P3 rated interchangeable for P1: the spindle plant M1|BRG|CN may buy it from M1's
    bearing plant after the category's time to qualify (20 days given); once P3 is qualified
    for M1 (a case at small_batch or later), at once. The bearing plant's spare capacity is
    50 000 x 5 / 365 = 684.93 a day less its pre-shock output 0.4 x 98.63 = 39.45: 645.48.

    In a 60-day JP embargo the spindle plant's stock falls by 0.6u a day, to 3u on day 20; from
    day 20 the substitute may deliver 645.48 x (t - 19) / 10 >= 64.5 >= 0.6u = 59.18 a day, and
    the unmet order to M2 is at least 0.6u, so inflow covers use from then on and X1 loses
    nothing (without substitution it loses 8 days of output, test_from_supply)."""
    ds, m, pn = _tiny_with_p3(tmp_path)
    parts = ds.frames["parts"]
    inter = pd.DataFrame({"part_id": ["P1"], "substitute_id": ["P3"]})
    pn2, sub = substitution_options(pn, m, parts, interchangeable=inter,
                                    qualify_days={"BRG-DGBB-P5": 20.0}, ramp_days=10)
    ids = pn2.network.firm_ids
    opts = {(ids[b], ids[k], d) for b, k, d in zip(sub.buyer, sub.substitute, sub.delay_days,
                                                   strict=True)}
    assert opts == {("M1|BRG|CN", "M1|BRG-DGBB-P5|CN", 20.0)}
    k = ids.index("M1|BRG-DGBB-P5|CN")
    assert sub.spare[k] == pytest.approx(50000 * 5 / 365 - 0.4 * 4 * 2000 * 4.5 / 365)
    res = run_dynamic_scenario(pn2, Scenario(embargo=("JP",), duration_days=60), days=70,
                               substitution=sub)
    assert res.total_lost_value_usd == pytest.approx(0.0, abs=1e-6)
    qf = pd.DataFrame({"part_id": ["P3"], "buyer_id": ["M1"]})
    _, sub2 = substitution_options(pn, m, parts, interchangeable=inter, qualified_for=qf,
                                   qualify_days={"BRG-DGBB-P5": 20.0})
    assert sub2.delay_days.tolist() == [0.0]
    # not interchangeable, not qualified: no option
    _, sub3 = substitution_options(pn, m, parts)
    assert sub3.n_options == 0
