"""Economic systemic risk index (ESRI) of firms: the share of the network's output lost when a
firm fails, after Diem, Borsos, Reisch, Kertész & Thurner (2022, *Scientific Reports* 12:7719,
Methods).

Each firm has a production level ``h_i`` (1 before the shock). The failing set ``F`` is held at
0; the others follow, from ``h = 1``, ``h(t+1) = min(h_down(t+1), h_up(t+1), 1)`` until no level
moves by more than ``tol``:

- downstream, supply: with ``Pi_ik = sum_{j in sector k} W_ji`` the pre-shock input of sector
  ``k`` to firm ``i`` (``W_ji`` the flow from supplier ``j`` to customer ``i``) and
  ``s_i = sum_j W_ji`` all its pre-shock inputs,
  ``h_down_i = min( min_{k essential} sum_{j in k} W_ji h_j / Pi_ik,
  1 - beta_i (1 - sum_{j non-essential} W_ji h_j / sum_{j non-essential} W_ji) )``: essential
  inputs are Leontief (the scarcest sector binds); non-essential inputs reduce output linearly,
  by the share of all inputs that is lost: ``beta_i = sum_{j non-essential} W_ji / s_i``, i.e.
  ``h_down_i <= 1 - sum_{j non-essential} W_ji (1 - h_j) / s_i`` (the generalized Leontief
  production function of Diem et al. 2022, Methods, as the authors implement it in their R
  package GLcascade 0.9.3.1: a non-essential link weighs ``W_ji / s_i``, an essential one
  ``W_ji / Pi_ik``, function ``Lambda_d_calc_r``, and the linear inputs enter as
  ``sum_k pi_ik - n_k + 1``, function ``GL_cascade_dynamics``). ``nonessential_weight=b`` (a
  number) replaces ``beta_i`` by ``b`` for every firm, for sensitivity runs;
- upstream, demand: ``h_up_i = (c_i + sum_j W_ij h_j) / (c_i + sum_j W_ij)``: a supplier sells
  less when its customers make less, in proportion; final demand ``c_i`` does not shrink (the
  paper's networks have no final demand: ``c = 0`` there).

``ESRI_F = sum_i P0_i (1 - h_i) / sum_i P0_i`` with ``P0`` the pre-shock output
(final demand + sales), the failing firms' own output included. A link's input counts as
essential when :attr:`Network.essential` says so (all links when it is None).

Not verified against the paper's own text: its equation numbers (the paper could not be read
here; the rule above is taken from the authors' published implementation). Known difference from
that implementation: GLcascade iterates the downstream and the upstream cascade apart, each from
its own levels, and takes ``min(h_down, h_up)`` per firm at the end; keyparts iterates one level
``h = min(h_down, h_up, 1)``, so a shortfall that travels up can travel down again: its ESRI is
never below GLcascade's on the same network and weights. GLcascade weighs firms by out-strength
(sales to firms) by default; keyparts by output including final demand.

Many failing sets are propagated together as the columns of one matrix (sparse products).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from keyparts.dynamics.network import Network
from keyparts.errors import InputError


@dataclass(frozen=True, eq=False)
class _Operators:
    ess_in: sp.csr_matrix      # essential slots x firms: W_ji of supplier j into the slot
    ess_pi: np.ndarray         # per essential slot: Pi_ik
    ess_starts: np.ndarray     # first slot of each customer having one
    ess_buyers: np.ndarray     # those customers
    ne_in: sp.csr_matrix       # firms x firms: non-essential W_ji (row = customer)
    ne_total: np.ndarray       # per firm: sum of its non-essential inputs
    in_total: np.ndarray       # per firm: sum of all its inputs
    up: sp.csr_matrix          # firms x firms: W_ij (row = supplier)
    c: np.ndarray
    sales_c: np.ndarray        # c + sales per firm
    output: np.ndarray


def _operators(net: Network) -> _Operators:
    n = net.n_firms
    ess = np.ones(net.n_links, dtype=bool) if net.essential is None else net.essential
    sec = np.unique(net.sector, return_inverse=True)[1].astype(np.int64)
    n_sec = int(sec.max()) + 1 if n else 1
    s, c_, w = net.supplier[ess], net.customer[ess], net.flow[ess]
    key = c_ * n_sec + sec[s]
    ukey, slot = np.unique(key, return_inverse=True)
    ess_in = sp.csr_matrix((w, (slot, s)), shape=(ukey.shape[0], n))
    ess_pi = np.bincount(slot, weights=w, minlength=ukey.shape[0])
    buyers, starts = np.unique(ukey // n_sec, return_index=True)
    ne = ~ess
    ne_in = sp.csr_matrix((net.flow[ne], (net.customer[ne], net.supplier[ne])), shape=(n, n))
    ne_total = np.bincount(net.customer[ne], weights=net.flow[ne], minlength=n)
    up = sp.csr_matrix((net.flow, (net.supplier, net.customer)), shape=(n, n))
    out = net.output
    return _Operators(ess_in, ess_pi, starts, buyers, ne_in, ne_total, net.inputs, up,
                      net.final_demand, out, out)


def propagate(net: Network, failed: np.ndarray, *, nonessential_weight: float | None = None,
              tol: float = 1e-10, max_iter: int = 10_000, _ops: _Operators | None = None
              ) -> np.ndarray:
    """Production levels after the failure of each column's firms.

    ``failed`` is a bool matrix firms x scenarios (or a vector for one scenario); returns the
    levels ``h`` of the same shape (see the module docstring)."""
    if nonessential_weight is not None and not 0 <= nonessential_weight <= 1:
        raise InputError(f"nonessential_weight: {nonessential_weight} is not between 0 and 1")
    ops = _ops or _operators(net)
    if nonessential_weight is None:                  # beta_i: non-essential share of inputs
        beta = np.divide(ops.ne_total, ops.in_total, out=np.zeros(net.n_firms),
                         where=ops.in_total > 0)[:, None]
    else:
        beta = np.full((net.n_firms, 1), float(nonessential_weight))
    f = np.asarray(failed, dtype=bool)
    one = f.ndim == 1
    f = f.reshape(net.n_firms, -1)
    psi = np.where(f, 0.0, 1.0)
    h = psi.copy()
    has_ne = ops.ne_total > 0
    has_sales = ops.sales_c > 0
    for _ in range(max_iter):
        new = psi.copy()
        if ops.ess_buyers.size:
            ratio = (ops.ess_in @ h) / ops.ess_pi[:, None]
            down = np.minimum.reduceat(ratio, ops.ess_starts, axis=0)
            new[ops.ess_buyers] = np.minimum(new[ops.ess_buyers], down)
        if has_ne.any():
            lin = (ops.ne_in @ h)[has_ne] / ops.ne_total[has_ne, None]
            new[has_ne] = np.minimum(new[has_ne], 1.0 - beta[has_ne] * (1.0 - lin))
        if has_sales.any():
            upv = (ops.c[has_sales, None] + (ops.up @ h)[has_sales]) / ops.sales_c[has_sales, None]
            new[has_sales] = np.minimum(new[has_sales], upv)
        np.minimum(new, 1.0, out=new)
        done = np.abs(new - h).max() <= tol if new.size else True
        h = new
        if done:
            break
    return h[:, 0] if one else h


@dataclass(frozen=True)
class Esri:
    """ESRI of each firm (or group of firms), in the network's firm order."""

    firm_ids: tuple[str, ...]
    esri: tuple[float, ...]
    nonessential_weight: float | None   # None: each firm's non-essential share of its inputs
    method: str = ("Diem et al. 2022 (Sci. Rep. 12:7719): downstream generalized Leontief, "
                   "upstream linear, share of pre-shock output lost")

    def ranked(self, top: int | None = None) -> list[tuple[str, float]]:
        order = sorted(range(len(self.esri)), key=lambda i: (-self.esri[i], self.firm_ids[i]))
        return [(self.firm_ids[i], self.esri[i]) for i in order[:top]]

    def to_dict(self, top: int | None = None) -> dict:
        return {"method": self.method, "nonessential_weight": self.nonessential_weight,
                "firms": [{"id": f, "esri": e} for f, e in self.ranked(top)]}


