"""Country risk: the 0-10 risk of a country and its export-restriction factor, one rule for gaps.

``countries.csv`` gives ``risk`` (0-10, 10 = worst; the EU uses 2·(2.5 − mean WGI)) and
``export_control`` t ≥ 1 (1 = no restriction), as in the EU CRM methodology (Blengini et al.
2017, EUR 28654 EN, supply-risk equation: HHI_WGI,t = Σ s_c²·risk_c·t_c).

The one rule for a missing value (documented in docs/methods.md): a risk that is not known —
blank cell, no countries table, or a country code absent from it — counts as
:data:`UNKNOWN_RISK` = 5, the middle of the 0-10 scale (neither safe nor risky); a missing
export-control factor counts as :data:`NO_EXPORT_CONTROL` = 1 (no restriction).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

UNKNOWN_RISK = 5.0
NO_EXPORT_CONTROL = 1.0
MAX_RISK = 10.0


def country_code(code: str) -> str:
    """An ISO 3166-1 alpha-2 code as typed by a user (``jp``, `` JP``) in its upper-case form."""
    return code.strip().upper()


def risk_factors(countries: pd.DataFrame | None) -> tuple[pd.Index, np.ndarray, np.ndarray]:
    """(codes, risk 0-10, export-control factor t) per row of ``countries``, gaps filled by the rule."""
    if countries is None or not len(countries):
        return pd.Index([], dtype=object), np.zeros(0), np.zeros(0)
    codes = pd.Index(countries["code"].astype(str).to_numpy())
    risk = pd.to_numeric(countries["risk"], errors="coerce").to_numpy(float)
    t = (pd.to_numeric(countries["export_control"], errors="coerce").to_numpy(float)
         if "export_control" in countries else np.full(len(countries), np.nan))
    return (codes, np.where(np.isfinite(risk), risk, UNKNOWN_RISK),
            np.where(np.isfinite(t), t, NO_EXPORT_CONTROL))


def country_risk(countries: pd.DataFrame | None, codes) -> np.ndarray:
    """The supply risk of each country in ``codes`` on the 0-10 scale: min(10, risk·t).

    ``countries`` has columns code, risk, export_control; a code that is missing (None) or
    not in ``countries`` gets ``UNKNOWN_RISK`` × ``NO_EXPORT_CONTROL`` = 5.
    """
    table, risk, t = risk_factors(countries)
    idx = table.get_indexer(pd.Index(np.asarray(codes, dtype=object).astype(str)))
    combined = np.append(np.minimum(MAX_RISK, risk * t), UNKNOWN_RISK * NO_EXPORT_CONTROL)
    return combined[idx]
