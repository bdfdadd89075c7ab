"""Many Weibull 2P fits at once: a batch API and the vectorised bootstrap.

The profile-likelihood Newton iteration of :mod:`keyparts.life.weibull` runs on an (m, n)
array, one row per data set, so 10 000 data sets of 20 units fit in a few tens of ms.
Bootstrap bounds are non-parametric percentile bounds (Efron & Tibshirani 1993, ch. 13;
Meeker & Escobar 1998, §9.3) over unit resamples.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from keyparts.errors import InputError, InsufficientDataError

from .bounds import check_cl
from .data import F, LifeData
from .weibull import weibull_profile_fit

Arr = NDArray[np.float64]


@dataclass(frozen=True)
class BatchFit:
    """Weibull 2P MLE of m data sets: arrays of length m (time unit of the input)."""

    beta: Arr
    eta: Arr
    loglik: Arr
    se_beta: Arr
    se_eta: Arr
    cov_eta_beta: Arr

    def b_life(self, p: float) -> Arr:
        """Bp life of every data set."""
        return self.eta * (-np.log1p(-p / 100.0)) ** (1.0 / self.beta)

    def to_dict(self) -> dict[str, Any]:
        return {"distribution": "weibull2p", "method": "mle", "m": int(self.beta.size),
                "beta": self.beta.tolist(), "eta": self.eta.tolist(),
                "loglik": self.loglik.tolist()}


def fit_weibull_batch(times: ArrayLike, failed: ArrayLike | None = None, *,
                      with_cov: bool = True) -> BatchFit:
    """Weibull 2P MLE of each row of ``times`` (m, n); ``failed`` (m, n) booleans (True =
    failure, False = suspension), default all failures. Rows of unequal length: pad with
    NaN (ignored)."""
    t = np.atleast_2d(np.asarray(times, float))
    f = np.ones(t.shape, bool) if failed is None else np.atleast_2d(np.asarray(failed, bool))
    if f.shape != t.shape:
        raise InputError(f"failed: shape {f.shape} does not match times {t.shape}")
    valid = np.isfinite(t)
    if np.any(valid & (t <= 0)):
        raise InputError("times: every time must be > 0 for a Weibull 2P fit")
    wA = valid.astype(float)
    wF = (valid & f).astype(float)
    tt = np.where(valid, t, 1.0)
    scale = np.exp(np.nanmean(np.log(np.where(valid, t, np.nan)), axis=1, keepdims=True))
    res = weibull_profile_fit(tt / scale, wF, wA, with_cov=with_cov)
    s = scale[:, 0]
    eta = res.eta * s
    r = wF.sum(axis=1)
    ll = res.loglik - r * np.log(s)
    cov = res.cov
    return BatchFit(res.beta, eta, ll, np.sqrt(cov[:, 1, 1]), np.sqrt(cov[:, 0, 0]) * s,
                    cov[:, 0, 1] * s)


@dataclass(frozen=True)
class WeibullBootstrap:
    """Bootstrap replicates (β*, η*) of a Weibull 2P MLE."""

    beta: Arr
    eta: Arr

    @classmethod
    def run(cls, data: LifeData, B: int, seed: int = 0) -> WeibullBootstrap:
        """B unit resamples (with replacement), refitted in one vectorised batch; resamples
        with fewer than 2 distinct failure times are drawn again."""
        if B < 100:
            raise InputError(f"bootstrap: {B} resamples is too few (use at least 1000)")
        t, kind = data.expanded()
        fail = kind == F
        rng = np.random.default_rng(seed)
        rows: list[NDArray[np.int64]] = []
        need = B
        while need > 0:
            idx = rng.integers(0, t.size, size=(need, t.size))
            ft = np.where(fail[idx], t[idx], np.nan)
            ok = (np.nanmax(ft, axis=1) > np.nanmin(ft, axis=1)) if fail.any() else np.zeros(need, bool)
            ok &= fail[idx].sum(axis=1) >= 2
            rows.append(idx[ok])
            need -= int(ok.sum())
            if len(rows) > 50:
                raise InsufficientDataError("bootstrap resamples rarely hold 2 distinct failures")
        idx = np.concatenate(rows)[:B]
        fit = fit_weibull_batch(t[idx], fail[idx], with_cov=False)
        return cls(fit.beta, fit.eta)

    def interval(self, what: object, cl: float, sides: int) -> tuple[float, float]:
        """Percentile bounds on a parameter name, ("b", F) a quantile, ("r", t) reliability."""
        check_cl(cl, sides)
        if what == "beta":
            x = self.beta
        elif what == "eta":
            x = self.eta
        elif isinstance(what, tuple) and what[0] == "b":
            x = self.eta * (-np.log1p(-what[1])) ** (1.0 / self.beta)
        elif isinstance(what, tuple) and what[0] == "r":
            x = np.exp(-(what[1] / self.eta) ** self.beta)
        else:
            raise InputError(f"bootstrap bounds: unknown quantity {what!r}")
        a = (1 - cl) / 2 if sides == 2 else 1 - cl
        lo, hi = np.quantile(x, [a, 1 - a])
        return float(lo), float(hi)
