"""Allocation MILP: small instances solved by hand, and brute force on random ones."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keyparts.errors import InputError
from keyparts.match.allocate import allocate


def _pairs(rows):
    return pd.DataFrame(rows, columns=["demand_id", "part_id", "supplier_id", "unit_cost", "moq",
                                       "domestic"][: len(rows[0])])


def _dem(**q):
    return pd.DataFrame({"demand_id": list(q), "quantity": [float(v) for v in q.values()]})


def _alloc(res):
    return {(a["demand_id"], a["supplier_id"]): a["quantity"] for a in res.allocations}


def test_cheapest_supplier_until_capacity_then_next():
    """D1 needs 100; S1 costs 2 with capacity 60, S2 costs 3. By hand: 60 from S1 and 40 from
    S2, cost 60·2 + 40·3 = 240, no shortfall."""
    res = allocate(_dem(D1=100), _pairs([("D1", "a", "S1", 2.0), ("D1", "b", "S2", 3.0)]),
                   supplier_capacity={"S1": 60})
    assert res.status == "optimal"
    assert _alloc(res) == pytest.approx({("D1", "S1"): 60, ("D1", "S2"): 40})
    assert res.objective == pytest.approx(240.0) and res.shortfall == ()


def test_capacity_goes_to_the_demand_that_saves_most():
    """S1 (cap 100) costs 1 for D1 and D2; S2 costs 5 for D1, 2 for D2; each demand needs 100.
    By hand: let x of S1's 100 go to D1 and 100 − x to D2, the rest from S2. Cost =
    x·1 + (100 − x)·5 + (100 − x)·1 + x·2 = 600 − 3x, least at x = 100: D1 from S1 (100·1)
    and D2 from S2 (100·2) = 300 (the other way round, x = 0, costs 600)."""
    res = allocate(_dem(D1=100, D2=100),
                   _pairs([("D1", "a", "S1", 1.0), ("D2", "a", "S1", 1.0),
                           ("D1", "b", "S2", 5.0), ("D2", "b", "S2", 2.0)]),
                   supplier_capacity={"S1": 100})
    assert _alloc(res) == pytest.approx({("D1", "S1"): 100, ("D2", "S2"): 100})
    assert res.objective == pytest.approx(300.0)


def test_moq_makes_the_small_lot_impossible():
    """A min-cost flow would hand S1 a lot below its MOQ when S1 has only a little capacity left;
    the MILP must not. Hand calculation: D1 needs 150 from S1 (cap 200, MOQ 100) or S2 (cost 3, MOQ 100).
    With at most one supplier D1 takes all 150 from S1 = 150. D2 needs 80, only S1 is eligible
    with 50 left and MOQ 100: nothing can be ordered, so 80 unmet (penalty 10/unit = 800).
    Objective 150 + 800 = 950."""
    res = allocate(_dem(D1=150, D2=80),
                   _pairs([("D1", "a", "S1", 1.0, 100.0), ("D1", "b", "S2", 3.0, 100.0),
                           ("D2", "a", "S1", 1.0, 100.0)]),
                   supplier_capacity={"S1": 200}, max_suppliers=1, shortfall_penalty=10.0)
    assert _alloc(res) == pytest.approx({("D1", "S1"): 150})
    assert [(s["demand_id"], s["quantity"]) for s in res.shortfall] == [("D2", pytest.approx(80))]
    assert res.objective == pytest.approx(950.0)


def test_max_share_forces_dual_sourcing():
    """max_share 0.7 of 100: cheapest S1 (1) takes 70, S2 (2) the other 30: 70 + 60 = 130."""
    res = allocate(_dem(D1=100), _pairs([("D1", "a", "S1", 1.0), ("D1", "b", "S2", 2.0)]),
                   max_share=0.7)
    assert _alloc(res) == pytest.approx({("D1", "S1"): 70, ("D1", "S2"): 30})
    assert res.objective == pytest.approx(130.0)


def test_max_share_with_one_supplier_leaves_shortfall():
    """Only one supplier and max_share 0.6 of 100: 60 delivered, 40 unmet."""
    res = allocate(_dem(D1=100), _pairs([("D1", "a", "S1", 1.0)]), max_share=0.6, shortfall_penalty=50)
    assert _alloc(res) == pytest.approx({("D1", "S1"): 60})
    assert res.shortfall[0]["quantity"] == pytest.approx(40)
    assert res.objective == pytest.approx(60 + 40 * 50)
    assert res.shortfall[0]["reasons"] == ["1 eligible supplier(s) x max share 0.6 cover at most 60% of the demand"]


def test_min_domestic_share_buys_dearer_home_parts():
    """Foreign S1 costs 1, domestic S2 costs 3, demand 100, at least 50 % domestic:
    50 from each, 50·1 + 50·3 = 200 (all-foreign 100 is no longer allowed)."""
    res = allocate(_dem(D1=100), _pairs([("D1", "a", "S1", 1.0, 0.0, False),
                                         ("D1", "b", "S2", 3.0, 0.0, True)]), min_domestic=0.5)
    assert _alloc(res) == pytest.approx({("D1", "S1"): 50, ("D1", "S2"): 50})
    assert res.objective == pytest.approx(200.0)


def test_risk_penalty_shifts_the_choice():
    """S1 costs 1 + risk 3 = 4 per piece, S2 costs 2 + 0: the MILP takes S2 (200 for 100)."""
    p = _pairs([("D1", "a", "S1", 1.0), ("D1", "b", "S2", 2.0)]).assign(risk_cost=[3.0, 0.0])
    res = allocate(_dem(D1=100), p)
    assert _alloc(res) == pytest.approx({("D1", "S2"): 100})
    assert res.cost_usd == pytest.approx(200.0) and res.risk_usd == 0.0


def test_no_eligible_supplier_is_all_shortfall_not_an_error():
    res = allocate(_dem(D1=10, D2=5), _pairs([("D1", "a", "S1", 1.0)]).iloc[:0])
    assert res.status == "optimal" and res.allocations == ()
    assert {s["demand_id"]: s["quantity"] for s in res.shortfall} == {"D1": 10, "D2": 5}
    assert res.shortfall[0]["reasons"] == ["no eligible supplier"]
    d = res.to_dict()
    assert set(d) >= {"status", "objective", "allocations", "shortfall", "inputs"}
    assert d["inputs"]["demands"][0] == {"demand_id": "D1", "quantity": 10.0}


def test_zero_capacity_market_reports_unmet_demand():
    res = allocate(_dem(D1=10), _pairs([("D1", "a", "S1", 1.0)]), supplier_capacity={"S1": 0})
    assert res.status == "optimal" and res.shortfall[0]["quantity"] == pytest.approx(10)
    assert res.shortfall[0]["reasons"] == ["capacity exhausted at S1"]


@pytest.mark.parametrize("demands,pairs,kwargs,needle", [
    (_dem(D1=10), _pairs([("D9", "a", "S1", 1.0)]), {}, "'D9' is not in demands"),
    (_dem(D1=-1), _pairs([("D1", "a", "S1", 1.0)]), {}, "not a number >= 0"),
    (_dem(D1=10), _pairs([("D1", "a", "S1", -1.0)]), {}, "unit_cost -1.0"),
    (_dem(D1=10), _pairs([("D1", "a", "S1", 1.0), ("D1", "a", "S1", 2.0)]), {}, "appears twice"),
    (_dem(D1=10), _pairs([("D1", "a", "S1", 1.0)]), {"max_share": 1.5}, "max_share"),
    (_dem(D1=10), _pairs([("D1", "a", "S1", 1.0)]), {"max_suppliers": 0}, "max_suppliers"),
    (_dem(D1=10), _pairs([("D1", "a", "S1", 1.0)]), {"min_domestic": 2}, "min_domestic"),
    (_dem(D1=10), pd.DataFrame({"demand_id": ["D1"]}), {}, "no column 'part_id'"),
])
def test_bad_allocation_input_is_reported(demands, pairs, kwargs, needle):
    with pytest.raises(InputError, match=needle):
        allocate(demands, pairs, **kwargs)


def _brute_force(q, pairs, cap, k, share, dom, penalty):
    """Enumerate every integer quantity vector; return the least objective."""
    best = np.inf
    ranges = [range(int(q[d]) + 1) for d, *_ in pairs]
    for xs in itertools.product(*ranges):
        ok = True
        used = {}
        for (d, s, c, moq, is_dom), x in zip(pairs, xs):
            used[s] = used.get(s, 0) + x
        if any(used[s] > cap[s] for s in used):
            continue
        obj = 0.0
        for d in range(len(q)):
            mine = [(x, p) for x, p in zip(xs, pairs) if p[0] == d]
            tot = sum(x for x, _ in mine)
            if tot > q[d]:
                ok = False
                break
            nsup = sum(1 for x, _ in mine if x > 0)
            if k is not None and nsup > k:
                ok = False
                break
            if any(0 < x < p[3] or x > share * q[d] + 1e-9 for x, p in mine):
                ok = False
                break
            if dom and sum(x for x, p in mine if p[4]) < dom * tot - 1e-9:
                ok = False
                break
            obj += sum(x * p[2] for x, p in mine) + penalty * (q[d] - tot)
        if ok:
            best = min(best, obj)
    return best


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_milp_optimum_equals_brute_force_enumeration(data):
    """Invariant: on random small integer instances the MILP objective equals the least
    objective found by enumerating every integer allocation."""
    n_d = data.draw(st.integers(1, 2))
    n_s = data.draw(st.integers(1, 3))
    q = [data.draw(st.integers(0, 3)) for _ in range(n_d)]
    pairs = []
    for d in range(n_d):
        for s in range(n_s):
            if data.draw(st.booleans()) or s == 0:
                pairs.append((d, s, data.draw(st.integers(1, 9)), data.draw(st.integers(0, 2)),
                              data.draw(st.booleans())))
    pairs = pairs[:5]
    cap = {s: data.draw(st.integers(0, 5)) for s in range(n_s)}
    k = data.draw(st.sampled_from([None, 1, 2]))
    share = data.draw(st.sampled_from([1.0, 0.5, 0.7]))
    dom = data.draw(st.sampled_from([0.0, 0.5]))
    penalty = 20.0
    expected = _brute_force(q, pairs, cap, k, share, dom, penalty)
    dem = pd.DataFrame({"demand_id": [f"D{d}" for d in range(n_d)], "quantity": [float(v) for v in q]})
    pr = pd.DataFrame({"demand_id": [f"D{p[0]}" for p in pairs], "part_id": [f"P{p[1]}" for p in pairs],
                       "supplier_id": [f"S{p[1]}" for p in pairs], "unit_cost": [float(p[2]) for p in pairs],
                       "moq": [float(p[3]) for p in pairs], "domestic": [p[4] for p in pairs]})
    res = allocate(dem, pr, supplier_capacity={f"S{s}": float(c) for s, c in cap.items()},
                   max_suppliers=k, max_share=share if share < 1 else None,
                   min_domestic=dom or None, shortfall_penalty=penalty, integer_quantities=True)
    assert res.status == "optimal"
    assert res.objective == pytest.approx(expected, abs=1e-6)


def _violations(res, dem, pairs, cap, k, share, dom):
    """Every constraint of the model checked on a returned allocation (list of violations)."""
    out = []
    q = dict(zip(dem.demand_id, dem.quantity))
    got = pd.DataFrame(list(res.allocations), columns=["demand_id", "part_id", "supplier_id", "quantity",
                                                       "unit_cost", "risk_cost", "domestic"])
    short = {s["demand_id"]: s["quantity"] for s in res.shortfall}
    moq = {(r.demand_id, r.supplier_id): r.moq for r in pairs.itertuples()}
    for d_id, g in got.groupby("demand_id"):
        if abs(g.quantity.sum() + short.get(d_id, 0) - q[d_id]) > 1e-6 * max(1, q[d_id]):
            out.append(f"{d_id}: balance")
        per_s = g.groupby("supplier_id").quantity.sum()
        if k is not None and (per_s > 1e-9).sum() > k:
            out.append(f"{d_id}: more than {k} suppliers")
        if share is not None and (per_s > share * q[d_id] + 1e-6).any():
            out.append(f"{d_id}: share")
        for s_id, v in per_s.items():
            if 1e-9 < v < moq[(d_id, s_id)] - 1e-6:
                out.append(f"{d_id}/{s_id}: below MOQ")
        if dom and g[g.domestic].quantity.sum() < dom * g.quantity.sum() - 1e-6:
            out.append(f"{d_id}: domestic share")
    for s_id, v in got.groupby("supplier_id").quantity.sum().items():
        if v > cap[s_id] + 1e-6:
            out.append(f"{s_id}: capacity")
    return out


def _random_market(rng, n_d, n_s, per):
    q = rng.integers(50, 500, n_d).astype(float)
    di = np.repeat(np.arange(n_d), per)
    si = np.concatenate([rng.choice(n_s, per, replace=False) for _ in range(n_d)])
    cost = rng.uniform(1, 10, di.size)
    dom_s = rng.random(n_s) < 0.5
    pairs = pd.DataFrame({"demand_id": [f"D{i}" for i in di], "part_id": [f"P{s}" for s in si],
                          "supplier_id": [f"S{s}" for s in si], "unit_cost": cost, "domestic": dom_s[si],
                          "moq": np.where(rng.random(di.size) < 0.3, 60.0, 0.0)})
    cap = {f"S{s}": float(v) for s, v in enumerate(rng.uniform(0.5, 1.5, n_s) * q.sum() / n_s)}
    return pd.DataFrame({"demand_id": [f"D{i}" for i in range(n_d)], "quantity": q}), pairs, cap


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_lp_and_fix_is_feasible_and_never_below_the_exact_optimum(seed):
    """Invariants: the LP-and-fix allocation satisfies every constraint, its objective is at
    least the exact MILP optimum, and the exact optimum is at least the LP bound it reports."""
    rng = np.random.default_rng(seed)
    dem, pairs, cap = _random_market(rng, 8, 6, 4)
    kw = {"supplier_capacity": cap, "max_suppliers": 2, "max_share": 0.7, "min_domestic": 0.3}
    exact = allocate(dem, pairs, strategy="exact", **kw)
    fix = allocate(dem, pairs, strategy="lp-and-fix", **kw)
    assert exact.status == "optimal" and fix.status in ("optimal", "feasible")
    for res in (exact, fix):
        assert _violations(res, dem, pairs, cap, 2, 0.7, 0.3) == []
    assert fix.objective >= exact.objective - 1e-6 * abs(exact.objective)
    assert fix.solver["lower_bound"] <= exact.objective + 1e-6 * abs(exact.objective)
