"""Exposure of end products and industries to origin countries, and single points of failure.

Per unit of a product, the exploded BOM (all tiers, shared sub-assemblies summed over paths)
gives the purchase value of every item; each item's value is split by its origin shares. The
imported share is the part of that exploded input value from countries other than the home
country; the essential share counts only items reached through essential lines. Every tier's
purchase is counted at its own price (an MRP-style "exploded input value"), so numerator and
denominator are on the same basis. Method: total-requirement (Leontief) matrix of the BOM,
Miller & Blair (2009) §2.3; essential/non-essential inputs after Diem et al. (2022) ESRI.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from keyparts.supply.bom import CATEGORY, PART
from keyparts.supply.concentration import shares, top_origin
from keyparts.supply.indicators import _records
from keyparts.supply.model import SupplyModel, node_origin_value


@dataclass(frozen=True)
class Exposure:
    """Products and industries: input value, imported shares, origin split; single points of failure."""

    products: pd.DataFrame        # index product id
    industries: pd.DataFrame      # index industry
    industry_by_origin: pd.DataFrame  # industry x country, share of exploded input value
    spof: pd.DataFrame
    product_by_origin: pd.DataFrame   # product x country, share of exploded input value

    def to_dict(self) -> dict:
        return {
            "products": _records(self.products.reset_index()),
            "industries": _records(self.industries.reset_index()),
            "industry_by_origin": {ind: {c: float(v) for c, v in row.items() if v > 0}
                                   for ind, row in self.industry_by_origin.iterrows()},
            "product_by_origin": {pid: {c: float(v) for c, v in row.items() if v > 0}
                                  for pid, row in self.product_by_origin.iterrows()},
            "single_points_of_failure": _records(self.spof),
        }


def exposure(m: SupplyModel, *, max_spof: int = 50) -> Exposure:
    """Exposure per product and industry by origin country; the top single points of failure."""
    g = m.graph
    O = node_origin_value(m)
    unit_split = shares(O) * m.price[:, None]           # USD per piece of the item, by origin
    Y = g.rollup(unit_split)                            # per unit of each node, all tiers
    Ye = g.rollup(unit_split, essential_only=True)
    P = m.product_idx
    units = m.need_units[P]
    yv, yev = Y[P] * units[:, None], Ye[P] * units[:, None]   # USD/year by origin
    h = m.home_idx
    dom = yv[:, h] if h >= 0 else np.zeros(len(P))
    dome = yev[:, h] if h >= 0 else np.zeros(len(P))
    tot, tote = yv.sum(axis=1), yev.sum(axis=1)
    foreign = yv.copy()
    if h >= 0:
        foreign[:, h] = 0
    ti = top_origin(foreign, m.risk, m.t, m.countries.to_numpy())
    prod = pd.DataFrame({
        "industry": m.product_industry,
        "output_value_usd": m.output_value,
        "input_value_usd": tot,
        "imported_share": np.divide(tot - dom, tot, out=np.zeros_like(tot), where=tot > 0),
        "essential_input_value_usd": tote,
        "essential_imported_share": np.divide(tote - dome, tote, out=np.zeros_like(tote), where=tote > 0),
        "top_foreign_origin": np.where(foreign.max(axis=1) > 0, m.countries.to_numpy()[ti], None),
        "top_foreign_origin_share": np.divide(foreign.max(axis=1), tot, out=np.zeros_like(tot), where=tot > 0),
    }, index=g.ids[P].rename("id"))
    ind_codes, ind_idx = np.unique(m.product_industry, return_inverse=True)
    n_ind = len(ind_codes)
    agg = lambda v: np.bincount(ind_idx, weights=v, minlength=n_ind)
    i_tot, i_dom = agg(tot), agg(dom)
    i_tote, i_dome = agg(tote), agg(dome)
    by_origin = np.stack([agg(yv[:, c]) for c in range(yv.shape[1])], axis=1) if yv.size else np.zeros((n_ind, 0))
    ind = pd.DataFrame({
        "output_value_usd": agg(m.output_value),
        "input_value_usd": i_tot,
        "imported_share": np.divide(i_tot - i_dom, i_tot, out=np.zeros_like(i_tot), where=i_tot > 0),
        "essential_imported_share": np.divide(i_tote - i_dome, i_tote, out=np.zeros_like(i_tote),
                                              where=i_tote > 0),
        "n_products": np.bincount(ind_idx, minlength=n_ind),
    }, index=pd.Index(ind_codes, name="industry"))
    ibo = pd.DataFrame(shares(by_origin), index=ind.index, columns=m.countries)
    pbo = pd.DataFrame(shares(yv), index=prod.index, columns=m.countries)
    return Exposure(prod, ind, ibo, single_points_of_failure(m, max_spof=max_spof), pbo)


def single_points_of_failure(m: SupplyModel, *, max_spof: int = 50) -> pd.DataFrame:
    """Essential items with one supplier or one origin country, largest essential demand first.

    An item is essential when some product reaches it through essential lines only. Suppliers
    and origins come from the sourcing rows; a part without rows has one supplier (its maker).
    ``dependent_output_usd`` is the annual output of the products that stop without it.
    """
    g = m.graph
    f = np.zeros(g.n)
    f[m.product_idx] = m.need_units[m.product_idx]
    x_ess = g.explode(f, essential_only=True)
    cand = (g.kind != 0) & (x_ess > 0)
    rows = pd.DataFrame({"node": m.src_node, "sup": m.src_supplier, "org": m.src_origin})
    n_sup = rows.groupby("node")["sup"].nunique().reindex(range(g.n), fill_value=0).to_numpy()
    n_org = rows.groupby("node")["org"].nunique().reindex(range(g.n), fill_value=0).to_numpy()
    one_org = rows.groupby("node")["org"].first().reindex(range(g.n), fill_value=-1).to_numpy()
    one_sup = rows.groupby("node")["sup"].first().reindex(range(g.n), fill_value=-1).to_numpy()
    no_rows = n_sup == 0
    part_no_rows = no_rows & (g.kind == PART) & (m.node_maker >= 0)
    n_sup = np.where(part_no_rows, 1, n_sup)
    n_org = np.where(part_no_rows, 1, n_org)
    one_sup = np.where(part_no_rows, m.node_maker, one_sup)
    one_org = np.where(part_no_rows, m.ent_country[np.maximum(m.node_maker, 0)], one_org)
    spof = cand & ~(no_rows & (g.kind == CATEGORY)) & ((n_sup == 1) | (n_org == 1))
    idx = np.flatnonzero(spof)
    val = x_ess[idx] * m.price[idx]
    idx = idx[np.argsort(-val, kind="stable")][:max_spof]
    cols = ["item_id", "kind", "category_id", "reason", "supplier_id", "origin_country", "foreign",
            "essential_demand_usd", "dependent_products", "dependent_output_usd"]
    if len(idx) == 0:
        return pd.DataFrame(columns=cols)
    V = sp.csr_matrix((np.ones(len(idx)), (idx, np.arange(len(idx)))), shape=(g.n, len(idx)))
    reach = g.rollup(V, essential_only=True, pattern=True)[m.product_idx]
    reach = sp.csr_matrix(reach)
    dep_n = np.asarray((reach > 0).sum(axis=0)).ravel()
    dep_v = np.asarray(reach.T @ m.output_value).ravel()
    home = m.home_idx
    reason = np.where((n_sup[idx] == 1) & (n_org[idx] == 1), "one supplier, one origin",
                      np.where(n_sup[idx] == 1, "one supplier", "one origin country"))
    return pd.DataFrame({
        "item_id": g.ids[idx].to_numpy(),
        "kind": np.where(g.kind[idx] == PART, "part", "category"),
        "category_id": m.tax.ids.to_numpy()[m.node_cat[idx]],
        "reason": reason,
        "supplier_id": np.where(n_sup[idx] == 1, m.enterprises.to_numpy()[np.maximum(one_sup[idx], 0)], None),
        "origin_country": np.where(n_org[idx] == 1, m.countries.to_numpy()[np.maximum(one_org[idx], 0)], None),
        "foreign": (n_org[idx] == 1) & (one_org[idx] != home),
        "essential_demand_usd": x_ess[idx] * m.price[idx],
        "dependent_products": dep_n,
        "dependent_output_usd": dep_v,
    })
