"""Ranking score of the key-category list.

score = w_SR · SR/max SR + w_EI · EI/10 + w_L · L/max L, with L the lost output value under the
worst single-country embargo (USD, attributed to the category through the products' binding
items), maxima taken over the ranked categories. Default weights 0.4 / 0.3 / 0.3 are a
declared judgement: supply risk and importance follow the EU two-axis screen (Blengini et al.
2017), the propagated loss follows the USGS 2025 economic-effects idea (loss under disruption
scenarios). Critical status (EU thresholds) is reported beside the rank, not mixed into it.
"""

from __future__ import annotations

import numpy as np

DEFAULT_WEIGHTS = (0.4, 0.3, 0.3)
# Version of the ranking method (SR, EI, embargo loss and the score). Bump it whenever a formula,
# a default or a stand-in changes, so that editions published under different methods are told apart.
METHOD_VERSION = "2026.1"


def _norm_max(x: np.ndarray) -> np.ndarray:
    m = np.max(x, axis=-1, keepdims=True)
    return np.divide(x, m, out=np.zeros_like(x, dtype=float), where=m > 0)


def score(sr: np.ndarray, ei: np.ndarray, loss: np.ndarray,
          weights: np.ndarray | tuple[float, float, float] = DEFAULT_WEIGHTS) -> np.ndarray:
    """Ranking score in [0, 1] per category; arrays (..., K), weights (3,) or (..., 3)."""
    w = np.asarray(weights, dtype=float)
    w = w / w.sum(axis=-1, keepdims=True)
    w_sr, w_ei, w_l = (w[..., i, None] if w.ndim > 1 else w[i] for i in range(3))
    return (w_sr * _norm_max(np.asarray(sr, dtype=float)) + w_ei * np.asarray(ei, dtype=float) / 10.0
            + w_l * _norm_max(np.asarray(loss, dtype=float)))


def ranks(scores: np.ndarray) -> np.ndarray:
    """Rank 1 = highest score along the last axis (ties broken by position)."""
    order = np.argsort(-scores, axis=-1, kind="stable")
    r = np.empty_like(order)
    np.put_along_axis(r, order, np.arange(1, scores.shape[-1] + 1)[None, :] if scores.ndim > 1
                      else np.arange(1, scores.shape[-1] + 1), axis=-1)
    return r
