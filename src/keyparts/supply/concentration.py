"""Concentration of supply: HHI and the governance- and trade-weighted HHI_WGI,t.

HHI = Σ_c s_c² with shares as fractions (Herfindahl–Hirschman index; 1/n for n equal origins,
1 for a single origin). HHI_WGI,t = Σ_c s_c² · risk_c · t_c — EU CRM methodology, Blengini et
al. (2017) *Methodology for establishing the EU list of CRMs*, EUR 28654 EN, supply-risk
equation; ``risk_c`` on 0–10 (the EU uses the scaled World Governance Indicator, 10 = worst)
and ``t_c`` >= 1 the export-restriction factor.
"""

from __future__ import annotations

import numpy as np


def shares(values: np.ndarray) -> np.ndarray:
    """Row-normalise non-negative values (..., C) to shares; an all-zero row stays zero."""
    v = np.asarray(values, dtype=float)
    tot = v.sum(axis=-1, keepdims=True)
    return np.divide(v, tot, out=np.zeros_like(v), where=tot > 0)


def hhi(s: np.ndarray) -> np.ndarray:
    """Herfindahl–Hirschman index Σ s_c² of shares (..., C) (fractions, sum 1) -> (...)."""
    s = np.asarray(s, dtype=float)
    return np.einsum("...c,...c->...", s, s)


def hhi_wgi_t(s: np.ndarray, risk: np.ndarray, t: np.ndarray | None = None) -> np.ndarray:
    """Risk-weighted concentration Σ_c s_c² · risk_c · t_c (EU CRM 2017 methodology), 0–10·max t."""
    s = np.asarray(s, dtype=float)
    w = np.asarray(risk, dtype=float) * (1.0 if t is None else np.asarray(t, dtype=float))
    return np.einsum("...c,...c->...", s * s, np.broadcast_to(w, s.shape))


SHARE_TIE = 1e-9  # shares (fractions) closer than this to the row's largest count as tied


def top_origin(s: np.ndarray, risk: np.ndarray, t: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Column index of each row's top origin in shares ``s`` (..., C), deterministic on ties.

    Rule: the largest share; among origins tied within :data:`SHARE_TIE`, the one with the
    higher supply risk ``risk_c · t_c`` (the dependence an analyst must watch, the same weight
    as in HHI_WGI,t); then the alphabetically first ISO code. A row of zeros gives 0.
    """
    s = np.asarray(s, dtype=float)
    w = np.nan_to_num(np.asarray(risk, dtype=float) * np.asarray(t, dtype=float), nan=-np.inf)
    order = np.lexsort((np.asarray(codes, dtype=str), -w))  # primary: risk·t descending
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    tied = s >= s.max(axis=-1, keepdims=True) - SHARE_TIE
    return np.where(tied, rank, len(order)).argmin(axis=-1)
