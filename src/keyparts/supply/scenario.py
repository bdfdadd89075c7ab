"""Disruption scenarios: country embargoes and supplier failures propagated through the BOM.

For each item (part or category line) the *remaining* fraction of its need is the weight of its
sourcing rows whose origin is not embargoed and whose supplier (and, for a part, maker) has not
failed. Spare qualified domestic capacity of the item's category (capacity of domestic
qualified/production parts of makers still running, minus what they already deliver) then
covers lost units, shared pro rata: avail = remain + (1 − remain)·min(1, spare/lost). Before that
pool, a domestic part qualified for one buyer only (a qualification case at small_batch or later,
issue 13) covers that buyer's lost units of its category (:func:`_buyer_recovery`).

Output of a node is Leontief in its essential inputs (Inoue & Todo 2019, *Nat. Sustain.* 2:841,
production limited by the scarcest input, ``P_max = min_s P_prop,s``): f_n = min(avail_n,
min over essential children f_c), products f_p = min over essential children, propagated bottom-up.
Non-essential lines do not bind.

Time: the disruption lasts D days; inventories cover the first I days (Inoue–Todo reference code
default target inventory 15 days); spare domestic capacity is available after R ramp-up days.
Lost value = output/365 · [(1 − f⁰)·max(0, min(D, R) − I) + (1 − f¹)·max(0, D − max(I, R))]
with f⁰ without and f¹ with ramp-up. The reported output fraction is 1 − lost/(output·D/365).

A domestic part in an open case for a buyer, not yet qualified (design_review to field_trial),
supplies that buyer like a qualified one from day max(R, Q): Q is the scenario's
``qualify_days``, by default the Kaplan–Meier median days from opening to small_batch of the
part's category (:mod:`keyparts.qualify.timing`; issue 13). The interval after max(I, R) is
then cut at those days, each piece with its own f¹.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from keyparts.errors import InputError
from keyparts.supply.bom import CATEGORY, PART
from keyparts.supply.country import country_code
from keyparts.supply.indicators import _records
from keyparts.supply.model import SupplyModel, snapshot_cache


@dataclass(frozen=True)
class Scenario:
    """A disruption: embargoed origin countries (ISO alpha-2, any case), failed suppliers, and
    timing in days."""

    embargo: tuple[str, ...] = ()
    failed_suppliers: tuple[str, ...] = ()
    duration_days: float = 90.0
    inventory_days: float = 15.0
    ramp_up_days: float = 60.0
    qualify_days: float | None = None   # None: each category's Kaplan–Meier median time to qualify

    def __post_init__(self) -> None:
        object.__setattr__(self, "embargo", tuple(country_code(c) for c in self.embargo))

    def to_dict(self) -> dict:
        d = asdict(self)
        d["embargo"], d["failed_suppliers"] = list(self.embargo), list(self.failed_suppliers)
        return d


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    products: pd.DataFrame      # index id: output_fraction, lost_value_usd, binding_items, industry
    industries: pd.DataFrame    # index industry: lost_value_usd, lost_share
    total_lost_value_usd: float
    item_available: np.ndarray  # N, available fraction f⁰ of each node's own supply (no ramp-up)

    def to_dict(self) -> dict:
        p = self.products.reset_index()
        return {
            "scenario": self.scenario.to_dict(),
            "products": [{"id": r["id"], "industry": r["industry"], "output_fraction": float(r["output_fraction"]),
                          "lost_value_usd": float(r["lost_value_usd"]), "binding_items": list(r["binding_items"])}
                         for r in p.to_dict(orient="records")],
            "industries": _records(self.industries.reset_index()),
            "total_lost_value_usd": float(self.total_lost_value_usd),
        }


class _Propagator:
    """Precomputed level order of essential edges for repeated bottom-up Leontief passes."""

    def __init__(self, m: SupplyModel):
        g = m.graph
        e = np.flatnonzero(g.essential)
        par, ch = g.parent[e], g.child[e]
        order = np.lexsort((par, g.height[par]))
        self.par, self.ch = par[order], ch[order]
        hp = g.height[self.par]
        self.levels = []
        for h in np.unique(hp):
            lo, hi = np.searchsorted(hp, [h, h + 1])
            p = self.par[lo:hi]
            starts = np.flatnonzero(np.r_[True, p[1:] != p[:-1]])
            seg = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, hi - lo]))
            self.levels.append((lo, hi, p[starts], starts, seg))

    def run(self, avail: np.ndarray, *, binding: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
        """Output fraction f and binding item (node index, -1 = none) of every node
        (``binding=False``: f only, the binding items are None)."""
        f = avail.copy()
        binder = np.where(avail < 1.0, np.arange(len(avail)), -1) if binding else None
        for lo, hi, parents, starts, seg in self.levels:
            ch = self.ch[lo:hi]
            fc = f[ch]
            mn = np.minimum.reduceat(fc, starts)
            own = f[parents]
            take_child = mn < own
            if binding:
                at = np.flatnonzero(fc == mn[seg])        # children at their parent's minimum, by segment
                s_at = seg[at]
                first = at[np.r_[True, s_at[1:] != s_at[:-1]]]   # the first such child of every segment
                arg_child = ch[first]
                binder[parents] = np.where(take_child, binder[arg_child], binder[parents])
            f[parents] = np.where(take_child, mn, own)
        if binding:
            binder[f >= 1.0] = -1
        return f, binder


def _propagator(m: SupplyModel) -> _Propagator:
    cache = snapshot_cache(m)
    if "prop" not in cache:
        cache["prop"] = _Propagator(m)
    return cache["prop"]


def item_availability(m: SupplyModel, embargo: Iterable[str] = (), failed: Iterable[str] = (),
                      pending: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Available fraction of every node's own supply without (f⁰) and with (f¹) domestic ramp-up.

    pending: mask over the model's unqualified substitutes (``pq_*``) that count, in f¹, as
    qualified for their buyer (those whose time to qualify has passed).

    Only the category lines without sourcing rows depend on the year (through the year's IR and
    import origins); everything else is computed once per snapshot and scenario
    (:func:`_fixed_availability`, kept in the snapshot cache that re-dated models share)."""
    st = _fixed_availability(m, tuple(embargo), tuple(failed), pending)
    remain = st["remain"].copy()
    cat_nr = st["cat_nr"]
    lost_k = st["lost_k"]
    if len(cat_nr):
        remain[cat_nr] = _category_line_remain(m, st)
        lost_k = lost_k + np.bincount(st["k_nr"], weights=m.need_units[cat_nr] * (1 - remain[cat_nr]),
                                      minlength=m.tax.k)
    left_k = np.maximum(lost_k - st["rec_k"], 0.0)
    spare_k = st["spare_k"]
    r_k = np.divide(spare_k, left_k, out=np.zeros(m.tax.k), where=left_k > 0).clip(0, 1)
    rec, items, cat = st["rec"], st["items"], st["cat"]
    f1 = np.where(items, remain + rec + (1 - remain - rec) * r_k[cat], 1.0)
    return remain, np.clip(f1, 0.0, 1.0)


