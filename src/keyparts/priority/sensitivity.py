"""Seeded Monte Carlo sensitivity of the ranking: probability of staying in the top N, rank interval.

Uncertain inputs are perturbed around their point values (declared judgement, stated in the
result's ``method``): origin shares ~ Dirichlet(κ·s) with κ = 50 (mean s); country risk
× lognormal(0, 0.2) clipped to [0, 10]; IR + Normal(0, 0.05) clipped to [0, 1]; EI ×
lognormal(0, 0.1); loss × lognormal(0, 0.3); score weights ~ Dirichlet(20·w). SR and the score
are recomputed per sample with the same formulas as the point estimate (vectorised over samples).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from keyparts.priority.criticality import supply_risk
from keyparts.priority.ranking import DEFAULT_WEIGHTS, ranks, score

PARAMS = {"share_kappa": 50.0, "risk_sigma": 0.2, "ir_sd": 0.05, "ei_sigma": 0.1,
          "loss_sigma": 0.3, "weight_kappa": 20.0}


@dataclass(frozen=True)
class Sensitivity:
    p_top_n: np.ndarray          # K, probability of rank <= top_n
    rank_lo: np.ndarray          # K, 5th percentile of rank
    rank_hi: np.ndarray          # K, 95th percentile of rank
    n_samples: int
    seed: int
    top_n: int

    def to_dict(self) -> dict:
        return {"n_samples": self.n_samples, "seed": self.seed, "top_n": self.top_n, "perturbations": PARAMS}


def _dirichlet(rng: np.random.Generator, s: np.ndarray, kappa: float, n: int) -> np.ndarray:
    """n draws (n, *s.shape) from Dirichlet(kappa·s) over the last axis; zero shares stay zero."""
    alpha = kappa * s
    g = rng.standard_gamma(np.where(alpha > 0, alpha, 1.0), size=(n, *s.shape)) * (alpha > 0)
    tot = g.sum(axis=-1, keepdims=True)
    return np.divide(g, tot, out=np.zeros_like(g), where=tot > 0)


def monte_carlo(*, s_imp: np.ndarray, s_gs: np.ndarray, risk: np.ndarray, t: np.ndarray,
                ir: np.ndarray, si: np.ndarray, ei: np.ndarray, loss: np.ndarray,
                weights: tuple[float, float, float] = DEFAULT_WEIGHTS, top_n: int = 10,
                n_samples: int = 500, seed: int = 0, chunk: int = 100) -> Sensitivity:
    """Rank stability of K categories; shares are (K, C), the rest (K,) or (C,)."""
    rng = np.random.default_rng(seed)
    K = len(ir)
    all_ranks = np.empty((n_samples, K), dtype=np.int64)
    w = np.asarray(weights, dtype=float) / np.sum(weights)
    done = 0
    while done < n_samples:
        n = min(chunk, n_samples - done)
        si_ = _dirichlet(rng, s_imp, PARAMS["share_kappa"], n)
        sg_ = _dirichlet(rng, s_gs, PARAMS["share_kappa"], n)
        r_ = np.clip(risk[None, :] * rng.lognormal(0.0, PARAMS["risk_sigma"], (n, len(risk))), 0, 10)
        wr = r_ * t[None, :]
        h_imp = np.einsum("nkc,nc->nk", si_ * si_, wr)
        h_gs = np.einsum("nkc,nc->nk", sg_ * sg_, wr)
        ir_ = np.clip(ir[None, :] + rng.normal(0.0, PARAMS["ir_sd"], (n, K)), 0, 1)
        sr_ = supply_risk(h_gs, h_imp, ir_, 0.0, si[None, :])
        ei_ = ei[None, :] * rng.lognormal(0.0, PARAMS["ei_sigma"], (n, K))
        l_ = loss[None, :] * rng.lognormal(0.0, PARAMS["loss_sigma"], (n, K))
        w_ = rng.dirichlet(PARAMS["weight_kappa"] * w, size=n)
        all_ranks[done:done + n] = ranks(score(sr_, ei_, l_, w_))
        done += n
    top = min(top_n, K)
    return Sensitivity(p_top_n=(all_ranks <= top).mean(axis=0),
                       rank_lo=np.percentile(all_ranks, 5, axis=0),
                       rank_hi=np.percentile(all_ranks, 95, axis=0),
                       n_samples=n_samples, seed=seed, top_n=top_n)
