"""``fit``: maximum likelihood or rank regression of a life distribution to censored data."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
from numpy.typing import ArrayLike

from keyparts.errors import InputError, KeypartsError

from .bounds import check_cl
from .bounds import cov_from_hessian, num_hessian
from .data import F, L, LifeData, as_life_data
from .distributions import (
    DISTRIBUTIONS,
    Model,
    NoMaximumError,
    check_information,
    fit_gamma,
    fit_ls,
    gamma_model,
    ls_model,
    threshold_fit,
)
from .ranks import RANK_METHODS, rank_regression
from .result import BOUND_KINDS, FitResult, Ranking, build_result
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
    notes: list[str] = []
    if dist in ("weibull2p", "lognormal", "loglogistic", "normal", "exponential1p"):
        model = ls_model(dist, data)
        if dist == "weibull2p" and data.exact_or_right:
            theta, ll, cov_theta = _weibull_profile(model, data)
        else:
            theta, ll = fit_ls(model, data)
    elif dist == "gamma":
        model = gamma_model(data)
        theta, ll, cov_theta = fit_gamma(model, data)
    else:
        model, theta, ll = threshold_fit(dist, data)
        if dist == "exponential2p":  # γ̂ = first failure is a boundary estimate: treat as known
            h = num_hessian(lambda a: model.loglik(np.array([a[0], theta[1]])), theta[:1])
            cov_theta = np.zeros((2, 2))
            cov_theta[0, 0] = cov_from_hessian(h)[0, 0]
            notes.append("gamma is the first failure time (the boundary maximum, Lawless 2003 "
                         "§3.5) and is treated as known: its SE is 0 and the bounds on lambda, "
                         "B-lives and R(t) omit its uncertainty")
    res = build_result(model, theta, ll, n, r, method="mle", ranks=None, cov_theta=cov_theta,
                       notes=tuple(notes + _data_notes(dist, data, model, theta)), **opts)
    if dist != "weibull3p" and not np.all(np.isfinite(res.cov_theta)):
        raise NoMaximumError(
            f"{dist}: the likelihood of these data has no unique maximum (the observed "
            "information at the optimum is not positive definite); the data cannot "
            f"identify the {model.k} parameters")
    if bootstrap:
        from .batch import WeibullBootstrap
        if dist != "weibull2p" or not data.exact_or_right:
            raise InputError("bootstrap bounds are implemented for weibull2p with exact and "
                             "right-censored data")
        res = dataclasses.replace(res, bootstrap=WeibullBootstrap.run(data, int(bootstrap), seed))
    elif bounds == "bootstrap":
        raise InputError("bounds='bootstrap' needs bootstrap=B resamples (e.g. 2000)")
    return dataclasses.replace(res, time_unit=data.unit)


def _data_notes(dist: str, data: LifeData, model: Model, theta: np.ndarray) -> list[str]:
    """Choices the data force on the model, stated in the result's notes."""
    if dist == "normal" and np.any(data.kind == L):
        p0 = float(model.cdf(theta, 0.0))
        return [f"normal: left-censored rows and intervals starting at 0 are taken as (-inf, u] "
                f"(the normal puts P(T <= 0) = {p0:.3g} on times at or below 0)"]
    return []


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


# θ coordinate i of a rank-regression model = f(natural parameter j): (j, form of f)
_RR_COORDS = {"weibull2p": ((1, "log"), (0, "-log")), "loglogistic": ((0, "log"), (1, "-log")),
              "lognormal": ((0, "lin"), (1, "log")), "normal": ((0, "lin/s"), (1, "log"))}
RR_BOUNDS_NOTE = (
    "rank regression: Fisher bounds use the local information matrix (negative second "
    "derivatives of the log-likelihood in the parameters {names}) evaluated at the regression "
    "estimates, as Weibull++ does (ReliaWiki 'Weibull Confidence Bounds', 'Fisher Matrix "
    "Confidence Bounds and Regression Analysis'); the estimates are not the likelihood's "
    "maximum, so the bounds are approximate")


def rr_covariance(model: Model, theta: np.ndarray) -> np.ndarray:
    """Covariance of θ for a rank-regression fit: the inverse local Fisher matrix in the
    natural parameters p (Weibull β, η; lognormal and normal μ, σ; loglogistic α, β) at the
    regression estimates, mapped to θ by the delta method.

    Away from the likelihood's maximum the observed information depends on the
    parameterisation (H_p = Jᵀ H_θ J + Σ_i (∂ℓ/∂θ_i) ∂²θ_i/∂p², J = ∂θ/∂p), so the
    convention matters; the natural parameters are those of ReliaWiki's Fisher matrix
    (e.g. Nelson 1982 ch. 8 for Weibull −∂²ℓ/∂η², −∂²ℓ/∂β², −∂²ℓ/∂η∂β).
    """
    prob = model.ls
    assert prob is not None
    p = model.params(theta)
    g, H = prob.grad(theta), prob.hessian(theta)  # the time-scale Jacobian is constant in θ
    J = np.zeros((2, 2))
    curv = np.zeros(2)
    for i, (j, form) in enumerate(_RR_COORDS[model.dist]):
        x = float(p[j])
        d1, d2 = {"log": (1 / x, -1 / x**2), "-log": (-1 / x, 1 / x**2), "lin": (1.0, 0.0),
                  "lin/s": (1 / model.scale, 0.0)}[form]
        J[i, j] = d1
        curv[j] += g[i] * d2
    cov_p = cov_from_hessian(J.T @ H @ J + np.diag(curv))
    return J @ cov_p @ J.T


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
    cov = rr_covariance(model, theta)
    notes = [RR_BOUNDS_NOTE.format(names=", ".join(model.names))]
    if not np.all(np.isfinite(cov)):
        notes.append("the local information matrix is not positive definite at the regression "
                     "estimates: no Fisher bounds (SEs and bounds are null)")
    return build_result(model, theta, ll, data.n, data.failures, method=method, ranks=ranks,
                        cov_theta=cov, extra={"rho": rho},
                        notes=tuple(notes + _data_notes(dist, data, model, theta)),
                        **opts)  # type: ignore[arg-type]


def compare_distributions(times: ArrayLike | LifeData, status: ArrayLike | None = None, *,
                          dists: tuple[str, ...] = DISTRIBUTIONS, **kw: object) -> Ranking:
    """MLE fits of several distributions ranked by AICc (lowest first).

    A distribution the data cannot fit — too few failures, no maximum of its likelihood
    (e.g. a Weibull 3P whose likelihood grows without bound as γ → first failure), AICc
    undefined (n ≤ k + 1) — is never ranked; ``not_ranked`` gives the reason.
    """
    data = as_life_data(times, status, time_upper=kw.pop("time_upper", None),  # type: ignore[arg-type]
                        count=kw.pop("count", None))  # type: ignore[arg-type]
    fits, not_ranked = [], {}
    for d in dists:
        try:
            r = fit(data, dist=d, **kw)  # type: ignore[arg-type]
        except KeypartsError as exc:
            not_ranked[d] = str(exc)
            continue
        if math.isnan(r.aicc):
            not_ranked[d] = (f"{d}: AICc undefined (n = {r.n} units is not above "
                             f"k + 1 = {len(r.params) + 1})")
        else:
            fits.append(r)
    return Ranking(tuple(sorted(fits, key=lambda r: r.aicc)), not_ranked)