def _category_line_remain(m: SupplyModel, st: dict) -> np.ndarray:
    """Remaining fraction of the category lines without sourcing rows: 1 − IR·(import share of
    the embargoed origins), clipped to 0–1 (the year's indicators)."""
    k = st["k_nr"]
    ir = m.indicators.table["import_reliance"].to_numpy()[k]
    lost = (m.indicators.import_shares[k] * st["emb"][None, :]).sum(axis=1) * ir
    return np.clip(1.0 - lost, 0.0, 1.0)


def _fixed_availability(m: SupplyModel, embargo: tuple, failed: tuple, pending: np.ndarray | None) -> dict:
    """The year-independent part of :func:`item_availability` for one scenario: remaining
    fractions of every node but the category lines without rows, spare domestic capacity and
    lost units per category, the buyers' own substitutes' recovery."""
    key = ("avail", tuple(country_code(c) for c in embargo), failed)
    cache = snapshot_cache(m)
    if pending is None and key in cache:
        return cache[key]
    g = m.graph
    emb = np.zeros(len(m.countries), dtype=bool)
    for c in embargo:
        c = country_code(c)
        if c not in m.countries:
            raise InputError(f"--embargo: '{c}' is not a country code of the dataset "
                             f"(expected one of {', '.join(m.countries[:20])})")
        emb[m.countries.get_loc(c)] = True
    bad = np.zeros(len(m.enterprises), dtype=bool)
    for s in failed:
        if s not in m.enterprises:
            raise InputError(f"--supplier: '{s}' is not an enterprise id of the dataset")
        bad[m.enterprises.get_loc(s)] = True
    N = g.n
    maker_bad = np.where(m.node_maker >= 0, bad[np.maximum(m.node_maker, 0)], False)
    sup_bad = np.where(m.src_supplier >= 0, bad[np.maximum(m.src_supplier, 0)], False)
    ok_row = ~emb[m.src_origin] & ~sup_bad & ~maker_bad[m.src_node]
    w_all = np.bincount(m.src_node, weights=m.src_weight, minlength=N)
    w_ok = np.bincount(m.src_node, weights=m.src_weight * ok_row, minlength=N)
    has = w_all > 0
    remain = np.divide(w_ok, w_all, out=np.ones(N), where=has)
    # parts without sourcing rows: made by their maker in the maker's country
    maker_c = np.where(m.node_maker >= 0, m.ent_country[np.maximum(m.node_maker, 0)], -1)
    part_nr = (g.kind == PART) & ~has
    remain[part_nr] = np.where(maker_bad[part_nr] | emb[np.maximum(maker_c[part_nr], 0)] & (maker_c[part_nr] >= 0),
                               0.0, 1.0)
    # category lines without rows: trade-based split (share IR·s_c from country c), per year
    cat_nr = np.flatnonzero((g.kind == CATEGORY) & ~has)
    remain = np.clip(remain, 0.0, 1.0)
    remain[cat_nr] = 1.0
    # spare qualified domestic capacity per category (units/year)
    K = m.tax.k
    running = ~bad[np.maximum(m.cap_maker, 0)]
    cap_k = np.bincount(m.cap_node_cat, weights=m.cap_units * running, minlength=K)
    if "items_cat" not in cache:
        items = g.kind != 0
        cache["items_cat"] = items, np.where(items, m.node_cat, 0)
    items, cat = cache["items_cat"]
    h = m.home_idx
    dom_share = np.zeros(N)
    if h >= 0:
        w_dom = np.bincount(m.src_node, weights=m.src_weight * (m.src_origin == h) * ok_row, minlength=N)
        dom_share = np.divide(w_dom, w_all, out=np.zeros(N), where=has)
        dom_share[part_nr] = ((maker_c[part_nr] == h) & (remain[part_nr] > 0)).astype(float)
    used_k = np.bincount(cat[items], weights=(m.need_units * dom_share)[items], minlength=K)
    lost_k = np.bincount(cat[items], weights=(m.need_units * (1 - remain))[items], minlength=K)  # 0 on cat_nr
    spare_k = np.maximum(cap_k - used_k, 0.0)
    # substitutes qualified for one buyer (issue 13's loop) cover that buyer's lost units first
    subs = (m.bq_node, m.bq_buyer, m.bq_maker, m.bq_units)
    if pending is not None and pending.any():
        subs = tuple(np.concatenate([a, b[pending]]) for a, b in
                     zip(subs, (m.pq_node, m.pq_buyer, m.pq_maker, m.pq_units)))
    rec = _buyer_recovery(m, ok_row, w_all, bad, dom_share, subs)
    rec_k = np.bincount(cat[items], weights=(m.need_units * rec)[items], minlength=K)
    st = {"remain": remain, "cat_nr": cat_nr, "k_nr": m.node_cat[cat_nr], "emb": emb, "lost_k": lost_k,
          "spare_k": spare_k, "rec": rec, "rec_k": rec_k, "items": items, "cat": cat}
    if pending is None:
        _keep(cache, key, st, limit=32)
    return st


