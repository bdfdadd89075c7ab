"""Allocation of demands to suppliers as a mixed-integer linear programme (HiGHS).

For demands *i* (quantity q_i) and eligible pairs *p* = (demand, part, supplier) with unit
cost c_p and unit risk penalty r_p (both USD per piece)::

    minimise   Σ_p (c_p + r_p)·x_p  +  P·Σ_i u_i
    subject to Σ_{p∈i} x_p + u_i = q_i                        (every demand met or short)
               Σ_{p of part j} x_p ≤ cap_j,  Σ_{p of supplier s} x_p ≤ cap_s   (capacity)
               m_g·y_g ≤ Σ_{p∈g} x_p ≤ U_g·y_g                 (MOQ: 0 or at least m_g)
               Σ_{g∈i} y_g ≤ k                                 (at most k suppliers)
               Σ_{p∈g} x_p ≤ s·q_i                             (at most a share s each)
               Σ_{p∈i, domestic} x_p ≥ d·Σ_{p∈i} x_p           (minimum domestic share)
               x ≥ 0, u ≥ 0, y ∈ {0, 1}

where *g* = (demand, supplier) groups a demand's pairs with one supplier (a supplier offering
two parts for one demand counts once for k, MOQ and share). The MOQ rows make each group's
quantity semi-continuous (0 or in [m_g, U_g]); the explicit shortfall u_i with penalty P
(default 100 × the largest unit cost) makes every instance feasible, so a market that cannot
meet a demand is reported as unmet demand, never as a solver error. A min-cost network flow
would be faster but cannot hold these rules: its flows are continuous with fixed bounds, while an
MOQ (x = 0 or x ≥ m) is a non-convex set and "at most k suppliers" counts non-zero flows; both
need binary variables (the semi-continuous / fixed-charge formulations of integer programming,
Wolsey, *Integer Programming*, 1998, ch. 1). Solved with ``scipy.optimize.milp`` (HiGHS
branch-and-cut).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from keyparts.arrays import unique
from keyparts.errors import InputError, KeypartsError

_DISP = False
_STATUS = {0: "optimal", 1: "time_limit", 2: "infeasible", 3: "unbounded", 4: "error"}


@dataclass(frozen=True)
class AllocationResult:
    """Solution of :func:`allocate`; ``to_dict()`` carries the inputs for the audit record."""

    status: str
    objective: float | None
    allocations: tuple[dict, ...]
    shortfall: tuple[dict, ...]
    cost_usd: float
    risk_usd: float
    shortfall_penalty_usd: float
    options: dict
    solver: dict
    inputs: dict = field(repr=False)

    def to_dict(self) -> dict:
        return {"status": self.status, "objective": self.objective,
                "allocations": [dict(a) for a in self.allocations],
                "shortfall": [dict(s) for s in self.shortfall],
                "summary": {"cost_usd": self.cost_usd, "risk_usd": self.risk_usd,
                            "shortfall_penalty_usd": self.shortfall_penalty_usd,
                            "allocated": float(sum(a["quantity"] for a in self.allocations)),
                            "unmet": float(sum(s["quantity"] for s in self.shortfall))},
                "options": dict(self.options), "solver": dict(self.solver), "inputs": self.inputs}


def _check(demands: pd.DataFrame, pairs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    for col in ("demand_id", "quantity"):
        if col not in demands.columns:
            raise InputError(f"demands: no column {col!r}, expected demand_id, quantity")
    for col in ("demand_id", "part_id", "supplier_id", "unit_cost"):
        if col not in pairs.columns:
            raise InputError(f"pairs: no column {col!r}, expected demand_id, part_id, supplier_id, "
                             "unit_cost [, risk_cost, domestic, moq, capacity]")
    d = demands[["demand_id", "quantity"]].copy()
    d["quantity"] = pd.to_numeric(d["quantity"], errors="coerce")
    if d["demand_id"].duplicated().any():
        raise InputError(f"demands: demand_id {d['demand_id'][d['demand_id'].duplicated()].iloc[0]!r} "
                         "appears twice, expected one row per demand")
    bad = d["quantity"].isna() | (d["quantity"] < 0)
    if bad.any():
        r = d[bad].iloc[0]
        raise InputError(f"demands: quantity {r['quantity']} of {r['demand_id']!r} is not a number >= 0")
    p = pairs.copy()
    p["risk_cost"] = pd.to_numeric(p["risk_cost"], errors="coerce").fillna(0.0) if "risk_cost" in p else 0.0
    p["moq"] = pd.to_numeric(p["moq"], errors="coerce").fillna(0.0) if "moq" in p else 0.0
    p["domestic"] = p["domestic"].fillna(False).astype(bool) if "domestic" in p else False
    p["capacity"] = pd.to_numeric(p["capacity"], errors="coerce").fillna(np.inf) if "capacity" in p else np.inf
    p["unit_cost"] = pd.to_numeric(p["unit_cost"], errors="coerce")
    for col in ("unit_cost", "risk_cost", "moq", "capacity"):
        neg = p[col].isna() | (p[col] < 0)
        if neg.any():
            r = p[neg].iloc[0]
            raise InputError(f"pairs: {col} {r[col]} for ({r['demand_id']}, {r['part_id']}, "
                             f"{r['supplier_id']}) is not a number >= 0")
    unknown = ~p["demand_id"].isin(d["demand_id"])
    if unknown.any():
        raise InputError(f"pairs: demand_id {p['demand_id'][unknown].iloc[0]!r} is not in demands")
    dup = p.duplicated(["demand_id", "part_id", "supplier_id"])
    if dup.any():
        r = p[dup].iloc[0]
        raise InputError(f"pairs: ({r['demand_id']}, {r['part_id']}, {r['supplier_id']}) appears twice")
    return d.reset_index(drop=True), p.reset_index(drop=True)


def _capacity_rows(keys: np.ndarray, cap: Mapping[str, float] | None, name: str
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, upper) triplets of Σ x over pairs sharing a key ≤ capacity."""
    if not cap:
        return np.array([], int), np.array([], int), np.array([])
    c = pd.Series(cap, dtype=float)
    if (c < 0).any():
        raise InputError(f"{name}: capacity {c[c < 0].iloc[0]} of {c[c < 0].index[0]!r} is negative")
    capv = c.reindex(keys).to_numpy()
    has = np.isfinite(capv)
    codes, uniq = pd.factorize(keys[has])
    return codes, np.flatnonzero(has), c.reindex(uniq).to_numpy()


