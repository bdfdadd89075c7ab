"""Daily propagation of a production shock through a firm network (adaptive, ARIO-type).

The model is the firm-level adaptation by Inoue & Todo (2019, Nature Sustainability 2:841,
Methods) of Hallegatte's adaptive regional input-output model (2008, Risk Analysis 28:779,
section 3) and Henriet & Hallegatte's firm version. Every amount is a daily flow in the unit of
the network. Notation: firm ``i`` buys ``A_ij`` per day from supplier ``j`` before the shock,
produces ``P0_i = c_i + sum_k A_ki`` and holds an inventory ``S_ij`` of ``j``'s product.

Each day ``t``:

1. Shocks of the day set ``delta_i`` and capacity ``Pcap_i = (1 - delta_i) P0_i``.
2. Inventories: ``S_ij <- S_ij + O*_ij - S_ij / S_i,s(j) x A_i,s(j) x P_i / P0_i``: yesterday's
   deliveries arrive and yesterday's production used its inputs of each sector ``s`` in
   proportion to the inventory held from each supplier of that sector (``S_i,s`` and
   ``A_i,s`` are sums over the suppliers in sector ``s``). Negative results become 0.
3. Orders (Inoue & Todo 2019, Methods; Hallegatte 2008 eq. 8):
   ``O_ij = A_ij D*_i / P0_i + (n_i A_ij D*_i / P0_i - S_ij) / tau``, floored at 0, where
   ``D*_i`` is yesterday's production and ``n_i`` the target inventory in days.
   ``order="keep-initial"`` uses ``n_i A_ij`` as target; ``order="no-negative"`` drops the
   second term when it is negative.
4. Demand ``D_i = c_i + sum_k O_ki``.
5. Production, Leontief on the scarcest input sector:
   ``P_i = min(Pcap_i, min_s S_i,s / A_i,s x P0_i, D_i)``.
6. Rationing of ``P_i`` among orders and final demand (:mod:`keyparts.dynamics.rationing`)
   gives tomorrow's deliveries ``O*_ki`` and today's final consumption.
7. Recovery, after each day from the day of the shock on, over ``N = recovery_days``:
   ``proportional`` lowers ``delta_i`` by ``delta0_i / N`` a day (Inoue & Todo 2019, Methods);
   ``uniform`` by ``1 / N`` a day whatever ``delta0_i``; ``immediate`` sets it to 0;
   ``exponential`` sets it to ``delta0_i exp(-t / N)`` with ``t`` counted from day 0, not from the
   shock day, as the reference does (its ``-b 0``, ``-b 1``, ``-b 2``, ``-b 4``);
   ``damped-renewal`` multiplies it by ``1 - h_i / N`` with ``h_i`` one minus the mean current
   ``delta`` of the firm's suppliers and customers (each link counted once, a partner on two
   links twice), the firms taken in their order and each seeing the values already updated
   that day, as the reference's ``-b 5`` does. Never below 0.
   ``recovery_delay_days=S`` holds capacity down for the first S days after the shock (``-S``).

Value added of firm ``i`` on a day is its output value minus the intermediate inputs that output
consumes: ``VA_i = P_i - sum_j A_ij P_i / P0_i = P_i (1 - sum_j A_ij / P0_i)``, the gross value
added of the System of National Accounts (SNA 2008, para. 6.8: output less intermediate
consumption) at pre-shock prices, with the fixed technical coefficients ``A_ij / P0_i`` of the
model's Leontief technology (Hallegatte 2008, section 3: value added is production times one
minus the sum of the technical coefficients). Inputs are charged when used, not when bought, so
inventory building does not lower value added. Before any shock ``sum_i VA_i = sum_i c_i``:
national value added equals final demand (each flow ``A_ij`` is output of ``j`` and input of
``i`` once). Output made by substitute suppliers (:mod:`keyparts.dynamics.substitution`) adds
value added at the maker's share.

The steps follow the order of the reference simulator (``proNet.cpp`` of
HiroyasuInoue/ProductionNetworkSimulator). With the ``compat-R*`` rules steps 2-3 are also
evaluated in its order of operations, so daily totals match it to rounding even where the
dynamics amplify rounding; the exact rules evaluate them as deviations from the pre-shock day,
which makes that day an exact fixed point (no shock, no loss, for any number of days).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

import numpy as np

from keyparts.dynamics.network import Network
from keyparts.dynamics.rationing import RULES, ration
from keyparts.errors import InputError

ORDERS = ("normal", "keep-initial", "no-negative")
RECOVERIES = (None, "proportional", "uniform", "immediate", "exponential", "damped-renewal")
_EPS = 1e-20  # the reference's absolute "almost zero"


@dataclass(frozen=True)
class Simulation:
    """Daily totals of a run. Amounts per day in the unit of the network's flows."""

    days: tuple[int, ...]
    production: tuple[float, ...]
    final_consumption: tuple[float, ...]
    value_added: tuple[float, ...]
    baseline_production: float
    baseline_final_consumption: float
    baseline_value_added: float
    rationing: str
    tau: float
    inventory_days: float | str
    order: str
    recovery: str | None
    recovery_days: int | None
    recovery_delay_days: int
    n_firms: int
    n_links: int
    n_shocked: int
    firm_production: dict[int, tuple[float, ...]] = field(default_factory=dict)
    firm_ids: tuple[str, ...] = ()           # set when firm_production is
    tracked_firms: tuple[int, ...] = ()      # firm rows whose production is kept every day
    tracked_production: tuple[tuple[float, ...], ...] = ()  # per day, one value per tracked firm
    # value added per day of each group of firms: dimension (e.g. "region") -> label -> per day
    value_added_by: dict[str, dict[str, tuple[float, ...]]] = field(default_factory=dict)
    tracked_value_added: tuple[tuple[float, ...], ...] = ()  # per day, one value per tracked firm
    baseline_value_added_by: dict[str, dict[str, float]] = field(default_factory=dict)

    def value_added_lost(self) -> dict[str, dict[str, float]]:
        """Per dimension and label: pre-shock value added times the days minus the value added
        of the run (amount)."""
        return {dim: {k: float(self.baseline_value_added_by[dim][k] * len(self.days) - sum(v))
                      for k, v in groups.items()} for dim, groups in self.value_added_by.items()}

    @property
    def production_loss(self) -> float:
        """Sum over the days of baseline minus production (amount)."""
        return float(sum(self.baseline_production - p for p in self.production))

    def to_dict(self) -> dict:
        d = {k: getattr(self, k) for k in (
            "days", "production", "final_consumption", "value_added", "baseline_production",
            "baseline_final_consumption", "baseline_value_added", "rationing", "tau",
            "inventory_days", "order", "recovery", "recovery_days", "recovery_delay_days", "n_firms",
            "n_links",
            "n_shocked")}
        d = {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}
        d["production_loss"] = self.production_loss
        if self.tracked_firms:
            d["tracked_firms"] = list(self.tracked_firms)
            d["tracked_production"] = [list(x) for x in self.tracked_production]
            d["tracked_value_added"] = [list(x) for x in self.tracked_value_added]
        if self.value_added_by:
            d["value_added_by"] = {dim: {k: list(v) for k, v in groups.items()}
                                   for dim, groups in self.value_added_by.items()}
            d["baseline_value_added_by"] = self.baseline_value_added_by
            d["value_added_lost"] = self.value_added_lost()
        if self.firm_production:
            d["firm_ids"] = list(self.firm_ids)
            d["firm_production"] = {str(k): list(v) for k, v in self.firm_production.items()}
        return d


