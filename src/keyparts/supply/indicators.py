"""Indicators per category and year: consumption, import reliance, concentration, flags.

All inputs are per-category arrays *before* aggregation (each flow booked once, to its most
specific category); :func:`category_indicators` aggregates every category over its subtree, so a
parent (family) reports the sum of its children. Money in USD, shares as fractions.

Sources: IR = (M − X)/(Q + M − X), EC (2017) CRM guidelines / Blengini et al. (2017); HHI and
HHI_WGI,t, idem; the 65 % single-country benchmark, Regulation (EU) 2024/1252 (CRMA) Art. 5(1)(b);
the extreme-bottleneck rule (one partner >= 80 % of imports and >= USD 10 m), "Trade in a
Bottle" (tradebottlenecks.uew.pl, Georgitzikis 2023, JRC136041).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from keyparts.supply.concentration import hhi, hhi_wgi_t, shares, top_origin
from keyparts.supply.taxonomy import Taxonomy

SINGLE_COUNTRY_CAP = 0.65        # CRMA Art. 5(1)(b): no third country > 65 % of consumption
EXTREME_SHARE = 0.80             # Trade in a Bottle: one partner >= 80 % of imports ...
EXTREME_VALUE_USD = 10e6         # ... and >= USD 10 m
HIGH_END_GAP_RATIO = 1.5         # import/export unit-value ratio flagged as a "high-end gap"


@dataclass(frozen=True)
class CategoryIndicators:
    """Per-category indicator table (index = category id) and the import-origin shares (K x C)."""

    table: pd.DataFrame
    import_shares: np.ndarray     # K x C, shares of import origins (fractions)
    countries: pd.Index

    def to_dict(self) -> dict:
        return {"categories": _records(self.table.reset_index())}


def _records(df: pd.DataFrame) -> list[dict]:
    out = []
    for rec in df.to_dict(orient="records"):
        out.append({k: _plain(v) for k, v in rec.items()})
    return out


def _plain(v: object) -> object:
    if isinstance(v, (np.floating, float)):
        return None if not np.isfinite(v) else float(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.bool_,)):
        return bool(v)
    if isinstance(v, np.ndarray):
        return [_plain(x) for x in v]
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if v is pd.NA or v is None:
        return None
    return v


def import_reliance(production: np.ndarray, imports: np.ndarray, exports: np.ndarray) -> np.ndarray:
    """IR = max(0, (M − X)/(Q + M − X)), clipped to [0, 1]; 0 where the denominator is not positive.

    EC (2017) guidelines for the EU CRM list; Q domestic production, M imports, X exports (USD).
    """
    q, m, x = (np.asarray(a, dtype=float) for a in (production, imports, exports))
    den = q + m - x
    ir = np.divide(m - x, den, out=np.zeros_like(den), where=den > 0)
    return np.clip(ir, 0.0, 1.0)


def _fill_from_children(tax: Taxonomy, own: np.ndarray) -> np.ndarray:
    """A category's reported value if it has one, else the sum over its children (recursively)."""
    val = own.copy()
    kids = tax.parent >= 0
    for _ in range(16):
        child_val = np.where(np.isnan(val), 0.0, val)
        has = ~np.isnan(val)
        s = np.bincount(tax.parent[kids], weights=child_val[kids], minlength=tax.k)
        any_child = np.bincount(tax.parent[kids], weights=has[kids].astype(float), minlength=tax.k) > 0
        new = np.where(np.isnan(own) & any_child, s, own)
        if np.array_equal(np.nan_to_num(new, nan=-1), np.nan_to_num(val, nan=-1)):
            break
        val = new
    return val


