"""Rationing of a supplier's output among its customers and final demand.

All functions work on every supplier at once: firm arrays have one entry per firm, edge arrays
one entry per link, and ``supplier`` gives the row of each link's supplier. Amounts are daily
flows in the unit of the network (money per day in Inoue & Todo 2019). Each function returns
``(delivered, final_consumption)``: the amount each link's customer receives and the amount each
firm delivers to final demand that day; their sum never exceeds the supplier's production.

Rules
-----
``proportional``
    Every order and final demand is served in the same ratio production/demand
    (Hallegatte 2008, Risk Analysis 28:779, eq. for the rationing scheme; "proportional" of
    Inoue & Todo 2019, Nature Sustainability 2:841, Methods).
``priority``
    Final demand is served last, and among customers the one whose order is smaller relative to
    its pre-shock order is served first ("lower has higher priority", Inoue & Todo 2019,
    Methods): every customer receives ``min(order, level x pre-shock order)`` with the one level
    that spends exactly the production left for customers. Solved exactly by water-filling
    (sort by order ratio, cumulative cost, one division per supplier).
``compat-R0`` .. ``compat-R3``
    The ``-R 0..3`` options of the reference simulator as its code computes them (see
    :func:`ration_compat`); R0 and R1 are exact, R2 and R3 differ from exact water-filling in the
    ways listed there.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from keyparts.errors import InputError

RULES = ("proportional", "priority", "compat-R0", "compat-R1", "compat-R2", "compat-R3")

_EPS = 1e-20  # the reference's "almost equal to zero" (absolute)


def _safe_ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.zeros(np.broadcast(num, den).shape)
    np.divide(num, den, out=out, where=den != 0)
    return out


def ration_proportional(output, demand, final_demand, supplier, order):
    """Serve everyone in the ratio ``output / demand`` (0 when demand is 0)."""
    ratio = _safe_ratio(output, demand)
    return order * ratio[supplier], ratio * final_demand


def ration_final_demand_last(output, demand, final_demand, supplier, order):
    """Customers first, proportionally among them; final demand gets what is left.

    Shortfall ``D - P`` is taken from final demand first; when it exceeds final demand the
    customers share ``P`` in proportion to their orders (``P / (D - c)``). This is the
    reference's ``-R 1``, which is exact.
    """
    short = np.maximum(demand - output, 0.0)
    enough = final_demand >= short
    fc = np.where(enough, final_demand - short, 0.0)
    ratio = np.where(enough, 1.0, np.where(demand == 0, 0.0,
                                             _safe_ratio(output, demand - final_demand)))
    return order * ratio[supplier], fc


def _group_cumsum_excl(group: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Cumulative sum within each group (rows already sorted by group), excluding the row."""
    return pd.Series(values).groupby(group, sort=False).cumsum().to_numpy() - values


