"""Value added per firm and group: output less the intermediate inputs that output uses
(SNA 2008 para. 6.8; Hallegatte 2008, Risk Analysis 28:779, section 3, value added =
production x (1 - sum of technical coefficients)), worked by hand on a two-firm case, and its
conservation: with no shock, national value added equals final demand every day."""

from __future__ import annotations

import numpy as np
import pytest

from keyparts.dynamics import network, simulate
from keyparts.errors import InputError


def two_firms():
    """S (row 0) sells 2/day to L (row 1) and 1/day to final demand: P0_S = 3, no inputs, value
    added share 1. L sells 4/day to final demand and buys 2/day: value added share 1 - 2/4 =
    0.5. Pre-shock value added 3 + 0.5 x 4 = 5 = final demand 1 + 4."""
    return network([0], [1], [2.0], [1.0, 4.0], [1, 2], firm_ids=["S", "L"])


def test_value_added_two_firms_by_hand() -> None:
    """L loses half its capacity on day 0 (delta 0.5); n = 15 days, tau = 6.

    Day 0: orders are yesterday's (A = 2), so D_S = 1 + 2 = 3 and P_S = 3; P_L = min(0.5 x 4,
    30/2 x 4, 4) = 2. VA_S = 3, VA_L = 0.5 x 2 = 1: total 4 (production 5).
    Day 1: L's stock of S's product is 30 + 2 (arrived) - 2 x 2/4 (used) = 31, and its order
    2 x 0.5 + (15 x 2 x 0.5 - 31)/6 = 1 - 16/6 < 0, floored at 0: D_S = 1, P_S = 1, VA_S = 1;
    P_L = 2 still, VA_L = 1: total 2 (production 3).
    Regions: S in north, L in south: north 3 then 1, south 1 then 1; lost over the two days:
    north 2 x 3 - 4 = 2, south 2 x 2 - 2 = 2."""
    res = simulate(two_firms(), days=2, delta=[-1, 0.5],
                   value_added_by={"region": ["north", "south"], "firm": ["S", "L"]},
                   track_firms=[0, 1])
    assert res.baseline_value_added == pytest.approx(5.0, rel=1e-15)
    assert res.production == pytest.approx((5.0, 3.0), rel=1e-12)
    assert res.value_added == pytest.approx((4.0, 2.0), rel=1e-12)
    assert res.value_added_by["region"]["north"] == pytest.approx((3.0, 1.0), rel=1e-12)
    assert res.value_added_by["region"]["south"] == pytest.approx((1.0, 1.0), rel=1e-12)
    # per day, S then L
    np.testing.assert_allclose(res.tracked_value_added, [[3.0, 1.0], [1.0, 1.0]], rtol=1e-12)
    assert res.baseline_value_added_by["region"] == {"north": 3.0, "south": 2.0}
    assert res.value_added_lost()["region"] == pytest.approx({"north": 2.0, "south": 2.0})
    d = res.to_dict()
    assert d["value_added_by"]["firm"]["L"] == pytest.approx([1.0, 1.0])
    assert d["value_added_lost"]["firm"] == pytest.approx({"S": 2.0, "L": 2.0})


def test_firms_outside_a_dimension_are_left_out() -> None:
    """A label None leaves the firm out of that dimension: only L (1 then 1) in 'product'."""
    res = simulate(two_firms(), days=2, delta=[-1, 0.5], value_added_by={"product": [None, "L"]})
    assert res.value_added_by == {"product": {"L": pytest.approx((1.0, 1.0))}}
    with pytest.raises(InputError, match="one per firm"):
        simulate(two_firms(), days=1, value_added_by={"x": ["a"]})


@pytest.mark.parametrize("rationing", ["proportional", "priority", "compat-R0"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_shock_value_added_is_constant_and_equals_final_demand(seed, rationing) -> None:
    """Without a shock every firm makes P0 each day, so national value added stays at
    sum(P0) - sum(flows) = sum(final demand), and the groups add up to it."""
    rng = np.random.default_rng(seed)
    n = 40
    pairs = np.unique(rng.integers(0, n, size=(160, 2)), axis=0)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    fd = rng.uniform(0.5, 5.0, n)
    net = network(pairs[:, 0], pairs[:, 1], rng.uniform(0.1, 2.0, len(pairs)), fd,
                  rng.integers(0, 5, n))
    region = [f"r{i % 3}" for i in range(n)]
    res = simulate(net, days=20, rationing=rationing, value_added_by={"region": region})
    assert res.baseline_value_added == pytest.approx(fd.sum(), rel=1e-12)
    assert np.allclose(res.value_added, fd.sum(), rtol=1e-9, atol=0)
    total = np.sum([v for v in res.value_added_by["region"].values()], axis=0)
    assert np.allclose(total, res.value_added, rtol=1e-12)
