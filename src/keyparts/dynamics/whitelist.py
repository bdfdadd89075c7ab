"""A protected list ("whitelist"): the smallest set of suppliers that keeps named lines running.

In a general stoppage (every firm not on the list loses all capacity, as during the 2022
lockdowns when China's MIIT let only whitelisted firms of key supply chains run), the lines
``protect`` (firm rows, e.g. an OEM's product lines) must keep their full pre-shock output on
each of the first ``days`` days of the daily model (:func:`keyparts.dynamics.simulate`; the
lines themselves run). Candidates are the firms upstream of the lines (with a chain of supply
to one of them); others cannot help.

- ``exact``: every subset of the candidates in order of size (then of total ESRI, highest
  first); the first that works is a smallest list. Used when there are at most
  ``exact_limit`` candidates (default 12: 4096 runs).
- ``greedy``: add the candidate of highest ESRI among those upstream of a line that falls
  short, until every line runs; then drop, lowest ESRI first, every member whose removal keeps
  them running. The result is minimal (no member can go) but not always smallest.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order

from keyparts.arrays import unique
from keyparts.dynamics.engine import simulate
from keyparts.dynamics.esri import esri
from keyparts.dynamics.network import Network
from keyparts.errors import InputError

TOL = 1e-9


@dataclass(frozen=True)
class Whitelist:
    protect: tuple[str, ...]
    days: int
    suppliers: tuple[str, ...]          # the list, highest ESRI first
    esri: tuple[float, ...]             # of each listed supplier
    method: str                         # exact or greedy
    candidates: int
    runs: int                           # daily-model runs spent
    feasible: bool                      # False: even every candidate together does not suffice

    def to_dict(self) -> dict:
        return {"protect": list(self.protect), "days": self.days, "method": self.method,
                "feasible": self.feasible, "candidates": self.candidates, "runs": self.runs,
                "suppliers": [{"id": s, "esri": e} for s, e in zip(self.suppliers, self.esri,
                                                                     strict=True)]}


def upstream(net: Network, rows: np.ndarray) -> np.ndarray:
    """Firms with a chain of supply to any of ``rows`` (the rows excluded)."""
    n = net.n_firms
    g = sp.csr_matrix((np.ones(net.n_links + rows.size),
                       (np.r_[net.customer, np.full(rows.size, n)], np.r_[net.supplier, rows])),
                      shape=(n + 1, n + 1))
    seen = breadth_first_order(g, n, directed=True, return_predecessors=False)
    out = np.setdiff1d(seen[seen < n], rows)
    return out


def whitelist(net: Network, protect, *, days: int, method: str = "auto", exact_limit: int = 12,
              **sim) -> Whitelist:
    """The protected list for lines ``protect`` (firm rows or firm ids) over ``days`` days.

    ``method`` is ``exact``, ``greedy`` or ``auto`` (exact up to ``exact_limit`` candidates);
    ``sim`` goes to :func:`simulate` (rationing, inventory_days, tau, ...)."""
    ids = {f: i for i, f in enumerate(net.firm_ids)}
    rows = []
    for p in protect:
        if isinstance(p, str):
            if p not in ids:
                raise InputError(f"--protect: {p!r} is not a firm (or product line) of the network")
            rows.append(ids[p])
        else:
            rows.append(int(p))
    rows_a = unique(np.asarray(rows, dtype=np.int64))
    if days < 1:
        raise InputError(f"--days: {days} (expected at least one day)")
    if method not in ("auto", "exact", "greedy"):
        raise InputError(f"method: {method!r} (expected auto, exact or greedy)")
    cand = upstream(net, rows_a)
    risk = np.zeros(net.n_firms)                 # ESRI of the candidates only
    if cand.size:
        risk[cand] = esri(net, groups={str(i): np.array([i]) for i in cand}).esri
    p0 = net.output[rows_a]
    runs = 0

    def runs_ok(listed: np.ndarray) -> bool:
        nonlocal runs
        runs += 1
        delta = np.full(net.n_firms, 1.0)
        delta[rows_a] = -1.0
        delta[listed] = -1.0
        res = simulate(net, days=days, delta=delta, track_firms=rows_a, **sim)
        got = np.asarray(res.tracked_production).reshape(days, rows_a.size)
        return bool((got >= p0 * (1 - TOL) - 1e-12).all())

    use_exact = method == "exact" or (method == "auto" and cand.size <= exact_limit)
    chosen: np.ndarray | None = None
    if not runs_ok(cand):
        chosen, feasible = cand, False
    else:
        feasible = True
        if use_exact:
            for k in range(cand.size + 1):
                subsets = sorted(itertools.combinations(cand.tolist(), k),
                                 key=lambda s: -risk[list(s)].sum() if s else 0.0)
                for s in subsets:
                    if runs_ok(np.asarray(s, dtype=np.int64)):
                        chosen = np.asarray(s, dtype=np.int64)
                        break
                if chosen is not None:
                    break
        else:
            chosen = _greedy(net, rows_a, cand, risk, runs_ok)
    order = chosen[np.argsort(-risk[chosen], kind="stable")]
    return Whitelist(tuple(net.firm_ids[i] for i in rows_a), int(days),
                     tuple(net.firm_ids[i] for i in order), tuple(float(risk[i]) for i in order),
                     "exact" if use_exact else "greedy", int(cand.size), runs, feasible)


def _greedy(net, rows, cand, risk, runs_ok) -> np.ndarray:
    listed: list[int] = []
    left = set(cand.tolist())
    while not runs_ok(np.asarray(listed, dtype=np.int64)):
        # among the candidates upstream of the lines, the highest ESRI first
        best = max(left, key=lambda i: (risk[i], -i))
        listed.append(best)
        left.discard(best)
    for i in sorted(listed, key=lambda i: (risk[i], i)):
        trial = [j for j in listed if j != i]
        if runs_ok(np.asarray(trial, dtype=np.int64)):
            listed = trial
    return np.asarray(listed, dtype=np.int64)