def allocate(demands: pd.DataFrame, pairs: pd.DataFrame, *,
             part_capacity: Mapping[str, float] | None = None,
             supplier_capacity: Mapping[str, float] | None = None,
             max_suppliers: int | None = None, max_share: float | None = None,
             min_domestic: float | None = None, shortfall_penalty: float | None = None,
             integer_quantities: bool = False, time_limit_s: float = 60.0,
             mip_rel_gap: float = 1e-6, strategy: str = "auto",
             exact_max_binaries: int = 5000) -> AllocationResult:
    """Share ``demands`` among eligible ``pairs`` at least cost plus risk, under capacity.

    ``demands``: columns demand_id, quantity (pieces). ``pairs``: demand_id, part_id,
    supplier_id, unit_cost (USD/piece) and optional risk_cost (USD/piece), domestic (bool),
    moq (pieces, minimum order from that supplier for that demand), capacity (pieces the pair
    can deliver, e.g. what a maker offered for that demand; empty = no limit of its own). ``part_capacity`` /
    ``supplier_capacity`` map ids to pieces. ``max_suppliers`` = k, ``max_share`` = s in
    (0, 1] of the demand's quantity, ``min_domestic`` = d in [0, 1] of each demand's
    delivered quantity. ``integer_quantities`` makes every x whole pieces.

    ``strategy``: ``"exact"`` solves the whole MILP; ``"lp-and-fix"`` solves the LP
    relaxation (a lower bound), keeps per demand the (at most k) supplier groups with the
    largest LP flow (an MOQ group only if its flow reaches the MOQ), fixes them as selected
    and solves the remaining LP: a feasible allocation whose distance to the bound is
    reported as ``solver.gap`` (status ``optimal`` when within ``mip_rel_gap``, else
    ``feasible``). ``"auto"`` is exact up to ``exact_max_binaries`` binaries: on larger
    instances HiGHS (via scipy) spends the time limit in root cuts without an incumbent.
    """
    d, p = _check(demands, pairs)
    if not len(d):
        raise InputError("demands: no rows, expected at least one demand to allocate")
    if max_suppliers is not None and max_suppliers < 1:
        raise InputError(f"max_suppliers {max_suppliers}: expected an integer >= 1")
    if max_share is not None and not 0 < max_share <= 1:
        raise InputError(f"max_share {max_share}: expected a share in (0, 1]")
    if min_domestic is not None and not 0 <= min_domestic <= 1:
        raise InputError(f"min_domestic {min_domestic}: expected a share in [0, 1]")
    if strategy not in ("auto", "exact", "lp-and-fix"):
        raise InputError(f"strategy {strategy!r}: expected auto, exact or lp-and-fix")
    unit = (p["unit_cost"] + p["risk_cost"]).to_numpy(float)
    penalty = float(shortfall_penalty) if shortfall_penalty is not None else \
        100.0 * float(unit.max()) if len(p) and unit.max() > 0 else 100.0
    if penalty <= 0:
        raise InputError(f"shortfall_penalty {penalty}: expected a positive number (USD per unmet piece)")
    kw = {"part_capacity": part_capacity, "supplier_capacity": supplier_capacity, "max_suppliers": max_suppliers,
              "max_share": max_share, "min_domestic": min_domestic, "penalty": penalty,
              "integer_quantities": integer_quantities, "mip_rel_gap": mip_rel_gap}
    t0 = time.perf_counter()
    n_bin = _n_binaries(d, p, max_suppliers)
    use_fix = strategy == "lp-and-fix" or (strategy == "auto" and n_bin > exact_max_binaries)
    bound = None
    keep = p
    if use_fix and len(p):
        lp, x_lp, _, _ = _solve(d, p, relax=True, time_limit_s=time_limit_s, **kw)
        if lp.x is None:
            raise KeypartsError(f"allocation: the LP relaxation failed ({lp.message})")
        bound = float(lp.fun)
        chosen = _choose_groups(d, p, x_lp, unit, max_suppliers, min_domestic)
        remaining = max(1.0, time_limit_s - (time.perf_counter() - t0))
        keep = p[chosen]
        res, x, u, solver = _solve(d, keep, relax=False, fix_y=True, time_limit_s=remaining, **kw)
        if x is None:  # MOQ lower bounds clash (e.g. with the domestic share): drop MOQ groups
            keep = p[chosen & ~(p["moq"].to_numpy(float) > 0)]
            res, x, u, solver = _solve(d, keep, relax=False, fix_y=True, time_limit_s=remaining, **kw)
        if x is not None and u.any():  # repair: demands left short choose freely among all their pairs
            short = d["demand_id"].to_numpy(object)[u > 0]
            free = p["demand_id"].isin(short).to_numpy()
            sel = chosen & ~free | free
            remaining = max(1.0, time_limit_s - (time.perf_counter() - t0))
            r2, x2, u2, s2 = _solve(d, p[sel], relax=False, fix_y=~free[sel], time_limit_s=remaining, **kw)
            if x2 is not None and r2.fun < res.fun - 1e-9:
                res, x, u, solver, keep = r2, x2, u2, s2, p[sel]
                solver["repaired_demands"] = int(short.size)
    else:
        res, x, u, solver = _solve(d, keep, relax=False, time_limit_s=time_limit_s, **kw)
    status = _STATUS.get(res.status, "error")
    if bound is None and res.x is not None and res.status == 0:
        bound = float(res.fun) - float(getattr(res, "mip_gap", 0.0) or 0.0) * abs(float(res.fun))
    gap = None
    if res.x is not None and bound is not None:
        gap = max(0.0, (float(res.fun) - bound) / max(abs(float(res.fun)), 1e-9))
        if use_fix:
            status = "optimal" if gap <= max(mip_rel_gap, 1e-9) else "feasible"
    solver.update({"strategy": "lp-and-fix" if use_fix else "exact", "pairs_in_milp": len(keep),
                   "lower_bound": bound, "gap": gap, "total_s": time.perf_counter() - t0})
    options = {"max_suppliers": max_suppliers, "max_share": max_share, "min_domestic": min_domestic,
               "shortfall_penalty": penalty, "integer_quantities": integer_quantities,
               "time_limit_s": time_limit_s, "mip_rel_gap": mip_rel_gap, "strategy": strategy}
    inputs = {"demands": d.to_dict(orient="records"),
              "pairs": [{k: (None if isinstance(v, float) and not np.isfinite(v) else v) for k, v in r.items()}
                        for r in p[["demand_id", "part_id", "supplier_id", "unit_cost", "risk_cost", "domestic",
                                    "moq", "capacity"]].to_dict(orient="records")],
              "part_capacity": {str(k): float(v) for k, v in (part_capacity or {}).items()},
              "supplier_capacity": {str(k): float(v) for k, v in (supplier_capacity or {}).items()}}
    if x is None:
        return AllocationResult(status, None, (), (), 0.0, 0.0, 0.0, options, solver, inputs)
    nz = np.flatnonzero(x)
    allocs = tuple({"demand_id": str(keep["demand_id"].iat[i]), "part_id": str(keep["part_id"].iat[i]),
                    "supplier_id": str(keep["supplier_id"].iat[i]), "quantity": float(x[i]),
                    "unit_cost": float(keep["unit_cost"].iat[i]), "risk_cost": float(keep["risk_cost"].iat[i]),
                    "domestic": bool(keep["domestic"].iat[i])} for i in nz)
    short = tuple({"demand_id": str(d["demand_id"].iat[i]), "quantity": float(u[i]),
                   "reasons": _why_short(str(d["demand_id"].iat[i]), p, keep, x, part_capacity,
                                         supplier_capacity, max_share, min_domestic)}
                  for i in np.flatnonzero(u))
    cost = float(x @ keep["unit_cost"].to_numpy(float)) if len(keep) else 0.0
    risk = float(x @ keep["risk_cost"].to_numpy(float)) if len(keep) else 0.0
    pen = float(penalty * u.sum())
    return AllocationResult(status, cost + risk + pen, allocs, short, cost, risk, pen,
                            options, solver, inputs)