def water_fill(group, weight, ratio, budget, n_groups, *, phantom=None, phantom_ratio=None,
               zero_weight=None, first_cost=None, strict=False):
    """Level of each group such that ``sum(weight * min(ratio, level)) = budget``.

    Items with ``ratio > 0`` only. ``budget`` per group. Returns ``(level, first_level,
    reached, threshold)``: ``level`` per group (the largest ratio when the budget covers every
    item), ``first_level`` the smallest ratio of the group, ``reached`` whether the first level
    was paid in full, ``threshold`` the ratio of the first item not served in full (inf when
    all are): items with a ratio below it are served in full, the others get ``level``.
    ``phantom`` (weight per group) and ``zero_weight`` (per group) add the two charges of the
    reference's loop (see :func:`ration_compat`; the phantom is charged above its own ratio
    ``phantom_ratio``, default 1); both default to none, which is
    exact water-filling. ``first_cost`` (per group) replaces the computed cost of the first
    level, so that a caller can sum it in the reference's order (exact ties then fall the
    same way).

    The cost of reaching level ``r_k`` (items sorted by ratio within a group) is
    ``C_k = sum_{m<k} w_m r_m + r_k sum_{m>=k} w_m``, non-decreasing in ``k``; the level lies in
    the first step with ``C_k >= budget`` and solves ``sum_{m<k} w_m r_m + L sum_{m>=k} w_m =
    budget``.
    """
    o = np.lexsort((ratio, group))
    g, w, r = group[o], weight[o], ratio[o]
    counts = np.bincount(g, minlength=n_groups)
    starts = np.cumsum(counts) - counts
    has = counts > 0
    tot_w = np.bincount(g, weights=w, minlength=n_groups)
    excl_w = _group_cumsum_excl(g, w)
    excl_wr = _group_cumsum_excl(g, w * r)
    suffix = tot_w[g] - excl_w
    first = np.zeros(n_groups)
    first[has] = r[starts[has]]
    extra = np.zeros_like(r)
    if phantom is not None:
        pr = 1.0 if phantom_ratio is None else phantom_ratio[g]
        extra = extra + phantom[g] * np.maximum(r - pr, 0.0)
    if zero_weight is not None:
        extra = extra + zero_weight[g] * first[g]
    cost = excl_wr + r * suffix + extra
    if first_cost is not None:
        cost[starts[has]] = first_cost[has]
    b = budget[g]
    ok = b > cost if strict else b >= cost
    n_ok = np.bincount(g[ok], minlength=n_groups)
    level = np.zeros(n_groups)
    threshold = np.full(n_groups, np.inf)
    full = has & (n_ok == counts)
    level[full] = r[starts[full] + counts[full] - 1]
    part = has & ~full
    k = starts[part] + n_ok[part]
    prev_extra = np.where(n_ok[part] > 0, extra[np.maximum(k - 1, 0)], 0.0)
    den = suffix[k]
    prev_level = np.where(n_ok[part] > 0, r[np.maximum(k - 1, 0)], 0.0)
    safe_den = np.where(den > 0, den, 1.0)
    level[part] = np.where(den > 0, (budget[part] - excl_wr[k] - prev_extra) / safe_den,
                           prev_level)
    threshold[part] = r[k]
    reached = n_ok > 0
    return level, first, reached, threshold


def ration_priority(output, demand, final_demand, supplier, order, initial_order):
    """Exact priority rule: final demand last, smaller order ratio first (water-filling).

    ``final = clip(P - sum(orders), 0, c)``; customers share ``P - final``: each receives
    ``min(order, L x initial_order)`` with the level ``L`` that spends it exactly. A customer
    never receives more than it ordered and one that ordered nothing receives nothing.
    Only suppliers short for their customers are water-filled.
    """
    n = output.shape[0]
    orders_total = demand - final_demand
    fc = np.clip(output - orders_total, 0.0, final_demand)
    budget = output - fc
    delivered = order.copy()
    short = budget < orders_total
    sel = short[supplier] & (order > 0)
    delivered[short[supplier]] = 0.0
    if sel.any():
        ratio = order[sel] / initial_order[sel]
        level, *_ = water_fill(supplier[sel], initial_order[sel], ratio, budget, n)
        delivered[sel] = initial_order[sel] * np.minimum(ratio, level[supplier[sel]])
    return delivered, fc


