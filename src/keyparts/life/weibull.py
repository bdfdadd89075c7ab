"""Weibull 2P MLE for exact failures and suspensions through the profile likelihood.

With failures t_i (i ∈ F, weights w_i, r = Σ_F w_i) and suspensions, the MLE shape solves
(Cohen 1965, *Technometrics* 7(4):579–588; Farnum & Booth 1997, *IEEE Trans. Rel.* 46(4))

    g(β) = Σ_all w t^β ln t / Σ_all w t^β − 1/β − (1/r) Σ_F w ln t = 0,

g is increasing in β so the root is unique; then η = (Σ_all w t^β / r)^{1/β}. The root is
found by a safeguarded Newton iteration in ln β on u = ln(t / t_max) (no overflow for times
up to 1e9 and beyond), vectorised over many data sets at once. The observed information in
(η, β) is closed form (Nelson 1982, *Applied Life Data Analysis*, ch. 8 §3; z = t/η):

    −∂²ℓ/∂η² = −(β/η²)(r − (β+1) Σ w z^β)
    −∂²ℓ/∂β² = r/β² + Σ w z^β (ln z)²
    −∂²ℓ/∂η∂β = r/η − Σ w z^β (1 + β ln z)/η
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from keyparts.errors import InsufficientDataError

Arr = NDArray[np.float64]

WEIBAYES_HINT = ("; use a Weibayes analysis with an assumed shape instead "
                 "(keyparts.life.weibayes(times, status, beta=...))")


@dataclass(frozen=True)
class WeibullProfileFit:
    """Arrays over data sets: shape β, scale η (time unit of the data), log-likelihood,
    and the covariance of (η, β) from the observed information (NaN where not requested)."""

    beta: Arr
    eta: Arr
    loglik: Arr
    cov: Arr  # (m, 2, 2) in (eta, beta) order
    converged: NDArray[np.bool_]


def weibull_profile_fit(t: Arr, w_fail: Arr, w_all: Arr, *, with_cov: bool = True,
                        tol: float = 1e-14, max_iter: int = 100) -> WeibullProfileFit:
    """Weibull 2P MLE of m data sets at once.

    ``t``: (m, n) times > 0 (pad unused cells with weight 0); ``w_fail``: units failed at t
    (0 for suspensions); ``w_all``: all units at t (failed + suspended).
    """
    t = np.atleast_2d(np.asarray(t, float))
    wF = np.atleast_2d(np.asarray(w_fail, float))
    wA = np.atleast_2d(np.asarray(w_all, float))
    if t.shape[0] == 1:
        return _fit_one(t[0], wF[0], wA[0], with_cov, tol, max_iter)
    with np.errstate(divide="ignore"):
        lt = np.where(wA > 0, np.log(np.where(t > 0, t, 1.0)), -np.inf)
    lmax = lt.max(axis=1, keepdims=True)
    u = np.where(wA > 0, lt - lmax, 0.0)
    r = wF.sum(axis=1)
    if np.any(r < 2 - 1e-9):
        raise InsufficientDataError(
            f"a Weibull 2P MLE needs at least 2 failures; found {float(r.min()):g}" + WEIBAYES_HINT)
    mF = (wF * u).sum(axis=1) / r
    sdF = np.sqrt(np.maximum((wF * (u - mF[:, None]) ** 2).sum(axis=1) / r, 0.0))
    degenerate = ~(mF < -1e-12)
    if np.any(degenerate):
        raise InsufficientDataError(
            "the Weibull 2P MLE does not exist: all failures are at the longest time "
            "(the shape grows without bound)" + WEIBAYES_HINT)
    x = np.log(np.where(sdF > 0, np.pi / np.sqrt(6.0) / np.maximum(sdF, 1e-300), 1.0 / -mF))
    x_lo = np.full_like(x, -np.inf)
    x_hi = np.full_like(x, np.inf)
    done = np.zeros(x.shape, bool)
    for _ in range(max_iter):
        b = np.exp(x)[:, None]
        e = wA * np.exp(b * u)
        A0 = e.sum(axis=1)
        A1 = (e * u).sum(axis=1) / A0
        A2 = (e * u * u).sum(axis=1) / A0
        bb = b[:, 0]
        g = A1 - 1.0 / bb - mF
        dg = bb * (A2 - A1 * A1 + 1.0 / bb**2)  # dg/d(ln β) > 0
        x_lo = np.where(g < 0, x, x_lo)
        x_hi = np.where(g > 0, x, x_hi)
        step = g / dg
        x_new = x - step
        out = ~((x_new > x_lo) & (x_new < x_hi))
        mid = np.where(np.isfinite(x_lo) & np.isfinite(x_hi), 0.5 * (x_lo + x_hi),
                       np.where(g < 0, x + 1.0, x - 1.0))
        x_new = np.where(out, mid, x_new)
        conv = (np.abs(x_new - x) < tol * np.maximum(1.0, np.abs(x))) | (g == 0)
        x = np.where(done, x, x_new)
        done |= conv
        if done.all():
            break
    beta = np.exp(x)
    e = wA * np.exp(beta[:, None] * u)
    ln_eta_rel = np.log(e.sum(axis=1) / r) / beta  # ln(η / t_max)
    eta = np.exp(lmax[:, 0] + ln_eta_rel)
    lz = u - ln_eta_rel[:, None]  # ln(t/η)
    zb = np.where(wA > 0, np.exp(beta[:, None] * lz), 0.0)
    # ℓ = Σ_F w[ln β + (β−1) ln t − β ln η] − Σ_all w (t/η)^β
    ll = r * np.log(beta) + (wF * (beta[:, None] - 1) * np.where(wF > 0, lt, 0.0)).sum(axis=1) \
        - r * beta * np.log(eta) - (wA * zb).sum(axis=1)
    cov = np.full((beta.size, 2, 2), np.nan)
    if with_cov:
        S0 = (wA * zb).sum(axis=1)
        S1 = (wA * zb * lz).sum(axis=1)
        S2 = (wA * zb * lz * lz).sum(axis=1)
        J = np.empty((beta.size, 2, 2))
        J[:, 0, 0] = -(beta / eta**2) * (r - (beta + 1) * S0)
        J[:, 1, 1] = r / beta**2 + S2
        J[:, 0, 1] = J[:, 1, 0] = r / eta - (S0 + beta * S1) / eta
        cov = np.linalg.inv(J)
    return WeibullProfileFit(beta, eta, ll, cov, done)


def _fit_one(t: Arr, wF: Arr, wA: Arr, with_cov: bool, tol: float, max_iter: int) -> WeibullProfileFit:
    """The same iteration for one data set with scalar bookkeeping (low overhead)."""
    keep = wA > 0
    if not keep.all():
        t, wF, wA = t[keep], wF[keep], wA[keep]
    # OpenBLAS threads a long dot product; on a shared machine that can cost ~10 ms, so long
    # arrays use einsum's single-threaded loop (same result to rounding)
    dot = np.dot if t.size < 20_000 else (lambda a, b: np.einsum("i,i->", a, b))
    lt = np.log(t)
    lmax = float(lt.max())
    u = lt - lmax
    r = float(wF.sum())
    if r < 2 - 1e-9:
        raise InsufficientDataError(
            f"a Weibull 2P MLE needs at least 2 failures; found {r:g}" + WEIBAYES_HINT)
    fu = dot(wF, u)
    mF = fu / r
    if not mF < -1e-12:
        raise InsufficientDataError(
            "the Weibull 2P MLE does not exist: all failures are at the longest time "
            "(the shape grows without bound)" + WEIBAYES_HINT)
    sdF = math.sqrt(max((dot(wF, (u * u))) / r - mF * mF, 0.0))
    x = math.log(math.pi / math.sqrt(6.0) / sdF) if sdF > 0 else math.log(-1.0 / mF)
    x_lo, x_hi = -math.inf, math.inf
    uu = u * u
    unit = bool(np.all(wA == 1.0))
    e = np.empty_like(u)
    converged = False
    for _ in range(max_iter):
        b = math.exp(x)
        if not 0.0 < b < math.inf:  # the shape ran to 0 or infinity: no maximum to converge to
            raise InsufficientDataError("the Weibull MLE does not exist for these data: the shape "
                                        "tends to " + ("0" if b == 0.0 else "infinity") + WEIBAYES_HINT)
        np.multiply(u, b, out=e)
        np.exp(e, out=e)
        if not unit:
            e *= wA
        A0 = e.sum()
        A1 = (dot(e, u)) / A0
        A2 = (dot(e, uu)) / A0
        g = A1 - 1.0 / b - mF
        if g == 0:
            converged = True
            break
        dg = b * (A2 - A1 * A1 + 1.0 / (b * b))
        if g < 0:
            x_lo = x
        else:
            x_hi = x
        x_new = x - g / dg
        if not x_lo < x_new < x_hi:
            x_new = 0.5 * (x_lo + x_hi) if math.isfinite(x_lo) and math.isfinite(x_hi) else (
                x + 1.0 if g < 0 else x - 1.0)
        done = abs(x_new - x) < tol * max(1.0, abs(x))
        x = x_new
        if done:
            converged = True
            break
    beta = math.exp(x)
    e = wA * np.exp(beta * u)
    S0u = float(e.sum())
    ln_eta_rel = math.log(S0u / r) / beta
    ln_eta = lmax + ln_eta_rel
    eta = math.exp(ln_eta)
    lz = u - ln_eta_rel
    zb = e / (S0u / r)  # (t/η)^β
    S0 = float(zb.sum())
    ll = r * math.log(beta) + (beta - 1) * float(dot(wF, lt)) - r * beta * ln_eta - S0
    cov = np.full((1, 2, 2), np.nan)
    if with_cov:
        S1 = float(dot(zb, lz))
        S2 = float(dot(zb, (lz * lz)))
        J = np.array([[-(beta / eta**2) * (r - (beta + 1) * S0), r / eta - (S0 + beta * S1) / eta],
                      [0.0, r / beta**2 + S2]])
        J[1, 0] = J[0, 1]
        cov = np.linalg.inv(J)[None]
    return WeibullProfileFit(np.array([beta]), np.array([eta]), np.array([ll]), cov,
                             np.array([converged]))
