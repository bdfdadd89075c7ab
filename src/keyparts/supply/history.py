"""A category's trade and production year by year: import origins, domestic output against
imports, import reliance. Public statistics only (trade.csv, production.csv): no sourcing row.

IR = max(0, (M − X)/(Q + M − X)) per year (EC 2017 CRM guidelines, as in
:mod:`keyparts.supply.indicators`); trade is booked to categories by HS code as there
(:func:`keyparts.supply.taxonomy.hs_allocation`), and a category's figures sum its subtree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from keyparts.supply.indicators import _fill_from_children, import_reliance
from keyparts.supply.model import _num, _trade_arrays
from keyparts.supply.taxonomy import build_taxonomy


@dataclass(frozen=True)
class TradeHistory:
    """Per category and year (USD): ``totals`` (index (category, year); columns production_usd,
    imports_usd, exports_usd, import_reliance) and ``import_origins`` (same index, one column
    per partner country: import value)."""

    totals: pd.DataFrame
    import_origins: pd.DataFrame

    def of(self, category_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(totals by year, import-origin shares by year: fractions summing to 1, or 0 in a
        year without imports) of one category; empty frames when it has no row."""
        if category_id not in self.totals.index.get_level_values(0):
            return pd.DataFrame(), pd.DataFrame()
        t = self.totals.loc[category_id]
        o = self.import_origins.loc[category_id]
        o = o.loc[:, o.sum(axis=0) > 0]
        tot = o.sum(axis=1)
        return t, o.div(tot.where(tot > 0, 1.0), axis=0)


def trade_history(frames: dict[str, pd.DataFrame]) -> TradeHistory:
    """Every category's yearly trade and production from ``frames`` (the dataset's typed tables:
    categories, countries, trade, production; trade or production may be absent)."""
    cats = frames["categories"]
    tax = build_taxonomy(cats)
    countries = pd.Index(frames["countries"]["code"].astype(str).to_numpy())
    trade, prod = frames.get("trade"), frames.get("production")
    years = sorted({int(y) for df in (trade, prod) if df is not None and len(df)
                    for y in pd.to_numeric(df["year"], errors="coerce").dropna()})
    tot, org = [], []
    for y in years:
        imports_kc, exports_k, _ = _trade_arrays(trade, tax, countries, y, cats["hs_codes"])
        q = np.full(tax.k, np.nan)
        if prod is not None and len(prod):
            pr = prod[pd.to_numeric(prod["year"], errors="coerce") == y]
            pi = tax.ids.get_indexer(pr["category_id"].astype(str))
            ok = pi >= 0
            s = pd.Series(_num(pr["domestic_output_usd"])[ok]).groupby(pi[ok]).sum()
            q[s.index.to_numpy()] = s.to_numpy()
        m_kc = tax.aggregate(imports_kc)
        m, x, q = m_kc.sum(axis=1), tax.aggregate(exports_k), _fill_from_children(tax, q)
        ir = np.where(np.isnan(q) & (m + x == 0), np.nan, import_reliance(np.nan_to_num(q), m, x))
        idx = pd.MultiIndex.from_arrays([tax.ids, np.full(tax.k, y)], names=["category_id", "year"])
        tot.append(pd.DataFrame({"production_usd": q, "imports_usd": m, "exports_usd": x,
                                 "import_reliance": ir}, index=idx))
        org.append(pd.DataFrame(m_kc, index=idx, columns=countries))
    if not tot:
        empty = pd.MultiIndex.from_arrays([[], []], names=["category_id", "year"])
        return TradeHistory(pd.DataFrame(index=empty), pd.DataFrame(index=empty))
    return TradeHistory(pd.concat(tot).sort_index(), pd.concat(org).sort_index())
