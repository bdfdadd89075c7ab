"""Projection of localisation rates to a target year from capacity plans and projects.

Inputs already in the dataset (no table of its own):

* **capacity plans** — ``enterprise_categories`` rows of home-country enterprises in years after
  the base year y0 (the schema: "a future year is a capacity plan"), capacity in pieces/year;
* **projects** — ``projects`` rows (status ``running`` or ``planned``) whose lead is a home
  enterprise: the project's ``end_year`` is its expected completion.

Added capacity of enterprise e in category c in year y (pieces/year)::

    a_ec(y) = cap_ec(y) − cap_ec(y0),

cap_ec(y) interpolated linearly between the capacity of the latest year ≤ y0 (0 without one)
and the plan years, held at the last plan after it (capacity is assumed to come on stream evenly).
It is valued at the category's unit price u_c = median ``unit_price_usd`` of the category's parts
(the price the challenge effect uses, :mod:`keyparts.programme.challenges`) and summed over the
category's subtree: A_c(y) = Σ_e u_c·a_ec(y) (USD/year).

Every share is then projected with demand held at y0 and the new domestic output displacing
imports one for one (a first-order projection, no price or demand response)::

    share(y) = min(1, share(y0) + A(y) / D(y0))

with D the denominator of the share in :func:`keyparts.programme.localisation.year_shares`:
apparent consumption C for ``consumption_share``; the exploded BOM need value of known origin
for ``bom_value_share``; C (else the need value) for ``qualified_capacity_share``, where only
**qualified** additions count: those of an enterprise that already has a qualified or in-production
part of the category, or of the lead of a running or planned project in the category from the
project's ``end_year`` on. A product's share moves by Σ_c w_pc·ΔShare_c, w_pc the share of
category c in the product's per-unit input value over all tiers (the weights of its roll-up).

Per year the projected value is compared with the straight path from the latest actual (y0) to
the target at its year (the target itself from then on): on track = projected ≥ path.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from keyparts.arrays import unique
from keyparts.supply.bom import PRODUCT
from keyparts.supply.model import SupplyModel

COLUMNS = ("scope", "indicator", "year", "projected", "target", "target_year", "path", "gap", "on_track",
           "added_capacity_usd")
ACTIVE = ("running", "planned")
METHOD = ("share(y) = min(1, share(y0) + A(y)/D(y0)): A = planned domestic capacity added since y0 "
          "(enterprise_categories in later years, linear between plan years) x the category's median "
          "part price; qualified_capacity_share counts a maker's additions once it has a qualified part "
          "or its project in the category ends; demand held at y0; on track = projected >= the straight "
          "path from the latest actual to the target")


def _unit_price(parts: pd.DataFrame, cat_ids: pd.Index) -> np.ndarray:
    """Median unit price (USD/piece) of each category's own parts, NaN without one."""
    p = pd.to_numeric(parts["unit_price_usd"], errors="coerce")
    med = p.groupby(parts["category_id"].astype(str)).median()
    return med.reindex(cat_ids).to_numpy(dtype=float)