@dataclass(frozen=True, eq=False)
class _Prepared:
    """Edge arrays sorted by (customer, sector of supplier, supplier) and the (customer, input
    sector) slots. In this order every per-slot or per-customer value is spread over the links
    by ``np.repeat`` (sequential) rather than by a random gather, and sums per supplier run over
    its customers in their order (as the reference sums them)."""

    sup: np.ndarray
    cus: np.ndarray
    flow: np.ndarray
    slot: np.ndarray          # per link: its (customer, sector of supplier) slot, non-decreasing
    slot_counts: np.ndarray   # links per slot
    cus_counts: np.ndarray    # links per firm as customer
    slot_customer: np.ndarray
    slot_flow: np.ndarray     # A_i,s
    slot_starts: np.ndarray   # first slot of each customer having one
    buyers: np.ndarray        # firms with at least one supplier (same order as slot_starts)
    slot_binds: np.ndarray | None  # per slot: has an essential link (None: all do)
    slot_key: np.ndarray      # per slot: customer x n_sectors + sector code
    sectors: np.ndarray       # sorted distinct sectors (code = position)

    def by_slot(self, a: np.ndarray) -> np.ndarray:
        return np.repeat(a, self.slot_counts)

    def by_customer(self, a: np.ndarray) -> np.ndarray:
        return np.repeat(a, self.cus_counts)


