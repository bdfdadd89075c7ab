"""Criticality: supply risk (SR) and economic importance (EI) in the EU CRM form, and the screen.

EU methodology: Blengini et al. (2017) *Assessment of the methodology for establishing the EU
list of critical raw materials — background report*, JRC, EUR 28654 EN, doi:10.2760/73303, and
EC (2017) *Methodology for establishing the EU list of CRMs — guidelines*:

    SR = [HHI_WGI,t(GS)·IR/2 + HHI_WGI,t(sourcing)·(1 − IR/2)]·(1 − EOL_RIR)·SI_SR
    EI = Σ_s (A_s·Q_s)·SI_EI, scaled to 0–10
    critical  ⇔  SR >= 1.0 and EI >= 2.8

Adaptation to parts (documented in docs/methods.md): the sourcing term uses the home country's
import-origin shares; global supply shares GS are stood in for by the qualified production
capacity of all known makers by maker country (falls back to the import shares where no
capacity is known); EOL_RIR = 0 (recovered parts are negligible); SI_SR falls linearly from 1
to ``si_floor`` as qualified domestic capacity covers consumption; EI is the output value of
the end products that need the category through essential BOM lines, times SI_EI, as a share of
all end products' output on 0–10.
"""

from __future__ import annotations

import numpy as np

SR_THRESHOLD = 1.0   # EU CRM 2017 methodology (and CritMAT default)
EI_THRESHOLD = 2.8
SI_FLOOR = 0.5       # judgement: EU 2023 SI values span 0.59–1.00


def supply_risk(hhi_gs: np.ndarray, hhi_sourcing: np.ndarray, ir: np.ndarray,
                eol_rir: np.ndarray | float = 0.0, si: np.ndarray | float = 1.0) -> np.ndarray:
    """EU supply risk SR = [HHI_GS·IR/2 + HHI_sourcing·(1 − IR/2)]·(1 − EOL_RIR)·SI_SR.

    Blengini et al. (2017), EUR 28654 EN, supply-risk equation. HHI terms are HHI_WGI,t (0–10),
    IR, EOL_RIR and SI are fractions; SR is on the same 0–10 scale.
    """
    ir = np.asarray(ir, dtype=float)
    return ((np.asarray(hhi_gs) * ir / 2 + np.asarray(hhi_sourcing) * (1 - ir / 2))
            * (1 - np.asarray(eol_rir)) * np.asarray(si))


def substitution_index_sr(domestic_capacity_usd: np.ndarray, consumption_usd: np.ndarray,
                          si_floor: float = SI_FLOOR) -> np.ndarray:
    """SI_SR = 1 − (1 − si_floor)·coverage, coverage = min(1, qualified domestic capacity / consumption).

    1 = no qualified domestic substitute; ``si_floor`` when domestic qualified parts could cover all
    consumption. Stands in for the EU's substitute-based SI_SR (EC 2017 guidelines, §4.3).
    """
    cap = np.asarray(domestic_capacity_usd, dtype=float)
    cons = np.asarray(consumption_usd, dtype=float)
    cov = np.divide(cap, cons, out=np.where(cap > 0, 1.0, 0.0), where=np.nan_to_num(cons) > 0)
    return 1.0 - (1.0 - si_floor) * np.clip(cov, 0.0, 1.0)


def substitution_index_ei(substitutable_share: np.ndarray, si_floor: float = SI_FLOOR) -> np.ndarray:
    """SI_EI = 1 − (1 − si_floor)·substitutable share of the category's demand (1 = no substitute)."""
    return 1.0 - (1.0 - si_floor) * np.clip(np.asarray(substitutable_share, dtype=float), 0.0, 1.0)


def economic_importance(dependent_output_usd: np.ndarray, total_output_usd: float,
                        si_ei: np.ndarray | float = 1.0) -> np.ndarray:
    """EI = 10 · SI_EI · (output of end products that need the category essentially) / (all output).

    The EU sums end-use shares times sector value added and scales by the largest NACE-2 sector
    (Blengini et al. 2017, EI equation); with product-level BOMs the dependent output is known
    directly and is scaled by the total output of all end products, so EI = 10 means every end
    product stops without the category.
    """
    v = np.asarray(dependent_output_usd, dtype=float)
    if total_output_usd <= 0:
        return np.zeros_like(v)
    return 10.0 * np.asarray(si_ei) * v / total_output_usd


def is_critical(sr: np.ndarray, ei: np.ndarray, *, sr_threshold: float = SR_THRESHOLD,
                ei_threshold: float = EI_THRESHOLD) -> np.ndarray:
    """EU screen: critical when SR >= 1.0 and EI >= 2.8 (EC 2017 guidelines)."""
    return (np.asarray(sr) >= sr_threshold) & (np.asarray(ei) >= ei_threshold)