def ration_compat(option, output, demand, final_demand, supplier, order, initial_order,
                  initial_final_demand=None):
    """The reference's ``-R option`` (0..3) as its code computes it.

    - ``0``: :func:`ration_proportional`. ``1``: :func:`ration_final_demand_last`. Both exact.
    - ``2``: final demand takes part as one more claimant with order ratio 1 and weight ``c``;
      everyone is raised to a common level of order/pre-shock order, lowest first. It differs
      from exact water-filling in two ways: (a) after final demand is fully served its weight is
      still charged at every further level (``c x (level - 1)`` is spent on nobody), so a
      supplier can leave a customer short even when production equals demand; (b) customers
      that ordered nothing are charged and given ``first level x pre-shock order`` when the first
      level is paid in full. Because of (a) and (b) the last level it computes can pass the next
      claimant's own ratio, and the reference does not cap it there: the claimants not yet
      served in full all get that level, so one may receive more than it ordered (final demand
      too).
    - ``3``: final demand last (``clip(P - (D - c), 0, c)``), then water-filling among
      customers with difference (b) of ``2``.
    Ratios at or below 1e-20 count as zero, as in the reference; the result equals the
    reference's up to floating-point rounding (its loop adds level steps one by one).

    ``initial_final_demand`` (the pre-shock ``c``, when a day's final demand differs from it,
    the reference's ``-M``): in ``2`` final demand then claims the ratio ``c / c0`` with weight
    ``c0``, and when that ratio is 0 its weight ``c0`` is still charged at every level.
    """
    if option == 0:
        return ration_proportional(output, demand, final_demand, supplier, order)
    if option == 1:
        return ration_final_demand_last(output, demand, final_demand, supplier, order)
    if option not in (2, 3):
        raise InputError(f"rationing: compat-R{option} is unknown (expected compat-R0..compat-R3)")
    n = output.shape[0]
    c0 = final_demand if initial_final_demand is None else initial_final_demand
    fc_ratio = np.ones(n)
    if initial_final_demand is not None:
        np.divide(final_demand, c0, out=fc_ratio, where=c0 > 0)
    fc_claims = fc_ratio > _EPS
    ratio = order / initial_order
    pos = ratio > _EPS
    zero_w = np.bincount(supplier[~pos], weights=initial_order[~pos], minlength=n)
    # the first level, and its cost summed as the reference sums it (links in customer order,
    # then final demand): at steady state it equals production exactly
    first = np.full(n, np.inf)
    lowest = pd.Series(ratio[pos]).groupby(supplier[pos]).min()
    first[lowest.index.to_numpy()] = lowest.to_numpy()
    if option == 2:
        first = np.where(fc_claims, np.minimum(first, fc_ratio), first)
    first = np.where(np.isfinite(first), first, 0.0)
    first_cost = np.bincount(supplier, weights=first[supplier] * initial_order, minlength=n)
    if option == 2:
        first_cost = first_cost + first * c0
    if option == 2:
        firms = np.flatnonzero(fc_claims)
        groups = np.concatenate([supplier[pos], firms])
        weights = np.concatenate([initial_order[pos], c0[firms]])
        ratios = np.concatenate([ratio[pos], fc_ratio[firms]])
        level, first, reached, thr = water_fill(groups, weights, ratios, output, n,
                                                phantom=c0, phantom_ratio=np.where(
                                                    fc_claims, fc_ratio, 0.0),
                                                zero_weight=zero_w,
                                                first_cost=first_cost, strict=True)
        fc = np.where(fc_claims, c0 * np.where(fc_ratio < thr, fc_ratio, level), 0.0)
    else:
        margin = output - (demand - final_demand)
        fc = np.where(margin <= 0, 0.0, np.where(margin < final_demand, margin, final_demand))
        budget = output - fc
        level, first, reached, thr = water_fill(supplier[pos], initial_order[pos], ratio[pos],
                                                budget, n, zero_weight=zero_w,
                                                first_cost=first_cost, strict=True)
    served = np.where(ratio < thr[supplier], ratio, level[supplier])
    delivered = np.where(pos, initial_order * served,
                         np.where(reached[supplier], initial_order * first[supplier], 0.0))
    return delivered, fc


def ration(rule, output, demand, final_demand, supplier, order, initial_order,
           initial_final_demand=None):
    """Dispatch on the rule name (one of :data:`RULES`). ``initial_final_demand``: the
    pre-shock final demand when the day's differs (only ``compat-R2`` uses it)."""
    if rule == "proportional":
        return ration_proportional(output, demand, final_demand, supplier, order)
    if rule == "priority":
        return ration_priority(output, demand, final_demand, supplier, order, initial_order)
    if rule.startswith("compat-R") and rule in RULES:
        return ration_compat(int(rule[-1]), output, demand, final_demand, supplier, order,
                             initial_order, initial_final_demand)
    raise InputError(f"rationing: {rule!r} is unknown (expected one of {', '.join(RULES)})")