def _why_short(demand_id: str, p: pd.DataFrame, keep: pd.DataFrame, x: np.ndarray,
               part_capacity: Mapping[str, float] | None, supplier_capacity: Mapping[str, float] | None,
               max_share: float | None, min_domestic: float | None) -> list[str]:
    """Plain reasons why a demand is left short (the binding limits, read off the solution)."""
    mine = p[p["demand_id"] == demand_id]
    if mine.empty:
        return ["no eligible supplier"]
    out = []
    n_sup = mine["supplier_id"].nunique()
    if max_share is not None and n_sup * max_share < 1:
        out.append(f"{n_sup} eligible supplier(s) x max share {max_share:g} cover at most "
                   f"{n_sup * max_share:.0%} of the demand")
    if min_domestic and not mine["domestic"].any():
        out.append(f"no domestic supplier, and at least {min_domestic:.0%} of what is delivered must be domestic")
    used = pd.Series(x, index=keep.index)
    for key, cap in (("supplier_id", supplier_capacity), ("part_id", part_capacity)):
        if not cap:
            continue
        load = used.groupby(keep[key]).sum()
        full = [k for k in mine[key].unique() if k in cap and load.get(k, 0.0) >= cap[k] - 1e-6]
        if full:
            out.append(f"capacity exhausted at {', '.join(map(str, sorted(full)[:5]))}"
                       + (" ..." if len(full) > 5 else ""))
    own = keep[(keep["demand_id"] == demand_id) & np.isfinite(keep["capacity"].to_numpy(float))]
    full = [f"{r.part_id} ({r.supplier_id}, {r.capacity:g} pcs)" for r in own.itertuples()
            if used.get(r.Index, 0.0) >= r.capacity - 1e-6]
    if full:
        out.append(f"capacity exhausted: all that was offered is allocated: {', '.join(full[:5])}"
                   + (" ..." if len(full) > 5 else ""))
    if (mine["moq"] > 0).all():
        out.append(f"every eligible supplier has a minimum order ({mine['moq'].min():g}+ pieces)")
    return out or ["supplying more would cost more than the shortfall penalty"]


