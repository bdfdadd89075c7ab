"""Confidence bounds: Fisher matrix (log-Wald / delta method) and likelihood ratio (profile).

Fisher bounds (Nelson 1982, ch. 8 §4–5; Meeker & Escobar 1998, §8.4): the covariance of θ̂
is the inverse observed information; a positive quantity q gets ``q·exp(±z·se(q)/q)``
(log-Wald), a real one ``q ± z·se(q)``; a Bp life uses the delta method on ln t_p and the
reliability R(t) on u = ln(−ln R) (Nelson 1982, ch. 8 eq. 5.4; the choice of Weibull++
and `reliability`). For a rank-regression fit the covariance is the inverse local Fisher
matrix at the regression estimates (:func:`keyparts.life.estimate.rr_covariance`).

Likelihood-ratio bounds (Meeker & Escobar 1998, §8.3; Lawless 2003, §6.3): the set of
values v of a quantity with 2[ℓ̂ − max_{θ: q(θ)=v} ℓ(θ)] ≤ χ²₁(α′), α′ = cl two-sided and
2·cl − 1 for a one-sided bound. For two-parameter location-scale models the constrained
maximum is a 1-D search (μ = q − σ z_p for a quantile, μ = y₀ − σ z₀ for R(t₀)).

One routine, :func:`interval`, computes all three kinds (Fisher, LR, bootstrap) for any
:class:`Quantity` — a parameter, a Bp life or R(t).

``sides=2``: a two-sided interval at ``cl``; ``sides=1``: the lower and the upper one-sided
bounds, each at ``cl`` (e.g. the 90 % lower bound on B10 that qualification uses).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
import scipy  # its submodules load on first use: importing this module stays cheap

from keyparts.errors import InputError

Arr = NDArray[np.float64]


def z_value(cl: float, sides: int) -> float:
    """Standard-normal quantile for a two-sided (sides=2) or one-sided (sides=1) bound."""
    check_cl(cl, sides)
    return float(scipy.special.ndtri((1 + cl) / 2 if sides == 2 else cl))


def chi2_cut(cl: float, sides: int) -> float:
    """Half the χ²₁ quantile that bounds the log-likelihood drop (Meeker & Escobar eq. 8.6)."""
    check_cl(cl, sides)
    return 0.5 * float(scipy.special.chdtri(1, 1 - (cl if sides == 2 else 2 * cl - 1)))


def check_cl(cl: float, sides: int) -> None:
    if not 0.5 < cl < 1:
        raise InputError(f"cl: {cl} is not a confidence level between 0.5 and 1 (e.g. 0.9)")
    if sides not in (1, 2):
        raise InputError(f"sides: {sides} is not 1 (one-sided bounds) or 2 (two-sided interval)")


def num_grad(f: Callable[[Arr], float], x: Arr, rel: float = 1e-6) -> Arr:
    """Central-difference gradient."""
    x = np.asarray(x, float)
    g = np.empty(x.size)
    for j in range(x.size):
        h = rel * max(1.0, abs(x[j]))
        e = np.zeros(x.size)
        e[j] = h
        g[j] = (f(x + e) - f(x - e)) / (2 * h)
    return g


def num_hessian(f: Callable[[Arr], float], x: Arr, rel: float = 1e-4) -> Arr:
    """Central-difference Hessian of a scalar function (for models without an analytic gradient)."""
    x = np.asarray(x, float)
    k = x.size
    h = rel * np.maximum(1.0, np.abs(x))
    H = np.empty((k, k))
    f0 = f(x)
    for i in range(k):
        for j in range(i, k):
            ei, ej = np.zeros(k), np.zeros(k)
            ei[i], ej[j] = h[i], h[j]
            if i == j:
                H[i, i] = (f(x + ei) - 2 * f0 + f(x - ei)) / h[i] ** 2
            else:
                H[i, j] = H[j, i] = (f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej)
                                     + f(x - ei - ej)) / (4 * h[i] * h[j])
    return H


def cov_from_hessian(H: Arr) -> Arr:
    """Inverse observed information; NaN where the Hessian is not negative definite."""
    try:
        np.linalg.cholesky(-H)
        return np.linalg.inv(-H)
    except np.linalg.LinAlgError:
        return np.full(H.shape, np.nan)


def wald(value: float, se: float, z: float, log: bool) -> tuple[float, float]:
    """(lower, upper) Wald bounds, on the log scale when ``log`` (value > 0)."""
    if not np.isfinite(se):
        return (float("nan"), float("nan"))
    if log:
        f = float(np.exp(z * se / value))
        return (float(value / f), float(value * f))
    return (float(value - z * se), float(value + z * se))


def delta_se(g: Callable[[Arr], float], theta: Arr, cov: Arr) -> float:
    """Delta-method standard error of g(θ̂)."""
    d = num_grad(g, theta)
    v = float(d @ cov @ d)
    return float(np.sqrt(v)) if v >= 0 else float("nan")


def lr_interval(loglik: Callable[[Arr], float], ll_hat: float, v_hat: float, se_v: float,
                theta_of: Callable[[float, float], Arr], free_hat: float | None,
                cl: float, sides: int) -> tuple[float, float]:
    """Profile-likelihood bounds on a scalar v (in θ coordinates).

    ``theta_of(v, f)`` builds θ from the constrained value v and the free coordinate f
    (maximised out; ``free_hat=None`` for one-parameter models).
    """
    cut = chi2_cut(cl, sides)
    target = ll_hat - cut
    last_free = [free_hat]

    def prof(v: float) -> float:
        if free_hat is None:
            return loglik(theta_of(v, 0.0))
        f0 = last_free[0]
        r = scipy.optimize.minimize_scalar(lambda f: -loglik(theta_of(v, f)),
                                           bracket=(f0 - 0.05, f0 + 0.05), tol=1e-10)
        if np.isfinite(r.fun):
            last_free[0] = float(r.x)
        return -float(r.fun)

    step0 = se_v if np.isfinite(se_v) and se_v > 0 else 0.1 * max(1.0, abs(v_hat))
    out = []
    for sign in (-1.0, 1.0):
        last_free[0] = free_hat
        a, step = v_hat, step0
        b = v_hat + sign * step
        found = False
        for _ in range(80):
            if prof(b) < target:
                found = True
                break
            a, step = b, step * 1.6
            b = v_hat + sign * step
        if not found:
            out.append(float("nan"))
            continue
        last_free[0] = free_hat
        out.append(float(scipy.optimize.brentq(lambda v: prof(v) - target, a, b, xtol=1e-12, rtol=1e-12)))
    return out[0], out[1]


@dataclass(frozen=True)
class Quantity:
    """A scalar function of θ to bound, as the one interval routine needs it.

    Fisher: ``work(θ)`` is the scale on which the Wald interval is symmetric (ln q for a
    positive quantity, ln(−ln R) for a reliability), ``back`` maps it to the quantity.
    LR (location-scale models): ``lr_v(θ)`` is a coordinate along which the constrained
    maximum is a 1-D search over the ``free`` θ coordinate, ``lr_theta(v, f)`` builds θ,
    ``lr_back(v)`` gives the quantity. ``boot`` names it for the bootstrap replicates.
    ``back``/``lr_back`` may rise or fall (β = exp(−θ₁), R = 1 − F(z)); bounds come back
    ordered (lower, upper) either way.
    """

    work: Callable[[Arr], float]
    back: Callable[[float], float]
    boot: object
    lr_v: Callable[[Arr], float] | None = None
    lr_theta: Callable[[float, float], Arr] | None = None
    lr_back: Callable[[float], float] | None = None
    free: int | None = None


def interval(q: Quantity, *, kind: str, cl: float, sides: int, theta: Arr, cov: Arr,
             loglik: Callable[[Arr], float], ll_hat: float, bootstrap: object = None
             ) -> tuple[float, float]:
    """(lower, upper) bounds on ``q`` by ``kind`` fisher | lr | bootstrap (module docstring)."""
    if kind == "bootstrap":
        return bootstrap.interval(q.boot, cl, sides)  # type: ignore[attr-defined]
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if kind == "fisher":
            w = q.work(theta)
            lo, hi = wald(w, delta_se(q.work, theta, cov), z_value(cl, sides), False)
            back = q.back
        else:
            assert q.lr_v is not None and q.lr_theta is not None and q.lr_back is not None
            w = q.lr_v(theta)
            free = None if q.free is None else float(theta[q.free])
            lo, hi = lr_interval(loglik, ll_hat, w, delta_se(q.lr_v, theta, cov), q.lr_theta,
                                 free, cl, sides)
            back = q.lr_back
        a = float(back(lo)) if np.isfinite(lo) else float("nan")
        b = float(back(hi)) if np.isfinite(hi) else float("nan")
        if np.isfinite(a) and np.isfinite(b):
            return (min(a, b), max(a, b))
        mid = float(back(w))
        rising = (b > mid) if np.isfinite(b) else (a < mid) if np.isfinite(a) else True
    return (a, b) if rising else (b, a)