def added_capacity(m: SupplyModel, frames: dict[str, pd.DataFrame], years: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """(A_all, A_qualified): K x len(years) added domestic capacity value, USD/year, aggregated
    over each category's subtree; the second counts qualified makers only (module docstring)."""
    tax, y0 = m.tax, int(m.year)
    K, Y = tax.k, len(years)
    a_all, a_q = np.zeros((K, Y)), np.zeros((K, Y))
    ec = frames.get("enterprise_categories")
    if ec is None or not len(ec):
        return a_all, a_q
    ent = frames["enterprises"].set_index("id")["country"].astype(str)
    ec = ec[ec["enterprise_id"].astype(str).map(ent).eq(m.home)].copy()
    ec["year"] = pd.to_numeric(ec["year"], errors="coerce")
    ec["capacity"] = pd.to_numeric(ec["capacity"], errors="coerce")
    ec = ec.dropna(subset=["year", "capacity"])
    price = _unit_price(frames["parts"], tax.ids)
    cat_of = pd.Series(np.arange(K), index=tax.ids)
    # makers already qualified in a category (qualified / production domestic parts)
    qualified = set(zip(m.enterprises[m.cap_maker], tax.ids[m.cap_node_cat]))
    done_by: dict[tuple[str, str], int] = {}
    pj = frames.get("projects")
    if pj is not None and len(pj):
        for r in pj[pj["status"].astype(str).isin(ACTIVE)].itertuples(index=False):
            key = (str(r.lead_id), str(r.category_id))
            end = pd.to_numeric(pd.Series([r.end_year]), errors="coerce").iloc[0]
            if end == end:
                done_by[key] = min(int(end), done_by.get(key, 10_000))
    ys = np.asarray(years, dtype=float)
    for (e, c), g in ec.groupby([ec["enterprise_id"].astype(str), ec["category_id"].astype(str)]):
        if c not in cat_of.index or not np.isfinite(price[cat_of[c]]):
            continue
        past, plan = g[g["year"] <= y0], g[g["year"] > y0].sort_values("year")
        if not len(plan):
            continue
        base = float(past.sort_values("year")["capacity"].iloc[-1]) if len(past) else 0.0
        cap = np.interp(ys, np.r_[y0, plan["year"].to_numpy(float)], np.r_[base, plan["capacity"].to_numpy(float)])
        add = (cap - base) * price[cat_of[c]]
        k = cat_of[c]
        a_all[k] += add
        if (e, c) in qualified:
            a_q[k] += add
        elif (e, c) in done_by:
            a_q[k] += np.where(ys >= done_by[(e, c)], add, 0.0)
    return tax.aggregate(a_all), tax.aggregate(a_q)


def category_bases(m: SupplyModel) -> dict[str, np.ndarray]:
    """Denominators D(y0) of the three shares per category (USD/year), as in ``year_shares``."""
    from keyparts.supply.concentration import shares
    from keyparts.supply.model import node_origin_value

    tax, g = m.tax, m.graph
    items = g.kind != PRODUCT
    cat = np.where(items, m.node_cat, 0)
    need_val = m.need_units * m.price
    known = shares(node_origin_value(m)).sum(axis=1)
    by_cat = lambda w: tax.aggregate(np.bincount(cat[items], weights=w[items], minlength=tax.k))
    v_known, v_all = by_cat(need_val * known), by_cat(need_val)
    cons = m.indicators.table["consumption_usd"].to_numpy(dtype=float)
    has_c = np.isfinite(cons) & (cons > 0)
    return {"consumption_share": np.where(has_c, cons, np.nan), "bom_value_share": v_known,
            "qualified_capacity_share": np.where(has_c, cons, v_all)}


def product_weights(m: SupplyModel) -> pd.DataFrame:
    """w_pc: share of each leaf category in a product's per-unit input value (all tiers); rows
    products, columns category ids (only categories some product uses)."""
    g = m.graph
    items = g.kind != PRODUCT
    used = unique(m.node_cat[items])
    col = np.searchsorted(used, m.node_cat)
    U = np.zeros((g.n, len(used)))
    idx = np.flatnonzero(items)
    U[idx, col[idx]] = m.price[idx]
    R = g.rollup(U)[m.product_idx]
    tot = R.sum(axis=1, keepdims=True)
    W = np.divide(R, tot, out=np.zeros_like(R), where=tot > 0)
    return pd.DataFrame(W, index=g.ids[m.product_idx].to_numpy(), columns=m.tax.ids[used])


def project(m: SupplyModel, frames: dict[str, pd.DataFrame], series: pd.DataFrame, targets: pd.DataFrame,
            to_year: int) -> pd.DataFrame:
    """Per target and year y0+1 .. ``to_year`` (y0 = the model's year): projected share, target,
    straight path, gap = target − projected, on track, added capacity value (:data:`COLUMNS`).

    ``series``: id, year and the three shares (categories and products); ``targets``: typed
    targets.csv rows. Shares as fractions 0–1, USD per year."""
    y0 = int(m.year)
    years = list(range(y0 + 1, int(to_year) + 1))
    if not years or not len(targets):
        return pd.DataFrame(columns=COLUMNS)
    a_all, a_q = added_capacity(m, frames, years)
    base = category_bases(m)
    k_of = pd.Series(np.arange(m.tax.k), index=m.tax.ids)
    at_y0 = series[series["year"] == y0].set_index("id")
    w = None
    rows = []
    for t in targets.itertuples(index=False):
        ind = t.indicator
        A = a_q if ind == "qualified_capacity_share" else a_all
        with np.errstate(divide="ignore", invalid="ignore"):
            d_cat = A / base[ind][:, None]                   # K x Y share points added
        s0 = float(at_y0.at[t.scope, ind]) if t.scope in at_y0.index else np.nan
        if t.scope in k_of.index:
            k = k_of[t.scope]
            delta, added = d_cat[k], A[k]
        else:
            w = product_weights(m) if w is None else w
            wp = w.loc[t.scope] if t.scope in w.index else pd.Series(dtype=float)
            ks = k_of[wp.index].to_numpy()
            delta = np.nan_to_num(d_cat[ks]).T @ wp.to_numpy() if len(ks) else np.zeros(len(years))
            added = A[ks].T @ wp.to_numpy() if len(ks) else np.zeros(len(years))
        proj = np.minimum(1.0, s0 + np.nan_to_num(delta))
        span = max(int(t.year) - y0, 1)
        for j, y in enumerate(years):
            path = t.value if y >= t.year else s0 + (t.value - s0) * (y - y0) / span
            p = float(proj[j]) if s0 == s0 else None
            rows.append({"scope": t.scope, "indicator": ind, "year": y, "projected": p, "target": float(t.value),
                         "target_year": int(t.year), "path": float(path) if s0 == s0 else None,
                         "gap": float(t.value - p) if p is not None else None,
                         "on_track": bool(p >= path - 1e-12) if p is not None else None,
                         "added_capacity_usd": float(added[j])})
    return pd.DataFrame(rows, columns=COLUMNS)