def _groups(d: pd.DataFrame, p: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, int, np.ndarray]:
    """Demand row of each pair, (demand, supplier) group code of each pair, count, group demand."""
    di = pd.Index(d["demand_id"]).get_indexer(p["demand_id"])
    gcode, guniq = pd.factorize(pd.MultiIndex.from_arrays([di, p["supplier_id"].to_numpy(object)])) \
        if len(p) else (np.array([], int), [])
    g_dem = np.asarray([t[0] for t in guniq], int) if len(guniq) else np.array([], int)
    return di, np.asarray(gcode), len(guniq), g_dem


def _n_binaries(d: pd.DataFrame, p: pd.DataFrame, max_suppliers: int | None) -> int:
    if not len(p):
        return 0
    _, gcode, n_g, _ = _groups(d, p)
    if max_suppliers is not None:
        return n_g
    return int(unique(gcode[p["moq"].to_numpy(float) > 0]).size)


def _choose_groups(d: pd.DataFrame, p: pd.DataFrame, x_lp: np.ndarray, unit: np.ndarray,
                   max_suppliers: int | None, min_domestic: float | None) -> np.ndarray:
    """Pairs of the supplier groups kept by LP-and-fix.

    Per demand, at most k groups by decreasing LP flow (ties and unused groups by unit cost);
    a group with an MOQ only if its LP flow reaches the MOQ; with a minimum domestic share
    the best domestic group is always among the k.
    """
    _di, gcode, n_g, g_dem = _groups(d, p)
    flow = np.bincount(gcode, weights=x_lp, minlength=n_g)
    g_moq = pd.Series(p["moq"].to_numpy(float)).groupby(gcode).max().reindex(range(n_g)).fillna(0).to_numpy()
    g_cost = pd.Series(unit).groupby(gcode).min().reindex(range(n_g)).to_numpy()
    g_dom = pd.Series(p["domestic"].to_numpy(bool)).groupby(gcode).any().reindex(range(n_g)).to_numpy(bool)
    ok = (g_moq <= 0) | (flow >= g_moq - 1e-6)
    k = max_suppliers if max_suppliers is not None else n_g
    # order key: LP flow first, then cheapness; groups that cannot be used go last
    order = np.lexsort((g_cost, -flow, ~ok, g_dem))
    pos = np.empty(n_g, int)
    starts = np.r_[0, np.flatnonzero(np.diff(g_dem[order])) + 1]
    rank_sorted = np.arange(n_g) - np.repeat(starts, np.diff(np.r_[starts, n_g]))
    pos[order] = rank_sorted
    keep_g = ok & (pos < k)
    if min_domestic and k < n_g:
        dom_rank = np.where(g_dom & ok, pos, n_g)
        best_dom = pd.Series(dom_rank).groupby(g_dem).transform("min").to_numpy()
        has_dom_kept = pd.Series(keep_g & g_dom).groupby(g_dem).transform("any").to_numpy(bool)
        add = ~has_dom_kept & (dom_rank == best_dom) & (dom_rank < n_g)
        # make room: drop the last kept group of those demands
        drop = (pos == k - 1) & keep_g & pd.Series(add).groupby(g_dem).transform("any").to_numpy(bool)
        keep_g = (keep_g & ~drop) | add
    return keep_g[gcode]


