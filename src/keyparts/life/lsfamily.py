"""Location-scale log-likelihood with any censoring, and its maximisation.

Weibull, lognormal and loglogistic lives are location-scale in y = ln t with the smallest
extreme value (SEV), normal and logistic bases; the normal distribution is location-scale in t
(Meeker & Escobar 1998, §4.2–4.8 and §8.2). For an observation with standardised
z = (y − μ)/σ the contributions are (Meeker & Escobar eq. 7.3–7.4):

* exact failure:   ln φ(z) − ln σ              (plus the Jacobian −ln t on the time scale)
* right-censored:  ln S(z_lower)
* left-censored:   ln F(z_upper)
* interval:        ln[F(z_upper) − F(z_lower)]

μ may differ per observation (μ = X·a + offset: groups, stress models), σ is shared.
Fitting works in θ = (a, ln σ) — the re-parameterisation that removes the scale problems
reported for badly scaled data (lifelines #827) — by a trust-region Newton method with an
analytic gradient and a Hessian from central differences of that gradient.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
import scipy  # its submodules load on first use: importing this module stays cheap

from keyparts.errors import InsufficientDataError

from .data import F, I, L, S

Arr = NDArray[np.float64]


@dataclass(frozen=True)
class Base:
    """Standard base distribution of a location-scale family."""

    name: str
    logpdf: Callable[[Arr], Arr]
    logsf: Callable[[Arr], Arr]
    logcdf: Callable[[Arr], Arr]
    dlogpdf: Callable[[Arr], Arr]
    ppf: Callable[[Arr], Arr]
    cdf: Callable[[Arr], Arr]


SEV = Base(
    "sev",
    logpdf=lambda z: z - np.exp(z),
    logsf=lambda z: -np.exp(z),
    logcdf=lambda z: np.log(-np.expm1(-np.exp(z))),
    dlogpdf=lambda z: 1.0 - np.exp(z),
    ppf=lambda p: np.log(-np.log1p(-p)),
    cdf=lambda z: -np.expm1(-np.exp(z)),
)
NORMAL = Base(
    "normal",
    logpdf=lambda z: -0.5 * z * z - 0.5 * np.log(2 * np.pi),
    logsf=lambda z: scipy.special.log_ndtr(-z),
    logcdf=lambda z: scipy.special.log_ndtr(z),
    dlogpdf=lambda z: -z,
    ppf=lambda p: scipy.special.ndtri(p),
    cdf=lambda z: scipy.special.ndtr(z),
)
LOGISTIC = Base(
    "logistic",
    logpdf=lambda z: -np.abs(z) - 2.0 * np.log1p(np.exp(-np.abs(z))),
    logsf=lambda z: -np.logaddexp(0.0, z),
    logcdf=lambda z: -np.logaddexp(0.0, -z),
    dlogpdf=lambda z: -np.tanh(0.5 * z),
    ppf=lambda p: scipy.special.logit(p),
    cdf=lambda z: scipy.special.expit(z),
)


def _logdiff(base: Base, zl: Arr, zu: Arr) -> Arr:
    """ln[F(zu) − F(zl)] computed in the tail where it is accurate."""
    lower_tail = zu <= 0
    a = np.where(lower_tail, base.logcdf(zu), base.logsf(zl))
    b = np.where(lower_tail, base.logcdf(zl), base.logsf(zu))
    return a + np.log1p(-np.exp(b - a))


def loglik_terms(base: Base, y_lo: Arr, y_hi: Arr, kind: NDArray[np.int8], w: Arr,
                 mu: Arr | float, sigma: Arr | float, grad: bool = False
                 ) -> tuple[Arr, Arr | None, Arr | None]:
    """Per-observation weighted log-likelihood (y scale) and, optionally, d/dμ and d/dσ.

    Shapes broadcast: data (n,) or (m, n) with μ, σ of shape (), (n,), (m, 1) or (m, n).
    """
    shape = np.broadcast_shapes(np.shape(y_lo), np.shape(mu), np.shape(sigma))
    mu = np.broadcast_to(mu, shape)
    sg = np.broadcast_to(sigma, shape)
    y_lo, y_hi = np.broadcast_to(y_lo, shape), np.broadcast_to(y_hi, shape)
    kind, w = np.broadcast_to(kind, shape), np.broadcast_to(w, shape)
    ll = np.zeros(shape)
    gm = np.zeros(shape) if grad else None
    gs = np.zeros(shape) if grad else None
    with np.errstate(all="ignore"):
        for code in (F, S, L, I):
            m = kind == code
            if not m.any():
                continue
            s, mm = sg[m], mu[m]
            if code == L:
                zu = (y_hi[m] - mm) / s
                ll[m] = base.logcdf(zu)
                if grad:
                    du = np.exp(base.logpdf(zu) - ll[m])
                    gm[m], gs[m] = -du / s, -du * zu / s
                continue
            zl = (y_lo[m] - mm) / s
            if code == F:
                ll[m] = base.logpdf(zl) - np.log(s)
                if grad:
                    d = base.dlogpdf(zl)
                    gm[m], gs[m] = -d / s, -(d * zl + 1.0) / s
            elif code == S:
                ll[m] = base.logsf(zl)
                if grad:  # a suspension at t = 0 (z = −inf) carries no information
                    d = -np.exp(base.logpdf(zl) - ll[m])
                    fin = np.isfinite(zl)
                    gm[m], gs[m] = np.where(fin, -d / s, 0.0), np.where(fin, -d * zl / s, 0.0)
            else:
                zu = (y_hi[m] - mm) / s
                ll[m] = _logdiff(base, zl, zu)
                if grad:
                    dl = -np.exp(base.logpdf(zl) - ll[m])
                    du = np.exp(base.logpdf(zu) - ll[m])
                    gm[m] = -(dl + du) / s
                    gs[m] = -(dl * np.where(np.isfinite(zl), zl, 0.0)
                              + du * np.where(np.isfinite(zu), zu, 0.0)) / s
    ll = ll * w
    if grad:
        gm, gs = gm * w, gs * w
    return ll, gm, gs


@dataclass(frozen=True)
class LSProblem:
    """A location-scale likelihood: μ_i = X_i·a + offset_i, σ = exp(θ[-1]) or fixed."""

    base: Base
    y_lo: Arr
    y_hi: Arr
    kind: NDArray[np.int8]
    w: Arr
    X: Arr
    offset: Arr | float = 0.0
    sigma_fixed: float | None = None

    def split(self, theta: Arr) -> tuple[Arr, float]:
        p = self.X.shape[1]
        mu = self.X @ theta[:p] + self.offset
        sigma = self.sigma_fixed if self.sigma_fixed is not None else float(np.exp(theta[p]))
        return mu, sigma

    def loglik(self, theta: Arr) -> float:
        mu, sigma = self.split(np.asarray(theta, float))
        ll, _, _ = loglik_terms(self.base, self.y_lo, self.y_hi, self.kind, self.w, mu, sigma)
        v = float(ll.sum())
        return v if np.isfinite(v) else -np.inf

    def grad(self, theta: Arr) -> Arr:
        mu, sigma = self.split(np.asarray(theta, float))
        _, gm, gs = loglik_terms(self.base, self.y_lo, self.y_hi, self.kind, self.w, mu, sigma, True)
        g = self.X.T @ gm
        if self.sigma_fixed is None:
            g = np.append(g, sigma * gs.sum())
        return g

    def hessian(self, theta: Arr) -> Arr:
        """Observed Hessian by central differences of the analytic gradient."""
        theta = np.asarray(theta, float)
        k = theta.size
        H = np.empty((k, k))
        for j in range(k):
            h = 1e-5 * max(1.0, abs(theta[j]))
            e = np.zeros(k)
            e[j] = h
            H[:, j] = (self.grad(theta + e) - self.grad(theta - e)) / (2 * h)
        return 0.5 * (H + H.T)

    def start(self) -> Arr:
        """Least-squares start on failure times / interval mid-points / censoring times."""
        with np.errstate(invalid="ignore"):
            y = np.where(self.kind == L, self.y_hi,
                         np.where(self.kind == I, 0.5 * (self.y_lo + self.y_hi), self.y_lo))
        y = np.where(np.isfinite(y), y, np.nanmin(np.where(np.isfinite(y), y, np.nan)))
        a, *_ = np.linalg.lstsq(self.X * np.sqrt(self.w)[:, None],
                                (y - self.offset) * np.sqrt(self.w), rcond=None)
        if self.sigma_fixed is not None:
            return a
        resid = y - self.offset - self.X @ a
        sd = float(np.sqrt(np.average(resid**2, weights=self.w)))
        return np.append(a, np.log(sd if sd > 1e-3 else 1.0))

    def maximise(self, start: Arr | None = None) -> tuple[Arr, float]:
        """θ̂ and the maximised log-likelihood (y scale)."""
        x0 = self.start() if start is None else np.asarray(start, float)
        fun = lambda th: (-self.loglik(th), -self.grad(th))
        best = None
        for method in ("trust-exact", "BFGS"):
            try:
                kw = {"hess": lambda th: -self.hessian(th)} if method == "trust-exact" else {}
                r = scipy.optimize.minimize(fun, x0, jac=True, method=method,
                                            options={"gtol": 1e-9, "maxiter": 500}, **kw)
            except (ValueError, np.linalg.LinAlgError):
                continue
            if np.isfinite(r.fun) and (best is None or r.fun < best.fun - 1e-12):
                best = r
            if r.success and np.max(np.abs(r.jac)) < 1e-6:
                break
            x0 = r.x if np.all(np.isfinite(r.x)) else x0
        if best is None or not np.isfinite(best.fun):
            raise InsufficientDataError("the likelihood could not be maximised (no finite optimum); "
                                        "check the data or use a Weibayes analysis with an assumed shape")
        return best.x, -float(best.fun)
