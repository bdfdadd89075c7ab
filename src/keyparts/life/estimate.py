"""``fit``: maximum likelihood or rank regression of a life distribution to censored data."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
from numpy.typing import ArrayLike

from keyparts.errors import InputError

from .bounds import check_cl
from .data import F, LifeData, as_life_data
from .distributions import (
    DISTRIBUTIONS,
    Model,
    check_information,
    fit_gamma,
    fit_ls,
    gamma_model,
    ls_model,
    threshold_fit,
)
from .ranks import RANK_METHODS, rank_regression
from .result import BOUND_KINDS, FitResult, build_result
from .weibull import weibull_profile_fit

METHODS = ("mle", "rrx", "rry")
LR_DISTS = ("weibull2p", "lognormal", "loglogistic", "normal", "exponential1p")


def fit(times: ArrayLike | LifeData, status: ArrayLike | None = None, *, dist: str = "weibull2p",
        method: str = "mle", ranks: str = "bernard", time_upper: ArrayLike | None = None,
        count: ArrayLike | None = None, cl: float = 0.9, bounds: str = "fisher", sides: int = 2,
        bootstrap: int = 0, seed: int = 0) -> FitResult:
    """Fit ``dist`` to life data.

    times, status, time_upper, count: see :func:`keyparts.life.life_data` (status letters
    F/S/L/I, booleans or 1/0). dist: one of ``DISTRIBUTIONS``. method: ``mle`` (default;
    Weibull 2P through the profile likelihood, Cohen 1965) or rank regression ``rrx``/``rry``
    with ``ranks`` ``bernard`` or ``exact`` median ranks on Johnson adjusted ranks.
    cl, bounds (``fisher``|``lr``|``bootstrap``), sides: defaults used by the result's
    bounds and ``to_dict()``. bootstrap: number of resamples (Weibull 2P, exact/right data).
    Times are in any unit; the parameters come back in that unit.
    """
    data = as_life_data(times, status, time_upper=time_upper, count=count)
    if method not in METHODS:
        raise InputError(f"method: {method!r} is not one of {', '.join(METHODS)}")
    if ranks not in RANK_METHODS:
        raise InputError(f"ranks: {ranks!r} is not one of {', '.join(RANK_METHODS)}")
    if bounds not in BOUND_KINDS:
        raise InputError(f"bounds: {bounds!r} is not one of {', '.join(BOUND_KINDS)}")
    check_cl(cl, sides)
    check_information(dist, data)
    if bounds == "lr" and method != "mle":
        raise InputError(f"bounds: likelihood-ratio bounds need method='mle' (the likelihood's "
                         f"maximum); use bounds='fisher' with method='{method}'")
    if bounds == "lr" and dist not in LR_DISTS:
        raise InputError(f"bounds: likelihood-ratio bounds are implemented for "
                         f"{', '.join(LR_DISTS)}; not {dist} (use bounds='fisher')")
    n, r = data.n, data.failures
    opts = {"cl": cl, "bounds_kind": bounds, "sides": sides}
    if method != "mle":
        return dataclasses.replace(_fit_rr(dist, data, method, ranks, **opts), time_unit=data.unit)
    cov_theta = None
    if dist in ("weibull2p", "lognormal", "loglogistic", "normal", "exponential1p"):
        model = ls_model(dist, data)
        if dist == "weibull2p" and data.exact_or_right:
            theta, ll, cov_theta = _weibull_profile(model, data)
        else:
            theta, ll = fit_ls(model, data)
    elif dist == "gamma":
        model = gamma_model(data)
        theta, ll = fit_gamma(model, data)
    else:
        model, theta, ll = threshold_fit(dist, data)
        if dist == "exponential2p":  # γ̂ = first failure is a boundary estimate: treat as known
            from .bounds import cov_from_hessian, num_hessian
            h = num_hessian(lambda a: model.loglik(np.array([a[0], theta[1]])), theta[:1])
            cov_theta = np.zeros((2, 2))
            cov_theta[0, 0] = cov_from_hessian(h)[0, 0]
    res = build_result(model, theta, ll, n, r, method="mle", ranks=None, cov_theta=cov_theta,
                       **opts)
    if bootstrap:
        from .batch import WeibullBootstrap
        if dist != "weibull2p" or not data.exact_or_right:
            raise InputError("bootstrap bounds are implemented for weibull2p with exact and "
                             "right-censored data")
        res = dataclasses.replace(res, bootstrap=WeibullBootstrap.run(data, int(bootstrap), seed))
    elif bounds == "bootstrap":
        raise InputError("bounds='bootstrap' needs bootstrap=B resamples (e.g. 2000)")
    return dataclasses.replace(res, time_unit=data.unit)


def _weibull_profile(model: Model, data: LifeData) -> tuple[np.ndarray, float, np.ndarray]:
    """Profile-likelihood MLE with the analytic observed information (Nelson 1982 ch. 8)
    mapped to θ = (ln η/s, −ln β); ℓ on the time scale."""
    s = model.scale
    wF = np.where(data.kind == F, data.count, 0.0)
    wA = np.where(data.lower > 0, data.count, 0.0)  # suspensions at t = 0 carry no information
    t = np.where(data.lower > 0, data.lower, s)
    res = weibull_profile_fit(t[None, :] / s, wF[None, :], wA[None, :], with_cov=True)
    eta, beta = float(res.eta[0]), float(res.beta[0])
    D = np.diag([1.0 / eta, -1.0 / beta])
    theta = np.array([math.log(eta), -math.log(beta)])
    return theta, float(res.loglik[0]) - float(wF.sum()) * math.log(s), D @ res.cov[0] @ D


def _fit_rr(dist: str, data: LifeData, method: str, ranks: str, **opts: object) -> FitResult:
    mu_x, sigma_x, rho = rank_regression(dist, data, method, ranks)
    model = ls_model(dist, data)
    s = model.scale
    if dist == "normal":
        theta = np.array([mu_x / s, math.log(sigma_x / s)])
    elif dist == "exponential1p":
        raise InputError("rank regression for the exponential is not offered; use method='mle' "
                         "or weibull2p")
    else:
        theta = np.array([mu_x - math.log(s), math.log(sigma_x)])
    ll = model.loglik(theta)
    return build_result(model, theta, ll, data.n, data.failures, method=method, ranks=ranks,
                        cov_theta=None, extra={"rho": rho}, **opts)  # type: ignore[arg-type]


def compare_distributions(times: ArrayLike | LifeData, status: ArrayLike | None = None, *,
                          dists: tuple[str, ...] = DISTRIBUTIONS, **kw: object) -> list[FitResult]:
    """MLE fits of several distributions, best (lowest AICc) first; ones that fail are skipped."""
    data = as_life_data(times, status, time_upper=kw.pop("time_upper", None),  # type: ignore[arg-type]
                        count=kw.pop("count", None))  # type: ignore[arg-type]
    out = []
    for d in dists:
        try:
            out.append(fit(data, dist=d, **kw))  # type: ignore[arg-type]
        except Exception:
            continue
    return sorted(out, key=lambda r: (math.isnan(r.aicc), r.aicc))