def esri(net: Network, *, groups: dict[str, np.ndarray] | None = None,
         nonessential_weight: float | None = None, tol: float = 1e-10, batch: int = 256) -> Esri:
    """ESRI of every firm, or of every named group of firm rows failing together (e.g. all
    plants of a part category) when ``groups`` is given."""
    n = net.n_firms
    ops = _operators(net)
    total = float(ops.output.sum())
    names = list(net.firm_ids) if groups is None else list(groups)
    members = [np.array([i]) for i in range(n)] if groups is None else \
        [np.asarray(groups[g], dtype=np.int64) for g in names]
    out = np.zeros(len(names))
    for lo in range(0, len(names), batch):
        chunk = members[lo:lo + batch]
        f = np.zeros((n, len(chunk)), dtype=bool)
        for j, rows in enumerate(chunk):
            f[rows, j] = True
        h = propagate(net, f, nonessential_weight=nonessential_weight, tol=tol, _ops=ops)
        out[lo:lo + len(chunk)] = np.clip((ops.output[:, None] * (1.0 - h)).sum(axis=0) / total,
                                          0.0, 1.0) if total > 0 else 0.0
    return Esri(tuple(names), tuple(float(x) for x in out),
                None if nonessential_weight is None else float(nonessential_weight))


def second_source(net: Network, firm: int | str, *, candidates=None, share: float = 0.5,
                  nonessential_weight: float | None = None, top: int | None = 10
                  ) -> list[tuple[str, float]]:
    """The second sources that lower ``firm``'s ESRI most: for each candidate ``k`` (default:
    every other firm of the same sector), each customer of ``firm`` buys ``share`` of what it
    bought from ``firm`` from ``k`` instead (``k``'s output grows by as much), and ``firm``'s ESRI
    is computed on that network. Returns ``(candidate id, ESRI after)``, lowest first, with the
    firm's present ESRI as ``("", value)`` first."""
    if isinstance(firm, str):
        if firm not in net.firm_ids:
            raise InputError(f"second source: {firm!r} is not a firm of the network")
        f = net.firm_ids.index(firm)
    else:
        f = int(firm)
    if not 0 < share <= 1:
        raise InputError(f"share: {share} (expected 0 < share <= 1)")
    cand = (np.flatnonzero((net.sector == net.sector[f]) & (np.arange(net.n_firms) != f))
            if candidates is None else np.asarray(candidates, dtype=np.int64))
    from keyparts.dynamics.network import network

    fail = np.zeros(net.n_firms, dtype=bool)
    fail[f] = True
    base = esri(net, groups={"": np.array([f])}, nonessential_weight=nonessential_weight).esri[0]
    out_l = net.supplier == f
    ess = np.ones(net.n_links, dtype=bool) if net.essential is None else net.essential
    res = []
    for k in cand.tolist():
        moved = out_l & (net.customer != k)
        sup = np.r_[net.supplier, np.full(int(moved.sum()), k)]
        cus = np.r_[net.customer, net.customer[moved]]
        flow = np.r_[np.where(moved, net.flow * (1 - share), net.flow), net.flow[moved] * share]
        e = np.r_[ess, ess[moved]]
        keep = flow > 0
        key = sup[keep] * net.n_firms + cus[keep]
        u, inv = np.unique(key, return_inverse=True)
        fl = np.bincount(inv, weights=flow[keep])
        es = np.bincount(inv, weights=e[keep].astype(float)) > 0
        alt = network(u // net.n_firms, u % net.n_firms, fl, net.final_demand, net.sector,
                      net.firm_ids, essential=es)
        ops = _operators(alt)
        h = propagate(alt, fail, nonessential_weight=nonessential_weight, _ops=ops)
        res.append((net.firm_ids[k], float((ops.output * (1 - h)).sum() / ops.output.sum())))
    res.sort(key=lambda x: (x[1], x[0]))
    return [("", float(base))] + res[:top]
