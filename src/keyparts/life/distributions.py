"""Life distributions as likelihood models over an internal parameter vector θ.

Each model works on times divided by an internal scale ``s`` (geometric mean of the data),
so that data in 1e-3 h and in 1e9 cycles give the same, well-conditioned problem. The
natural parameters (``params``) are on the user's time scale; the log-likelihood is the
time-scale log-likelihood (comparable with Weibull++, Minitab, `reliability`, NIST).

Parameter names (as in Nelson 1982 and the `reliability` package):

========== ============================= ==============================================
dist        params                        model
========== ============================= ==============================================
weibull2p   beta (shape), eta (scale)     F = 1 − exp(−(t/η)^β)
weibull3p   beta, eta, gamma (threshold)  F = 1 − exp(−((t−γ)/η)^β)
exponential1p lambda (rate)               F = 1 − exp(−λt)
exponential2p lambda, gamma               F = 1 − exp(−λ(t−γ))
lognormal   mu, sigma (of ln t)           F = Φ((ln t − μ)/σ)
normal      mu, sigma (time unit)         F = Φ((t − μ)/σ)
loglogistic alpha (scale), beta (shape)   F = 1/(1 + (t/α)^−β)
gamma       alpha (scale), beta (shape)   F = P(β, t/α) (regularised incomplete gamma)
========== ============================= ==============================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, special, stats

from keyparts.errors import InputError, InsufficientDataError

from .data import F, I, L, LifeData, S
from .lsfamily import LOGISTIC, NORMAL, SEV, Base, LSProblem
from .weibull import WEIBAYES_HINT, weibull_profile_fit

Arr = NDArray[np.float64]

DISTRIBUTIONS = ("weibull2p", "weibull3p", "exponential1p", "exponential2p", "lognormal",
                 "normal", "loglogistic", "gamma")
_LS = {"weibull2p": (SEV, True), "lognormal": (NORMAL, True), "loglogistic": (LOGISTIC, True),
       "normal": (NORMAL, False), "exponential1p": (SEV, True)}


@dataclass(frozen=True)
class Model:
    """A fitted-or-fittable likelihood: θ ↦ log-likelihood, natural params, quantiles, CDF.

    ``ls`` is set for two-parameter location-scale models (θ = (μ, ln σ) on the scaled
    y axis) and for the exponential (θ = (μ,), σ = 1); ``lr`` bounds need it.
    """

    dist: str
    names: tuple[str, ...]
    positive: tuple[bool, ...]
    loglik: Callable[[Arr], float]
    params: Callable[[Arr], Arr]
    quantile: Callable[[Arr, float], float]
    cdf: Callable[[Arr, float], float]
    scale: float
    base: Base | None = None
    log_time: bool = True
    ls_factory: Callable[[], LSProblem] | None = field(default=None, repr=False)

    @cached_property
    def ls(self) -> LSProblem | None:
        """The location-scale problem (built on first use; None for other models)."""
        return None if self.ls_factory is None else self.ls_factory()

    @property
    def k(self) -> int:
        """Number of estimated parameters."""
        return len(self.names)


def _exact_log_t_sum(data: LifeData, shift: float = 0.0) -> float:
    m = data.kind == F
    return float((data.count[m] * np.log(data.lower[m] - shift)).sum())


def _ls_problem(data: LifeData, base: Base, log_time: bool, s: float, shift: float = 0.0,
                sigma_fixed: float | None = None) -> LSProblem:
    with np.errstate(divide="ignore"):
        lo, hi = (data.lower - shift) / s, (data.upper - shift) / s
        if log_time:
            lo, hi = np.log(np.maximum(lo, 0.0)), np.log(hi)
    X = np.ones((lo.size, 1))
    return LSProblem(base, lo, hi, data.kind, data.count, X, 0.0, sigma_fixed)


def ls_model(dist: str, data: LifeData, shift: float = 0.0) -> Model:
    """Model for weibull2p, lognormal, loglogistic, normal and exponential1p."""
    base, log_time = _LS[dist]
    s = data.scale()
    sig_fix = 1.0 if dist == "exponential1p" else None
    memo: dict[str, object] = {}

    def problem() -> LSProblem:
        if "p" not in memo:
            memo["p"] = _ls_problem(data, base, log_time, s, shift, sig_fix)
            r_exact = float(data.count[data.kind == F].sum())
            # Jacobian of exact failures: ℓ_T = ℓ_y − Σ_F w ln t (y = ln(t/s)), or − r ln s
            memo["jac"] = _exact_log_t_sum(data, shift) if log_time else r_exact * np.log(s)
        return memo["p"]  # type: ignore[return-value]

    def loglik(th: Arr) -> float:
        return problem().loglik(th) - memo["jac"]  # type: ignore[operator]

    def mu_sigma(th: Arr) -> tuple[float, float]:
        return float(th[0]), (1.0 if sig_fix else float(np.exp(th[1])))

    def params(th: Arr) -> Arr:
        mu, sg = mu_sigma(th)
        if dist == "weibull2p":
            return np.array([1.0 / sg, s * np.exp(mu)])
        if dist == "exponential1p":
            return np.array([1.0 / (s * np.exp(mu))])
        if dist == "loglogistic":
            return np.array([s * np.exp(mu), 1.0 / sg])
        if dist == "lognormal":
            return np.array([mu + np.log(s), sg])
        return np.array([s * mu, s * sg])  # normal

    def quantile(th: Arr, p: float) -> float:
        mu, sg = mu_sigma(th)
        y = mu + sg * float(base.ppf(np.float64(p)))
        return float(shift + s * (np.exp(y) if log_time else y))

    def cdf(th: Arr, t: float) -> float:
        mu, sg = mu_sigma(th)
        x = (t - shift) / s
        if log_time:
            if x <= 0:
                return 0.0
            x = np.log(x)
        return float(base.cdf(np.float64((x - mu) / sg)))

    names = {"weibull2p": ("beta", "eta"), "exponential1p": ("lambda",),
             "loglogistic": ("alpha", "beta"), "lognormal": ("mu", "sigma"),
             "normal": ("mu", "sigma")}[dist]
    positive = {"lognormal": (False, True), "normal": (False, True)}.get(dist, (True,) * len(names))
    return Model(dist, names, positive, loglik, params, quantile, cdf, s, base, log_time, problem)


def fit_ls(model: Model, data: LifeData) -> tuple[Arr, float]:
    """MLE θ̂ and ℓ̂ of an LS model (closed-form profile root for Weibull exact/right data)."""
    prob = model.ls
    assert prob is not None
    if model.dist == "weibull2p" and data.exact_or_right:
        pos = data.lower > 0
        res = weibull_profile_fit(np.where(pos, data.lower, model.scale)[None, :] / model.scale,
                                  np.where(data.kind == F, data.count, 0.0)[None, :],
                                  np.where(pos, data.count, 0.0)[None, :], with_cov=False)
        th = np.array([np.log(res.eta[0]), -np.log(res.beta[0])])
        return th, model.loglik(th)
    th, _ = prob.maximise()
    return th, model.loglik(th)


def _generic_terms(data: LifeData, logpdf: Callable, logsf: Callable, logcdf: Callable,
                   cdf: Callable, s: float, shift: float) -> Callable[[tuple], float]:
    lo, hi = (data.lower - shift) / s, (data.upper - shift) / s
    w, kind = data.count, data.kind
    masks = {c: kind == c for c in (F, S, L, I)}
    r_exact = float(w[masks[F]].sum())

    def ll(args: tuple) -> float:
        with np.errstate(all="ignore"):
            tot = (w[masks[F]] * logpdf(lo[masks[F]], *args)).sum() - r_exact * np.log(s)
            tot += (w[masks[S]] * logsf(lo[masks[S]], *args)).sum()
            tot += (w[masks[L]] * logcdf(hi[masks[L]], *args)).sum()
            m = masks[I]
            if m.any():
                tot += (w[m] * np.log(cdf(hi[m], *args) - cdf(lo[m], *args))).sum()
        return float(tot) if np.isfinite(tot) else -np.inf
    return ll


def gamma_model(data: LifeData) -> Model:
    """Gamma with θ = (ln β_shape, ln α_scale/s)."""
    s = data.scale()
    g = stats.gamma
    # scipy.special directly: the stats-object methods cost ~100 µs of argument checks per call
    logpdf = lambda x, k, _loc, th: ((k - 1) * np.log(x) - x / th - k * np.log(th)
                                     - special.gammaln(k))
    logsf = lambda x, k, _loc, th: np.log(special.gammaincc(k, x / th))
    logcdf = lambda x, k, _loc, th: np.log(special.gammainc(k, x / th))
    cdf_ = lambda x, k, _loc, th: special.gammainc(k, x / th)
    ll_fn = _generic_terms(data, logpdf, logsf, logcdf, cdf_, s, 0.0)
    loglik = lambda th: ll_fn((np.exp(th[0]), 0.0, np.exp(th[1])))
    params = lambda th: np.array([s * np.exp(th[1]), np.exp(th[0])])
    quantile = lambda th, p: float(s * g.ppf(p, np.exp(th[0]), scale=np.exp(th[1])))
    cdf = lambda th, t: float(g.cdf(t / s, np.exp(th[0]), scale=np.exp(th[1])))
    return Model("gamma", ("alpha", "beta"), (True, True), loglik, params, quantile, cdf, s,
                 log_time=True)


def fit_gamma(model: Model, data: LifeData) -> tuple[Arr, float]:
    x = np.where(data.kind == S, data.lower, np.where(data.kind == L, data.upper,
                 np.where(data.kind == I, 0.5 * (data.lower + data.upper), data.lower))) / model.scale
    m, v = np.average(x, weights=data.count), np.average((x - np.average(x, weights=data.count)) ** 2,
                                                         weights=data.count)
    k0 = m * m / v if v > 0 else 1.0
    th0 = np.array([np.log(k0), np.log(m / k0)])
    th, ll = _maximise_numeric(model.loglik, th0)
    return th, ll


def _maximise_numeric(loglik: Callable[[Arr], float], th0: Arr) -> tuple[Arr, float]:
    f = lambda th: -loglik(th)
    r = optimize.minimize(f, th0, method="Nelder-Mead",
                          options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 4000})
    r2 = optimize.minimize(f, r.x, method="BFGS", options={"gtol": 1e-8})
    best = r2 if np.isfinite(r2.fun) and r2.fun <= r.fun else r
    if not np.isfinite(best.fun):
        raise InsufficientDataError("the likelihood could not be maximised (no finite optimum)")
    return best.x, -float(best.fun)


def threshold_fit(dist: str, data: LifeData) -> tuple[Model, Arr, float]:
    """Weibull 3P / exponential 2P: profile the 2P fit over the threshold γ < first failure.

    For the exponential the likelihood increases up to the first failure, so γ̂ = t_(1)
    (Lawless 2003, §3.5); for the Weibull γ is found by a bounded 1-D search of the profile
    log-likelihood (Cohen 1975; the 3P likelihood is unbounded as γ → t_(1) when β < 1, the
    search then stops at the boundary).
    """
    fail_ends = np.where(data.kind == L, data.upper, data.lower)[data.kind != S]
    t1 = float(fail_ends.min())
    base_dist = "weibull2p" if dist == "weibull3p" else "exponential1p"

    def prof(gamma: float) -> tuple[float, Arr, Model]:
        sub = _shift_data(data, gamma)
        m = ls_model(base_dist, sub)
        th, ll = fit_ls(m, sub)
        return ll, th, m

    if dist == "exponential2p":
        g_hat = t1 * (1 - 1e-9)
    else:
        lo = 0.0
        hi = t1 * (1 - 1e-7)
        r = optimize.minimize_scalar(lambda g: -prof(g)[0], bounds=(lo, hi), method="bounded",
                                     options={"xatol": 1e-9 * max(t1, 1e-300)})
        g_hat = float(r.x)
        if prof(0.0)[0] >= -r.fun:
            g_hat = 0.0
    _, th2, m2 = prof(g_hat)
    s = m2.scale
    model = _threshold_model(dist, data, s)
    th = np.append(th2, g_hat / s)
    th[0] += np.log(m2.scale / s)
    return model, th, model.loglik(th)


def _shift_data(data: LifeData, gamma: float) -> LifeData:
    lo = np.maximum(data.lower - gamma, 0.0)
    up = np.maximum(data.upper - gamma, 0.0)
    keep = ~((data.kind == S) & (lo <= 0))  # suspended before γ: no information
    kind = np.where((data.kind == I) & (lo <= 0), L, data.kind).astype(np.int8)
    return LifeData(lo[keep], up[keep], kind[keep], data.count[keep], None)


def _threshold_model(dist: str, data: LifeData, s: float) -> Model:
    base_dist = "weibull2p" if dist == "weibull3p" else "exponential1p"
    k2 = 2 if dist == "weibull3p" else 1

    def sub_model(th: Arr) -> tuple[Model, Arr]:
        g = float(th[k2]) * s
        m = ls_model(base_dist, _shift_data(data, g))
        # re-express θ on the sub-model's own scale
        th2 = np.array(th[:k2], float)
        th2[0] += np.log(s / m.scale)
        return m, th2

    def loglik(th: Arr) -> float:
        g = float(th[k2]) * s
        fail_ends = np.where(data.kind == L, data.upper, data.lower)[data.kind != S]
        if g >= fail_ends.min() or (g < 0):
            return -np.inf
        m, th2 = sub_model(th)
        return m.loglik(th2)

    def params(th: Arr) -> Arr:
        mu = th[0] + np.log(s)
        if dist == "weibull3p":
            return np.array([np.exp(-th[1]), np.exp(mu), th[2] * s])
        return np.array([np.exp(-mu), th[1] * s])

    def quantile(th: Arr, p: float) -> float:
        mu = th[0] + np.log(s)
        sg = np.exp(th[1]) if dist == "weibull3p" else 1.0
        return float(th[k2] * s + np.exp(mu + sg * SEV.ppf(np.float64(p))))

    def cdf(th: Arr, t: float) -> float:
        x = t - th[k2] * s
        if x <= 0:
            return 0.0
        sg = np.exp(th[1]) if dist == "weibull3p" else 1.0
        return float(SEV.cdf(np.float64((np.log(x) - th[0] - np.log(s)) / sg)))

    names = ("beta", "eta", "gamma") if dist == "weibull3p" else ("lambda", "gamma")
    positive = (True, True, False) if dist == "weibull3p" else (True, False)
    return Model(dist, names, positive, loglik, params, quantile, cdf, s, SEV, True)


def min_failures(dist: str) -> int:
    """Failures needed for an MLE of ``dist`` (one per free parameter)."""
    return {"exponential1p": 1, "exponential2p": 2, "weibull3p": 3}.get(dist, 2)


def check_information(dist: str, data: LifeData) -> None:
    """Raise :class:`InsufficientDataError` when the data cannot identify ``dist``."""
    if dist not in DISTRIBUTIONS:
        raise InputError(f"dist: {dist!r} is not one of {', '.join(DISTRIBUTIONS)}")
    need = min_failures(dist)
    r = data.failures
    if r < need:
        hint = WEIBAYES_HINT if dist.startswith(("weibull", "expon")) else ""
        raise InsufficientDataError(
            f"{dist} needs at least {need} failures for a maximum-likelihood fit; "
            f"the data hold {r} failure(s) among {data.n} units{hint}")
    if dist != "normal":
        pos = np.where(data.kind == L, data.upper, data.lower)[data.kind == F]
        if np.any(pos <= 0):
            raise InputError(f"{dist}: failure times must be > 0 (found {pos[pos <= 0][0]})")