def _keep(cache: dict, key: tuple, value, *, limit: int) -> None:
    """Store ``value`` under ``key``, dropping the oldest entries of the same kind (key[0])
    beyond ``limit`` (a model kept by a server sees many scenarios)."""
    same = [k for k in cache if isinstance(k, tuple) and k[0] == key[0]]
    for k in same[:max(0, len(same) - limit + 1)]:
        del cache[k]
    cache[key] = value


def _buyer_recovery(m: SupplyModel, ok_row: np.ndarray, w_all: np.ndarray, bad: np.ndarray,
                    dom_share: np.ndarray, subs: tuple[np.ndarray, ...]) -> np.ndarray:
    """Fraction of each node's need recovered by substitutes qualified for its buyers only.

    A domestic part p qualified for buyer b (a case at small_batch or later) covers b's lost
    units of items in p's category: spare_p = capacity_p − units of p already delivered
    domestically (0 when its maker failed), shared pro rata over its buyers' lost units,
    r_p = min(1, spare_p / Σ_b lost_bk); buyer b recovers q_bk = min(1, Σ_p r_p) of its lost
    units lost_bk, and every sourcing row of b in category k regains that share of its weight.
    """
    N = m.graph.n
    bq_node, bq_buyer, bq_maker, bq_units = subs
    if bq_node.size == 0 or m.src_node.size == 0:
        return np.zeros(N)
    cat = m.node_cat
    row_lost = np.divide(m.src_weight * ~ok_row, w_all[m.src_node], out=np.zeros(m.src_node.size),
                         where=w_all[m.src_node] > 0)                     # share of the node's need
    E = len(m.enterprises)
    row_bk = m.src_buyer * m.tax.k + np.maximum(cat[m.src_node], 0)
    lost_bk = np.bincount(row_bk, weights=m.need_units[m.src_node] * row_lost * (cat[m.src_node] >= 0),
                          minlength=E * m.tax.k)
    p_bk = bq_buyer * m.tax.k + cat[bq_node]
    spare_p = np.where(bad[bq_maker], 0.0,
                       np.maximum(bq_units - m.need_units[bq_node] * dom_share[bq_node], 0.0))
    # one part may serve several buyers: its spare capacity against all their lost units
    parts, inv = np.unique(bq_node, return_inverse=True)
    demand_p = np.bincount(inv, weights=lost_bk[p_bk], minlength=parts.size)
    spare_u = np.bincount(inv, weights=spare_p, minlength=parts.size) / np.bincount(inv, minlength=parts.size)
    r_p = np.divide(spare_u, demand_p, out=np.zeros(parts.size), where=demand_p > 0).clip(0, 1)
    q_bk = np.minimum(np.bincount(p_bk, weights=r_p[inv], minlength=E * m.tax.k), 1.0)
    return np.bincount(m.src_node, weights=row_lost * q_bk[row_bk] * (cat[m.src_node] >= 0), minlength=N)