def _solve(d: pd.DataFrame, p: pd.DataFrame, *, part_capacity: Mapping[str, float] | None,
           supplier_capacity: Mapping[str, float] | None, max_suppliers: int | None,
           max_share: float | None, min_domestic: float | None, penalty: float,
           integer_quantities: bool, mip_rel_gap: float, relax: bool, time_limit_s: float,
           fix_y: bool | np.ndarray = False):
    """Build and solve the model (``relax``: the LP relaxation; ``fix_y``: the supplier groups
    of ``p`` (all, or those of the pairs flagged) are selected, so their MOQs become lower
    bounds and they need no binary); returns (res, x, u, solver)."""
    from scipy import sparse  # here: a new process that only searches does not load the solver
    from scipy.optimize import Bounds, LinearConstraint, milp

    t0 = time.perf_counter()
    n_p, n_d = len(p), len(d)
    integer_quantities = integer_quantities and not relax
    q = d["quantity"].to_numpy(float)
    unit = (p["unit_cost"] + p["risk_cost"]).to_numpy(float)
    share = 1.0 if max_share is None else float(max_share)
    di, gcode, n_g, g_dem = _groups(d, p)
    g_moq = pd.Series(p["moq"].to_numpy(float)).groupby(gcode).max().reindex(range(n_g)).fillna(0).to_numpy() \
        if n_g else np.array([])
    g_size = np.bincount(gcode, minlength=n_g) if n_g else np.array([], int)
    g_upper = share * q[g_dem] if n_g else np.array([])
    if integer_quantities:  # whole pieces: bounds to whole numbers too (HiGHS mis-handles
        g_upper = np.floor(g_upper + 1e-9)  # fractional bounds on integer columns)
    need_y = (g_moq > 0) | (max_suppliers is not None)
    y_of_g = np.full(n_g, -1)
    y_of_g[need_y] = np.arange(int(need_y.sum()))
    n_y = int(need_y.sum())
    nx, ny, nu = n_p, n_y, n_d
    nvar = nx + ny + nu
    c = np.concatenate([unit, np.zeros(ny), np.full(nu, penalty)])

    ub_x = np.minimum(np.minimum(q[di], share * q[di]), p["capacity"].to_numpy(float)) if n_p else np.array([])
    for keys, cap in ((p["part_id"].to_numpy(object), part_capacity),
                      (p["supplier_id"].to_numpy(object), supplier_capacity)):
        if cap:
            capv = pd.Series(cap, dtype=float).reindex(keys).to_numpy()
            ub_x = np.where(np.isfinite(capv), np.minimum(ub_x, capv), ub_x)
    if integer_quantities:
        ub_x = np.floor(ub_x + 1e-9)
    fixed_pair = np.broadcast_to(np.asarray(fix_y, bool), (n_p,))
    fixed_g = np.zeros(n_g, bool)
    fixed_g[gcode[fixed_pair]] = True
    y_fixed = fixed_g[need_y]
    lb = np.concatenate([np.zeros(nx), y_fixed.astype(float), np.zeros(nu)])
    ub = np.concatenate([ub_x, np.ones(ny), q])

    rows, cols, vals, lo, hi = [], [], [], [], []
    r0 = 0

    def add(r: np.ndarray, cc: np.ndarray, v: np.ndarray, low: np.ndarray, high: np.ndarray) -> None:
        nonlocal r0
        rows.append(r + r0)
        cols.append(cc)
        vals.append(v)
        lo.append(low)
        hi.append(high)
        r0 += len(low)

    # 1. balance
    add(np.concatenate([di, np.arange(n_d)]), np.concatenate([np.arange(n_p), nx + ny + np.arange(n_d)]),
        np.ones(n_p + n_d), q, q)
    # 2-3. capacity
    for keys, cap, name in ((p["part_id"].to_numpy(object), part_capacity, "part_capacity"),
                            (p["supplier_id"].to_numpy(object), supplier_capacity, "supplier_capacity")):
        r, cc, upper = _capacity_rows(keys, cap, name)
        if upper.size:
            add(r, cc, np.ones(r.size), np.full(upper.size, -np.inf), upper)
    # 4-5. link x to y (upper U_g, MOQ m_g)
    if n_y:
        gy = np.flatnonzero(need_y)
        ysel = need_y[gcode]
        px = np.flatnonzero(ysel)
        yrow = y_of_g[gcode[px]]
        U = g_upper[gy]
        add(np.concatenate([yrow, np.arange(n_y)]), np.concatenate([px, nx + np.arange(n_y)]),
            np.concatenate([np.ones(px.size), -U]), np.full(n_y, -np.inf), np.zeros(n_y))
        has_moq = g_moq[gy] > 0
        m_rows = np.cumsum(has_moq) - 1
        keep = has_moq[yrow]
        if has_moq.any():
            add(np.concatenate([m_rows[yrow[keep]], m_rows[has_moq]]),
                np.concatenate([px[keep], nx + np.flatnonzero(has_moq)]),
                np.concatenate([np.ones(int(keep.sum())), -g_moq[gy][has_moq]]),
                np.zeros(int(has_moq.sum())), np.full(int(has_moq.sum()), np.inf))
    # 6. at most k suppliers per demand
    if max_suppliers is not None and n_y:
        gy = np.flatnonzero(need_y)
        add(g_dem[gy], nx + np.arange(n_y), np.ones(n_y), np.full(n_d, -np.inf),
            np.full(n_d, float(max_suppliers)))
    # 7. share cap for groups of several pairs without y (single pairs: bound already)
    if max_share is not None and n_g:
        multi = (g_size > 1) & ~need_y
        if multi.any():
            gm = np.flatnonzero(multi)
            row_of = np.full(n_g, -1)
            row_of[gm] = np.arange(gm.size)
            px = np.flatnonzero(multi[gcode])
            add(row_of[gcode[px]], px, np.ones(px.size), np.full(gm.size, -np.inf), g_upper[gm])
    # 8. minimum domestic share of what each demand receives
    if min_domestic:
        dom = p["domestic"].to_numpy(bool)
        add(di, np.arange(n_p), dom.astype(float) - float(min_domestic), np.zeros(n_d), np.full(n_d, np.inf))

    A = sparse.csr_array((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                         shape=(r0, nvar))
    integrality = np.concatenate([np.full(nx, 1 if integer_quantities else 0),
                                  np.where(y_fixed, 0, 0 if relax else 1),
                                  np.full(nu, 1 if integer_quantities else 0)])
    t_build = time.perf_counter() - t0
    res = milp(c, constraints=LinearConstraint(A, np.concatenate(lo), np.concatenate(hi)),
               integrality=integrality, bounds=Bounds(lb, ub),
               options={"time_limit": time_limit_s, "mip_rel_gap": mip_rel_gap, "disp": _DISP})
    solver = {"name": "HiGHS via scipy.optimize.milp", "message": str(res.message),
              "status_code": int(res.status), "build_s": t_build,
              "solve_s": time.perf_counter() - t0 - t_build,
              "variables": int(nvar), "binaries": 0 if relax else int((~y_fixed).sum()),
              "constraints": int(r0),
              "mip_gap": float(getattr(res, "mip_gap", 0.0) or 0.0)}
    if res.x is None:
        return res, None, None, solver
    x = res.x[:nx]
    u = res.x[nx + ny:]
    if integer_quantities:
        x, u = np.round(x), np.round(u)
    return res, np.where(x > 1e-6, x, 0.0), np.where(u > 1e-6, u, 0.0), solver