def _prepare(net: Network) -> _Prepared:
    sec_code = np.unique(net.sector, return_inverse=True)[1].astype(np.int64)
    n_sec = int(sec_code.max()) + 1 if net.n_firms else 1
    o = np.lexsort((net.supplier, sec_code[net.supplier], net.customer))
    sup, cus, flow = net.supplier[o], net.customer[o], net.flow[o]
    key = cus * n_sec + sec_code[sup]
    ukey, slot, slot_counts = np.unique(key, return_inverse=True, return_counts=True)
    slot_customer = ukey // n_sec
    slot_flow = np.bincount(slot, weights=flow, minlength=ukey.shape[0])
    buyers, slot_starts = np.unique(slot_customer, return_index=True)
    binds = None
    if net.essential is not None:
        binds = np.bincount(slot, weights=net.essential[o], minlength=ukey.shape[0]) > 0
    return _Prepared(sup, cus, flow, slot, slot_counts, np.bincount(cus, minlength=net.n_firms),
                     slot_customer, slot_flow, slot_starts, buyers, binds, ukey,
                     np.unique(net.sector))


_PREPARED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _prepared(net: Network) -> _Prepared:
    """:func:`_prepare` once per network object (ensembles run many members on one network)."""
    p = _PREPARED.get(net)
    if p is None:
        p = _PREPARED[net] = _prepare(net)
    return p


def _option_slots(p: _Prepared, buyer: np.ndarray, sector: np.ndarray) -> np.ndarray:
    """Slot of each (buyer, sector) pair, -1 where the buyer buys nothing of that sector."""
    n_sec = max(int(p.sectors.shape[0]), 1)
    code = np.searchsorted(p.sectors, sector)
    known = (code < p.sectors.shape[0]) & (p.sectors[np.minimum(code, n_sec - 1)] == sector)
    key = buyer * n_sec + np.minimum(code, n_sec - 1)
    pos = np.searchsorted(p.slot_key, key)
    pos_c = np.minimum(pos, max(p.slot_key.shape[0] - 1, 0))
    ok = known & (pos < p.slot_key.shape[0])
    if p.slot_key.shape[0]:
        ok &= p.slot_key[pos_c] == key
    return np.where(ok, pos_c, -1)


def _per_firm(name: str, value, n: int, *, default: float) -> np.ndarray:
    if value is None:
        return np.full(n, default)
    a = np.asarray(value, dtype=np.float64)
    if a.ndim == 0:
        return np.full(n, float(a))
    if a.shape != (n,):
        raise InputError(f"{name}: {a.shape[0]} values, expected one per firm ({n}) or one number")
    return a