def _losses(m: SupplyModel, scenario: Scenario) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Lost value per product (USD), f⁰ and its binder per node, and the f⁰ item availability."""
    D, I, R = (float(x) for x in (scenario.duration_days, scenario.inventory_days, scenario.ramp_up_days))
    if D < 0 or I < 0 or R < 0:
        raise InputError(f"scenario days must be >= 0 (got duration {D}, inventory {I}, ramp-up {R})")
    f0_item, f1_item = item_availability(m, scenario.embargo, scenario.failed_suppliers)
    prop = _propagator(m)
    f0, b0 = prop.run(f0_item)
    f1, _ = prop.run(f1_item, binding=False)
    P = m.product_idx
    d1 = max(0.0, min(D, R) - I)
    lost = m.output_value / 365.0 * (1 - f0[P]) * d1
    # after the ramp-up: qualified substitutes, then each unqualified one from max(R, its delay)
    start = _pending_start(m, scenario)
    cuts = sorted({max(I, R), *(float(t) for t in start[np.isfinite(start)] if t < D)})
    cuts = [c for c in cuts if c < D] + [D]
    for a, b in zip(cuts[:-1], cuts[1:]):
        on = start <= a
        f = f1 if not on.any() else prop.run(item_availability(m, scenario.embargo, scenario.failed_suppliers,
                                                                on)[1], binding=False)[0]
        lost = lost + m.output_value / 365.0 * (1 - f[P]) * max(0.0, b - a)
    return lost, f0, b0, f0_item


def _pending_start(m: SupplyModel, scenario: Scenario) -> np.ndarray:
    """Day from which each unqualified substitute (``pq_*``) supplies its buyer: max(R, Q), Q the
    scenario's ``qualify_days`` or else the category's Kaplan–Meier median time to qualify
    (inf when neither is known)."""
    q = np.full(m.pq_node.size, float(scenario.qualify_days)) if scenario.qualify_days is not None \
        else m.pq_delay_days
    if scenario.qualify_days is not None and scenario.qualify_days < 0:
        raise InputError(f"qualify_days: {scenario.qualify_days} is negative, expected days >= 0")
    return np.where(np.isfinite(q), np.maximum(float(scenario.ramp_up_days), q), np.inf)


def _binding_pairs(m: SupplyModel, f: np.ndarray, binder: np.ndarray, lost: np.ndarray) -> pd.DataFrame:
    """(product position, binding node) pairs: for each product with a loss, the root-cause items
    of every essential direct input that sets its output fraction."""
    g = m.graph
    P = m.product_idx
    pos = np.full(g.n, -1)
    pos[P] = np.arange(len(P))
    hit = np.zeros(g.n, dtype=bool)
    hit[P[lost > 0]] = True
    e = np.flatnonzero(g.essential & hit[g.parent])
    e = e[np.isclose(f[g.child[e]], f[g.parent[e]]) & (binder[g.child[e]] >= 0)]
    pairs = pd.DataFrame({"p": pos[g.parent[e]], "b": binder[g.child[e]]})
    own = np.flatnonzero((lost > 0) & (binder[P] >= 0))       # a product binding itself (no child found)
    pairs = pd.concat([pairs, pd.DataFrame({"p": own, "b": binder[P[own]]})[~np.isin(own, pairs["p"])]])
    return pairs.drop_duplicates().sort_values(["p", "b"])


def simulate(m: SupplyModel, scenario: Scenario) -> ScenarioResult:
    """Output fraction and lost value per product and industry under ``scenario``."""
    lost, f0, b0, f0_item = _losses(m, scenario)
    P = m.product_idx
    base = m.output_value / 365.0 * float(scenario.duration_days)
    frac = 1 - np.divide(lost, base, out=np.zeros_like(lost), where=base > 0)
    pairs = _binding_pairs(m, f0, b0, lost)
    ids = m.graph.ids.to_numpy()
    by_p = pairs.assign(b=ids[pairs["b"].to_numpy()]).groupby("p")["b"].apply(list).to_dict()
    binding = [by_p.get(i, []) for i in range(len(P))]
    prod = pd.DataFrame({"industry": m.product_industry, "output_fraction": np.clip(frac, 0, 1),
                         "lost_value_usd": lost, "binding_items": binding},
                        index=m.graph.ids[P].rename("id"))
    grp = prod.assign(base=base).groupby("industry")[["lost_value_usd", "base"]].sum()
    grp["lost_share"] = np.divide(grp["lost_value_usd"], grp["base"], out=np.zeros(len(grp)),
                                  where=grp["base"].to_numpy() > 0)
    return ScenarioResult(scenario, prod, grp[["lost_value_usd", "lost_share"]], float(lost.sum()), f0_item)


def lost_by_binding_category(m: SupplyModel, scenario: Scenario) -> tuple[np.ndarray, float]:
    """Lost value per category (K, subtree-aggregated), each product's loss split equally among
    its binding items' categories; and the total lost value (USD).

    The result depends on the year only through the category lines without sourcing rows
    (their remaining fraction under the embargo): it is kept in the snapshot cache under that
    vector, so a year where they do not change reuses it (equal inputs, equal result)."""
    st = _fixed_availability(m, scenario.embargo, scenario.failed_suppliers, None)
    key = ("lost_by_binding", scenario, _category_line_remain(m, st).tobytes() if len(st["cat_nr"]) else b"")
    cache = snapshot_cache(m)
    if key not in cache:
        _keep(cache, key, _lost_by_binding_category(m, scenario), limit=1024)
    per_cat, total = cache[key]
    return per_cat.copy(), total


def _lost_by_binding_category(m: SupplyModel, scenario: Scenario) -> tuple[np.ndarray, float]:
    lost, f0, b0, _ = _losses(m, scenario)
    pairs = _binding_pairs(m, f0, b0, lost)
    if len(pairs) == 0:
        return np.zeros(m.tax.k), float(lost.sum())
    p = pairs["p"].to_numpy()
    n_per = np.bincount(p, minlength=len(lost))
    cat = m.node_cat[pairs["b"].to_numpy()]
    ok = cat >= 0
    per_cat = np.bincount(cat[ok], weights=(lost[p] / n_per[p])[ok], minlength=m.tax.k)
    return m.tax.aggregate(per_cat), float(lost.sum())
