"""Two- and three-firm cases worked by hand from the model's equations (Inoue & Todo 2019,
Methods; Hallegatte 2008, Risk Analysis 28:779). Defaults: target inventory n = 15 days,
tau = 6 days; amounts per day."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from keyparts.dynamics import network, ration, simulate
from keyparts.errors import InputError


def toy():
    """Firms 1 and 2 sell 100/day to each other and 100/day to final demand: P0 = 200 each."""
    return network([0, 1], [1, 0], [100.0, 100.0], [100.0, 100.0], [1001, 1002])


def test_two_firms_proportional_first_two_days() -> None:
    """Firm 1 loses delta = 0.1 on day 0.

    Day 0: inventories S = 15 x 100 = 1500 stay (100 arrive, 100 used); orders are 100;
    D = 200 each; P1 = min(0.9 x 200, 1500/100 x 200, 200) = 180, P2 = 200: total 380.
    Firm 1 serves 180/200 = 0.9 of its orders: 90 to firm 2, 90 to final demand; firm 2 serves
    all: final consumption 190.
    Day 1: S_1,2 = 1500 + 100 - 1500 x (180/200 x 100/1500) = 1510 and S_2,1 = 1500 + 90 - 100 =
    1490. Orders O_1,2 = 100 x 0.9 + (15 x 100 x 0.9 - 1510)/6 = 63.333 and O_2,1 = 100 +
    (1500 - 1490)/6 = 101.667. D1 = 201.667, D2 = 163.333; P1 = 180, P2 = 163.333: total
    343.333. Final consumption 100 x 180/201.667 + 100 = 189.256.
    """
    res = simulate(toy(), days=2, delta=[0.1, -1])
    assert res.production == pytest.approx((380.0, 180 + 490 / 3), rel=1e-12)
    assert res.final_consumption == pytest.approx((190.0, 100 + 100 * 180 / (605 / 3)), rel=1e-12)
    assert res.baseline_production == 400.0
    assert res.production_loss == pytest.approx(20 + (400 - 180 - 490 / 3), rel=1e-12)


def test_two_firms_priority_serves_the_customer_before_final_demand() -> None:
    """Same shock, priority rule. Day 0: firm 1 makes 180, sends firm 2 its full order 100 and
    final demand the remaining 80: final consumption 80 + 100 = 180.
    Day 1: S_2,1 = 1500 + 100 - 100 = 1500, so firm 2 orders 100; firm 1 orders 63.333 as in
    the proportional case. D1 = 200, P1 = 180 (capacity): 100 to firm 2, 80 to final demand;
    P2 = D2 = 163.333. Totals 343.333 and 180."""
    res = simulate(toy(), days=2, delta=[0.1, -1], rationing="priority")
    assert res.production == pytest.approx((380.0, 180 + 490 / 3), rel=1e-12)
    assert res.final_consumption == pytest.approx((180.0, 180.0), rel=1e-12)


def test_three_firm_chain_loses_the_damaged_link_downstream_and_upstream() -> None:
    """A -> B -> C, 100/day each, C sells 100/day to final demand; P0 = 100 for all three.
    B loses half its capacity on day 0.
    Day 0: P_A = 100, P_B = min(50, 100) = 50, P_C = 100 (inventory 1500): total 250; B sends C
    half its order (50).
    Day 1: S_B,A = 1500 + 100 - 1500 x (50/100 x 100/1500) = 1550, so B orders
    100 x 0.5 + (15 x 100 x 0.5 - 1550)/6 < 0 -> 0 and A makes 0; S_C,B = 1500 + 50 - 100 =
    1450, C orders 100 + 50/6 = 108.33; P_B = 50, P_C = 100: total 150. Final consumption
    stays 100 both days (C's inventory covers it)."""
    net = network([0, 1], [1, 2], [100.0, 100.0], [0.0, 0.0, 100.0], [1, 2, 3])
    res = simulate(net, days=2, delta=[-1, 0.5, -1])
    assert res.production == pytest.approx((250.0, 150.0), rel=1e-12)
    assert res.final_consumption == pytest.approx((100.0, 100.0), rel=1e-12)


@pytest.mark.parametrize("same_sector,expected", [(True, 250 / 6), (False, 0.0)])
def test_inputs_of_one_sector_pool_and_the_scarcest_sector_limits(same_sector, expected) -> None:
    """C buys 50/day from A1 and 50/day from A2 and sells 100/day to final demand; no target
    inventory (n = 0). A1 loses all capacity on day 0.
    Day 0: C holds yesterday's deliveries (50 + 50) and makes 100; it orders
    50 + (0 - 50)/6 = 41.667 from each; A1 makes 0, A2 makes and sends 41.667.
    Day 1: S_C,A1 = 50 + 0 - 50 = 0 and S_C,A2 = 50 + 41.667 - 50 = 41.667. One sector:
    41.667/100 x 100 = 41.667 can be made; two sectors: A1's sector allows 0/50 x 100 = 0
    (Leontief)."""
    sector = [1, 1, 9] if same_sector else [1, 2, 9]
    net = network([0, 1], [2, 2], [50.0, 50.0], [0.0, 0.0, 100.0], sector)
    res = simulate(net, days=2, delta=[1.0, -1, -1], inventory_days=0, firm_snapshots=(1,))
    assert res.firm_production[1][2] == pytest.approx(expected, abs=1e-12)


def test_proportional_recovery_restores_capacity_in_n_days() -> None:
    """A firm without suppliers or customers (final demand 100) loses delta = 0.4 on day 0
    with N = 4: capacity 60, 70, 80, 90, 100 on days 0..4 (delta falls 0.1 a day after each
    day's production)."""
    net = network([], [], [], [100.0], [1])
    res = simulate(net, days=6, delta=[0.4], recovery="proportional", recovery_days=4)
    assert res.production == pytest.approx((60, 70, 80, 90, 100, 100), rel=1e-12)


def test_a_later_shock_day_starts_the_loss_that_day() -> None:
    """Same firm, delta = 0.5 from day 2 without recovery: 100, 100, 50, 50."""
    net = network([], [], [], [100.0], [1])
    res = simulate(net, days=4, delta=[0.5], shock_day=[2])
    assert res.production == pytest.approx((100, 100, 50, 50))


# --- rationing of one supplier: P = 100; customers' pre-shock orders 50, 30, 20 and orders
# 50, 15, 40 (order ratios 1, 0.5, 2); final demand 20; D = 125.
ONE = dict(output=np.array([100.0]), demand=np.array([125.0]), final_demand=np.array([20.0]),
           supplier=np.zeros(3, dtype=np.int64), order=np.array([50.0, 15.0, 40.0]),
           initial_order=np.array([50.0, 30.0, 20.0]))


def _r(rule, **over):
    kw = ONE | over
    return ration(rule, kw["output"], kw["demand"], kw["final_demand"], kw["supplier"],
                  kw["order"], kw["initial_order"])


def test_proportional_rationing_by_hand() -> None:
    """Everyone gets 100/125 = 0.8 of what it asked: 40, 12, 32 and 16 to final demand."""
    x, fc = _r("proportional")
    assert x == pytest.approx([40, 12, 32]) and fc == pytest.approx([16])


def test_priority_rationing_by_hand() -> None:
    """Orders (105) exceed P: final demand gets 0; level L with 50 min(1,L) + 30 min(0.5,L) +
    20 min(2,L) = 100: at L = 1 the cost is 85, at 2 it is 105, so 65 + 20 L = 100, L = 1.75:
    50, 15, 35."""
    x, fc = _r("priority")
    assert x == pytest.approx([50, 15, 35]) and fc == pytest.approx([0])
    x, fc = _r("compat-R3")
    assert x == pytest.approx([50, 15, 35]) and fc == pytest.approx([0])


def test_compat_r2_treats_final_demand_as_a_claimant_of_ratio_one() -> None:
    """-R 2: levels 0.5 (cost 0.5 x 120 = 60 < 100), then 1 (cost 60 + 0.5 x 90 = 105 > 100),
    so L = 0.5 + 40/90 = 0.9444: 50 L, 15, 20 L and final demand 20 L."""
    x, fc = _r("compat-R2")
    L = 0.5 + 40 / 90
    assert x == pytest.approx([50 * L, 15, 20 * L]) and fc == pytest.approx([20 * L])


def test_compat_r2_charges_served_final_demand_again() -> None:
    """-R 2 with P = D = 60: customers ordered 20 and 30 (pre-shock 10 and 10, ratios 2 and 3),
    final demand 10. Level 1 costs 30 (paid, final demand served), level 2 costs 10 + 10 + 10
    for final demand again = 30, not less than the 30 left, so the last 30 go to the two
    customers at 1.5 each: both get 10 x 2.5 = 25, one more and one less than ordered. The
    exact priority rule serves 20, 30 and 10."""
    kw = dict(output=np.array([60.0]), demand=np.array([60.0]), final_demand=np.array([10.0]),
              supplier=np.zeros(2, dtype=np.int64), order=np.array([20.0, 30.0]),
              initial_order=np.array([10.0, 10.0]))
    x, fc = _r("compat-R2", **kw)
    assert x == pytest.approx([25, 25]) and fc == pytest.approx([10])
    x, fc = _r("priority", **kw)
    assert x == pytest.approx([20, 30]) and fc == pytest.approx([10])


def test_compat_r3_gives_a_customer_that_ordered_nothing_the_first_level() -> None:
    """-R 3 with P = D = 50, no final demand, pre-shock orders 10, 20, 40 and orders 0, 10, 40
    (ratios 0, 0.5, 1). Level 0.5 costs 0.5 x 70 = 35 (the idle customer is charged) and is
    paid: 5, 10, 20; 15 left for the last customer: 20 + 15 = 35. The exact rule gives 0, 10, 40."""
    kw = dict(output=np.array([50.0]), demand=np.array([50.0]), final_demand=np.array([0.0]),
              supplier=np.zeros(3, dtype=np.int64), order=np.array([0.0, 10.0, 40.0]),
              initial_order=np.array([10.0, 20.0, 40.0]))
    x, _ = _r("compat-R3", **kw)
    assert x == pytest.approx([5, 10, 35])
    x, _ = _r("priority", **kw)
    assert x == pytest.approx([0, 10, 40])


def test_result_pickles_and_to_dict_is_json_shaped() -> None:
    res = simulate(toy(), days=3, delta=[0.1, -1])
    assert pickle.loads(pickle.dumps(res)) == res
    d = res.to_dict()
    assert d["days"] == [0, 1, 2] and len(d["production"]) == 3 and d["rationing"] == "proportional"


@pytest.mark.parametrize("kw,msg", [
    (dict(rationing="fair"), "rationing"), (dict(order="more"), "order"),
    (dict(recovery="proportional"), "recovery_days"), (dict(delta=[1.5, 0]), "delta"),
    (dict(tau=0), "tau"), (dict(inventory_days=[1, 2, 3]), "inventory_days"),
    (dict(delta=[0.5, 0], shock_day=[-1, 0]), "shock_day"), (dict(shock_day=[1, 2, 3]), "shock_day")])
def test_bad_options_name_the_option(kw, msg) -> None:
    with pytest.raises(InputError, match=msg):
        simulate(toy(), days=1, **kw)


def test_bad_network_names_the_link() -> None:
    with pytest.raises(InputError, match="link 1: flow"):
        network([0, 1], [1, 0], [1.0, -2.0], [1.0, 1.0], [1, 1])
    with pytest.raises(InputError, match="more than once"):
        network([0, 0], [1, 1], [1.0, 2.0], [1.0, 1.0], [1, 1])