def _levels_step(p, target, stock, delivered, s_slot, prod, p0, tau, order, live):
    """Steps 2 and 3 on levels, in the reference's order of operations (compat rules).

    ``stock`` S_ij, ``delivered`` O*_ij, ``s_slot`` S_i,s of yesterday; returns the new
    inventories, the orders and the new S_i,s. At the pre-shock state one rounding can make
    an order differ from A_ij, and the model amplifies it (the reference drifts so).
    """
    nz = np.abs(s_slot) > _EPS
    use = np.zeros_like(s_slot)
    use[nz] = (prod / p0)[p.slot_customer[nz]] * (p.slot_flow[nz] / s_slot[nz])
    spent = stock * p.by_slot(use)
    new = stock + delivered
    new -= spent
    if live is not None:
        new = np.where(live, new, stock)
    new[new <= _EPS] = 0.0
    d_now, p_now = p.by_customer(prod), p.by_customer(p0)
    first = p.flow * d_now / p_now
    if order == "keep-initial":
        o = target - new
    else:
        gap = target * d_now / p_now
        gap -= new
        o = gap.copy()
    o *= 1.0 / tau
    o += first
    if order == "no-negative":
        o = np.where(gap <= 0, first, o)
    if live is not None:
        o = np.where(live, o, p.flow)
    np.maximum(o, 0.0, out=o)
    return new, o, np.bincount(p.slot, weights=new, minlength=s_slot.shape[0])


def _gaps_step(p, target, gap, extra_in, s_slot, prod, p0, tau, order, live):
    """Steps 2 and 3 on deviations from the pre-shock day (exact rules).

    ``gap`` x_ij = S_ij - n_i A_ij, ``extra_in`` O*_ij - A_ij. The use of link ij,
    (P_i/P0_i) A_is S_ij / S_is, minus A_ij is
    ``(P_i/P0_i - 1) A_is S_ij / S_is + (x_ij A_is - A_ij x_is) / S_is``; the order minus A_ij
    is ``A_ij (r - 1) + (n A_ij (r - 1) - x_ij) / tau`` with r = D*_i / P0_i. Every term is 0 at
    the pre-shock state, so that state is an exact fixed point: evaluated as levels, one
    rounding there (1e-16) grows day after day, because capacity equals pre-shock output and a
    shortfall is never made up.
    """
    n_slots = s_slot.shape[0]
    ratio = prod / p0
    x_slot = np.bincount(p.slot, weights=gap, minlength=n_slots)
    nz = np.abs(s_slot) > _EPS
    inv_s = np.zeros(n_slots)
    np.divide(1.0, s_slot, out=inv_s, where=nz)
    # per link (in place, one temporary): use - A = k1 S_ij + x_ij A_is/S_is - A_ij x_is/S_is
    use = target + gap
    use *= p.by_slot((ratio[p.slot_customer] - 1.0) * p.slot_flow * inv_s)
    tmp = p.by_slot(p.slot_flow * inv_s)
    tmp *= gap
    use += tmp
    np.multiply(p.flow, p.by_slot(x_slot * inv_s), out=tmp)
    use -= tmp
    if not nz.all():
        np.copyto(use, -p.flow, where=p.by_slot(~nz))        # nothing held: nothing used
    new = gap + extra_in
    new -= use
    if live is not None:
        np.copyto(new, gap, where=~live)
    np.add(target, new, out=tmp)                             # S_ij
    empty = tmp <= _EPS
    np.copyto(new, -target, where=empty)
    np.copyto(tmp, 0.0, where=empty)
    s_new = np.bincount(p.slot, weights=tmp, minlength=n_slots)
    dr1 = p.by_customer(ratio - 1.0)
    if order == "keep-initial":
        o = np.negative(new)
    else:
        o = target * dr1
        o -= new
    if order == "no-negative":
        np.maximum(o, 0.0, out=o)
    o /= tau
    np.multiply(p.flow, dr1, out=tmp)
    o += tmp
    o += p.flow
    if live is not None:
        np.copyto(o, p.flow, where=~live)
    np.maximum(o, 0.0, out=o)
    return new, o, s_new