def category_indicators(tax: Taxonomy, countries: pd.Index, *, home: str,
                        imports_kc: np.ndarray, exports_k: np.ndarray,
                        unit_value_ratio: np.ndarray,
                        production_k: np.ndarray, sourcing_kc: np.ndarray,
                        risk: np.ndarray, t: np.ndarray) -> CategoryIndicators:
    """Indicators at every taxonomy level.

    Inputs per category (booked once, to the most specific category): ``imports_kc`` import value
    by partner (K x C, USD), ``exports_k`` (USD), ``unit_value_ratio`` (already aggregated, see
    :func:`keyparts.supply.model.unit_value_ratio`),
    ``production_k`` domestic output (USD, NaN = not reported), ``sourcing_kc`` value of the
    buyers' needs by origin country (K x C, USD, home country included).

    IR comes from trade and production where both exist (``ir_method = "trade"``), else from the
    value-weighted foreign share of sourcing (``"sourcing"``), else from trade alone with Q
    unknown (``"trade_only"``, Q taken as 0), else 0 (``"none"``).
    """
    M_kc = tax.aggregate(imports_kc)
    S_kc = tax.aggregate(sourcing_kc)
    M = M_kc.sum(axis=1)
    X = tax.aggregate(exports_k)
    Q = _fill_from_children(tax, np.asarray(production_k, dtype=float))
    h = countries.get_loc(home) if home in countries else -1
    foreign_kc = S_kc.copy()
    if h >= 0:
        foreign_kc[:, h] = 0.0
    S_tot = S_kc.sum(axis=1)
    has_trade = (M + X) > 0
    has_q = ~np.isnan(Q)
    has_src = S_tot > 0
    ir_trade = import_reliance(np.nan_to_num(Q), M, X)
    ir_src = np.divide(foreign_kc.sum(axis=1), S_tot, out=np.zeros_like(S_tot), where=has_src)
    method = np.where(has_trade & has_q, "trade",
                      np.where(has_src, "sourcing", np.where(has_trade, "trade_only", "none")))
    ir = np.select([method == "trade", method == "sourcing", method == "trade_only"],
                   [ir_trade, ir_src, ir_trade], 0.0)
    consumption = np.where(np.isin(method, ["trade", "trade_only"]), np.nan_to_num(Q) + M - X,
                           np.where(method == "sourcing", S_tot, np.nan))
    # import-origin shares: customs where the category has imports, else foreign sourcing
    use_trade = M > 0
    s = np.where(use_trade[:, None], shares(M_kc), shares(foreign_kc))
    hhi_source = np.where(use_trade, "trade", np.where(foreign_kc.sum(axis=1) > 0, "sourcing", "none"))
    conc = hhi(s)
    conc_risk = hhi_wgi_t(s, risk, t)
    top = top_origin(s, risk, t, countries.to_numpy())
    top_share = s[np.arange(tax.k), top]
    has_imp = s.sum(axis=1) > 0
    top_code = np.where(has_imp, countries.to_numpy()[top], None)
    trade_based = np.isin(method, ["trade", "trade_only"]) & use_trade
    top_of_consumption = np.where(
        trade_based, np.divide(top_share * M, consumption, out=np.zeros(tax.k),
                             where=np.nan_to_num(consumption) > 0),
        np.divide(foreign_kc.max(axis=1) if foreign_kc.size else np.zeros(tax.k), S_tot,
                  out=np.zeros(tax.k), where=has_src))
    top_of_consumption = np.clip(top_of_consumption, 0.0, 1.0)
    uv_ratio = np.asarray(unit_value_ratio, dtype=float)
    flags: list[list[str]] = []
    for i in range(tax.k):
        f = []
        if has_imp[i] and top_of_consumption[i] > SINGLE_COUNTRY_CAP:
            f.append("one_country_over_65pct")
        if use_trade[i] and top_share[i] >= EXTREME_SHARE and top_share[i] * M[i] >= EXTREME_VALUE_USD:
            f.append("extreme_bottleneck")
        if np.isfinite(uv_ratio[i]) and uv_ratio[i] >= HIGH_END_GAP_RATIO:
            f.append("high_end_gap")
        flags.append(f)
    table = pd.DataFrame({
        "name": tax.names, "level": tax.level,
        "parent_id": [tax.ids[p] if p >= 0 else None for p in tax.parent],
        "production_usd": Q, "imports_usd": M, "exports_usd": X, "consumption_usd": consumption,
        "import_reliance": ir, "ir_method": method, "hhi": conc, "hhi_risk": conc_risk,
        "hhi_source": hhi_source, "n_origins": (s > 0).sum(axis=1),
        "top_origin": top_code, "top_origin_share": np.where(has_imp, top_share, np.nan),
        "top_origin_share_of_consumption": top_of_consumption,
        "unit_value_ratio": uv_ratio, "flags": flags,
    }, index=tax.ids.rename("id"))
    return CategoryIndicators(table, s, countries)