def simulate(net: Network, *, days: int = 60, delta=None, shock_day=None,
             rationing: str = "proportional", tau: float = 6.0, inventory_days=15,
             order: str = "normal", recovery: str | None = None,
             recovery_days: int | None = None, recovery_delay_days: int = 0,
             firm_snapshots: tuple[int, ...] = (), final_demand_by_day=None,
             track_firms=(), substitution=None, initial_inventory_days=None,
             value_added_by=None) -> Simulation:
    """Run the daily model for ``days`` days after a shock.

    ``delta`` (per firm, 0..1, or None for no shock) is the share of capacity lost on
    ``shock_day`` (per firm, default day 0). ``tau`` (days) is the inventory adjustment time,
    ``inventory_days`` the target inventory ``n`` in days of use (one number or one per firm;
    the initial inventory equals it). ``rationing`` is one of :data:`RULES`; ``order`` one of
    :data:`ORDERS`; ``recovery`` one of :data:`RECOVERIES` with ``recovery_days=N`` (see the
    module docstring; ``"proportional"`` restores capacity linearly over N days). Defaults
    (tau 6, n 15) are those of the reference simulator.
    ``firm_snapshots`` lists days whose production per firm (in the network's firm order,
    ``firm_ids``) is kept in the result. ``final_demand_by_day`` maps a day to the final demand
    per firm of that day (other days: the network's; the reference's ``-M``); pre-shock
    output stays that of the network's final demand.
    ``value_added_by`` maps a dimension name (e.g. ``"region"``) to a label per firm (None: the
    firm is in no group of that dimension); the result keeps each label's value added per day
    (see the module docstring). ``track_firms`` rows get their production and value added kept
    every day.
    """
    n = net.n_firms
    if rationing not in RULES:
        raise InputError(f"rationing: {rationing!r} is unknown (expected one of {', '.join(RULES)})")
    if order not in ORDERS:
        raise InputError(f"order: {order!r} is unknown (expected one of {', '.join(ORDERS)})")
    if recovery not in RECOVERIES:
        raise InputError(f"recovery: {recovery!r} is unknown (expected one of "
                         f"{', '.join(r for r in RECOVERIES if r)} or none)")
    if recovery is not None and not (recovery_days and recovery_days > 0):
        raise InputError(f"recovery_days: {recovery} recovery needs a number of days > 0")
    if recovery_delay_days < 0:
        raise InputError(f"recovery_delay_days: {recovery_delay_days} is negative")
    if not tau > 0:
        raise InputError(f"tau: {tau!r} is not a number of days > 0")
    if days < 0:
        raise InputError(f"days: {days} is negative")
    n_days = _per_firm("inventory_days", inventory_days, n, default=15.0)
    if (n_days < 0).any() or not np.isfinite(n_days).all():
        raise InputError("inventory_days: expected days >= 0")
    ini_days = n_days if initial_inventory_days is None else _per_firm(
        "initial_inventory_days", initial_inventory_days, n, default=15.0)
    if (ini_days < 0).any() or not np.isfinite(ini_days).all():
        raise InputError("initial_inventory_days: expected days >= 0")
    reserve = _per_firm("delta", delta, n, default=-1.0)  # -1: no shock (as the reference)
    if ((reserve > 1) | ((reserve < 0) & (reserve != -1)) | ~np.isfinite(reserve)).any():
        raise InputError("delta: expected shares of capacity lost between 0 and 1")
    try:
        start = np.zeros(n, dtype=np.int64) if shock_day is None else \
            np.broadcast_to(np.asarray(shock_day, dtype=np.int64), (n,)).copy()
    except ValueError:
        raise InputError(f"shock_day: expected one day or one per firm ({n})") from None
    if (start < 0).any():
        raise InputError("shock_day: expected days >= 0")

    va_groups = _value_added_groups(value_added_by, n)
    daily_c = {}
    for day, v in (final_demand_by_day or {}).items():
        a = np.asarray(v, dtype=np.float64)
        if a.shape != (n,) or not (np.isfinite(a) & (a >= 0)).all():
            raise InputError(f"final_demand_by_day: day {day}: expected one amount >= 0 per firm ({n})")
        daily_c[int(day)] = a

    p = _prepared(net)
    c = net.final_demand
    p0 = c + np.bincount(p.sup, weights=p.flow, minlength=n)
    va_share = np.zeros(n)
    np.divide(p0 - np.bincount(p.cus, weights=p.flow, minlength=n), p0, out=va_share, where=p0 > 0)
    live = p0[p.cus] != 0                     # customers with output; others keep S and order A
    safe_p0 = np.where(p0 != 0, p0, 1.0)
    target = n_days[p.cus] * p.flow           # n_i A_ij

    # Inventories and orders: rules proportional and priority keep them as deviations from the
    # pre-shock day (see _gaps_step), compat-R* as levels in the reference's order of operations.
    exact = not rationing.startswith("compat")
    start_stock = target if initial_inventory_days is None else ini_days[p.cus] * p.flow
    held = start_stock - target if exact else start_stock.copy()    # x_ij, or S_ij
    arrived = np.zeros_like(target) if exact else p.flow.copy()    # O*_ij - A_ij, or O*_ij
    prod = p0.copy()                          # P_i (yesterday's = D*_i)
    cap = p0.copy()
    dlt = np.zeros(n)
    step = reserve / recovery_days if recovery else np.zeros(n)
    s_slot = np.bincount(p.slot, weights=start_stock, minlength=p.slot_flow.shape[0])  # S_i,s
    live_mask = None if live.all() else live
    p0_slot = p0[p.slot_customer]
    out_p, out_c, out_v, snaps, tracked, tracked_va = [], [], [], {}, [], []
    va_daily = {dim: [] for dim in va_groups}
    track = np.asarray(track_firms, dtype=np.int64)

    if recovery == "damped-renewal":
        # neighbours of each firm: its suppliers then its customers (CSR over firms)
        nb_owner = np.concatenate([net.customer, net.supplier])
        nb_other = np.concatenate([net.supplier, net.customer])
        o_nb = np.argsort(nb_owner, kind="stable")
        nb_other = nb_other[o_nb]
        nb_ptr = np.concatenate([[0], np.cumsum(np.bincount(nb_owner, minlength=n))])

    if substitution is not None:
        if substitution.spare.shape != (n,):
            raise InputError(f"substitution: spare capacity for {substitution.spare.shape[0]} firms, "
                             f"expected {n}")
        opt_slot = _option_slots(p, substitution.buyer, substitution.sector)
        shocked = reserve > 0
        t0 = int(start[shocked].min()) if shocked.any() else None
    extra_out = None

    for t in range(days):
        c_day = daily_c.get(t, c)
        hit = (reserve >= 0) & (start == t)
        dlt[hit] = reserve[hit]
        cap[hit] = p0[hit] * (1.0 - dlt[hit])
        # 2. inventories and 3. orders (P_i of yesterday is D*_i)
        stepper = _gaps_step if exact else _levels_step
        held, o, s_slot = stepper(p, target, held, arrived, s_slot, prod, safe_p0, tau, order,
                                  live_mask)

        # 4. demand; 5. production (Leontief on the scarcest input sector)
        demand = c_day + np.bincount(p.sup, weights=o, minlength=n)
        possible = s_slot / p.slot_flow * p0_slot
        if p.slot_binds is not None:
            possible[~p.slot_binds] = np.inf
        pmax = cap.copy()
        if p.buyers.size:
            pmax[p.buyers] = np.minimum(cap[p.buyers], np.minimum.reduceat(possible, p.slot_starts))
        prod = np.minimum(pmax, demand)

        # 6. rationing
        delivered, fc = ration(rationing, prod, demand, c_day, p.sup, o, p.flow,
                               c if daily_c else None)
        if substitution is not None and t0 is not None and t >= t0:
            from keyparts.dynamics.substitution import substitute_deliveries
            extra_in, extra_out = substitute_deliveries(
                substitution, opt_slot, t - t0, p.slot, np.maximum(o - delivered, 0.0),
                p.slot_flow.shape[0], n)
            delivered = delivered + extra_in
        arrived = delivered - p.flow if exact else delivered

        made = prod if extra_out is None else prod + extra_out
        out_p.append(float(made.sum()))
        out_c.append(float(fc.sum()))
        va = va_share * made
        out_v.append(float(va.sum()))
        for dim, (codes, labels, keep) in va_groups.items():
            va_daily[dim].append(np.bincount(codes, weights=va[keep], minlength=len(labels)))
        if t in firm_snapshots:
            snaps[t] = tuple(float(x) for x in made)
        if track.size:
            tracked.append(tuple(made[track].tolist()))
            tracked_va.append(tuple(va[track].tolist()))

        # 7. recovery
        if recovery:
            r = (dlt > 0) & (t - start >= recovery_delay_days)
            if recovery == "proportional":
                dlt[r] = dlt[r] - step[r]
            elif recovery == "uniform":
                dlt[r] = dlt[r] - 1.0 / recovery_days
            elif recovery == "immediate":
                dlt[r] = 0.0
            elif recovery == "damped-renewal":
                # sequential over the recovering firms (few), as the reference updates in place
                for i in np.flatnonzero(r):
                    nb = nb_other[nb_ptr[i]:nb_ptr[i + 1]]
                    h = 1.0 if nb.size == 0 else 1.0 - dlt[nb].sum() / nb.size
                    if h != 0:
                        dlt[i] *= 1.0 - (1.0 / recovery_days) * h
            else:
                dlt[r] = reserve[r] * np.exp(-float(t) / recovery_days)
            dlt[r] = np.maximum(dlt[r], 0.0)
            cap[r] = (1.0 - dlt[r]) * p0[r]

    inv = float(n_days[0]) if n and (n_days == n_days[0]).all() else "per firm"
    return Simulation(
        days=tuple(range(days)), production=tuple(out_p), final_consumption=tuple(out_c),
        value_added=tuple(out_v), baseline_production=float(p0.sum()),
        baseline_final_consumption=float(c.sum()), baseline_value_added=float((va_share * p0).sum()),
        rationing=rationing, tau=float(tau), inventory_days=inv, order=order, recovery=recovery,
        recovery_days=recovery_days if recovery else None,
        recovery_delay_days=int(recovery_delay_days) if recovery else 0, n_firms=n,
        n_links=net.n_links,
        n_shocked=int((reserve > 0).sum()), firm_production=snaps,
        firm_ids=net.firm_ids if snaps else (), tracked_firms=tuple(track.tolist()),
        tracked_production=tuple(tracked), tracked_value_added=tuple(tracked_va),
        value_added_by={dim: _series(labels, va_daily[dim], days)
                        for dim, (_c, labels, _k) in va_groups.items()},
        baseline_value_added_by={
            dim: dict(zip(labels, np.bincount(codes, weights=(va_share * p0)[keep],
                                              minlength=len(labels)).tolist(), strict=True))
            for dim, (codes, labels, keep) in va_groups.items()})


def _value_added_groups(value_added_by, n: int) -> dict:
    """Per dimension: group code of each grouped firm, the labels, and the grouped firm mask."""
    out = {}
    for dim, labels in (value_added_by or {}).items():
        lab = list(labels)
        if len(lab) != n:
            raise InputError(f"value_added_by: {dim}: {len(lab)} labels, expected one per firm ({n})")
        keep = np.array([x is not None for x in lab], dtype=bool)
        names, codes = np.unique(np.array([str(x) for x, k in zip(lab, keep, strict=True) if k],
                                          dtype=object).astype(str), return_inverse=True)
        out[str(dim)] = (codes.astype(np.int64), tuple(str(x) for x in names), keep)
    return out


def _series(labels: tuple[str, ...], rows: list, days: int) -> dict[str, tuple[float, ...]]:
    a = np.asarray(rows, dtype=np.float64).reshape(days, len(labels))
    return {lab: tuple(float(x) for x in a[:, j]) for j, lab in enumerate(labels)}


def poisson_inventory_days(n_firms: int, mean: float, *, minimum: int | None = 2, seed: int = 331,
                           generator: str = "numpy") -> np.ndarray:
    """Target inventory days per firm drawn from a Poisson law of ``mean``, each draw below
    ``minimum`` drawn again (the reference's ``-D 2 -e MIN``, seed ``-r``; pass the result as
    ``inventory_days``).

    ``generator="numpy"``: NumPy's generator, seeded. ``generator="reference"``: the draws of the
    reference simulator built with GCC's C++ library, firm after firm in the network's order:
    ``std::mt19937(seed)``, each uniform made of two 32-bit outputs ``(a + b 2^32) / 2^64``
    (``std::generate_canonical``), and for a mean below 12 the product-of-uniforms method
    (count the uniforms whose running product stays above ``exp(-mean)``); as there, a minimum
    of 0 draws nothing and gives 0. Means of 12 or more use another algorithm of that library,
    not reproduced here. ``minimum=None``: one draw per firm, none redrawn (the reference's
    ``-D 1`` initial inventories)."""
    if generator not in ("numpy", "reference"):
        raise InputError(f"generator: {generator!r} (expected numpy or reference)")
    if minimum is None:
        if not mean > 0:
            raise InputError(f"inventory_days: a mean of {mean} days cannot be drawn")
        if generator == "reference":
            return _reference_poisson(n_firms, float(mean), None, int(seed))
        return np.random.default_rng(seed).poisson(mean, n_firms).astype(np.float64)
    if not mean > 0 or minimum < 0 or minimum > 10 * mean + 50:
        raise InputError(f"min_inventory: {minimum} days with a mean of {mean} days cannot be drawn")
    if generator == "reference":
        return _reference_poisson(n_firms, float(mean), int(minimum), int(seed))
    rng = np.random.default_rng(seed)
    out = rng.poisson(mean, n_firms).astype(np.float64)
    low = out < minimum
    while low.any():
        out[low] = rng.poisson(mean, int(low.sum()))
        low = out < minimum
    return out


def _reference_poisson(n_firms: int, mean: float, minimum: int | None, seed: int) -> np.ndarray:
    if mean >= 12:
        raise InputError(f"min_inventory: the reference's draws are reproduced for a mean below 12 "
                         f"days only (got {mean:g})")
    import math

    rs = np.random.RandomState(seed)          # MT19937 seeded as std::mt19937(seed)
    thr = math.exp(-mean)
    words = iter(())
    out = np.zeros(n_firms)

    def uniform() -> float:
        nonlocal words
        try:
            a, b = next(words), next(words)
        except StopIteration:
            words = iter(rs.randint(0, 2 ** 32, size=4096, dtype=np.uint64).tolist())
            a, b = next(words), next(words)
        r = (float(a) + float(b) * 4294967296.0) / 18446744073709551616.0
        return r if r < 1.0 else math.nextafter(1.0, 0.0)

    def draw() -> int:
        x, prod = 0, 1.0
        while True:
            prod *= uniform()
            x += 1
            if not prod > thr:
                return x - 1

    for i in range(n_firms):                  # initial set-up only, not the daily loop
        if minimum is None:
            out[i] = draw()
            continue
        tgt = 0
        while tgt < minimum:
            tgt = draw()
        out[i] = tgt
    return out
