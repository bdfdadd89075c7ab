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

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray
import scipy  # its submodules load on first use: importing this module stays cheap

from keyparts.errors import InputError, InsufficientDataError

from .bounds import num_hessian
from .data import F, I, L, LifeData, S
from .lsfamily import LOGISTIC, NORMAL, SEV, Base, LSProblem
from .weibull import WEIBAYES_HINT, weibull_profile_fit

Arr = NDArray[np.float64]

class NoMaximumError(InsufficientDataError):
    """The likelihood of these data has no (unique) maximum for the requested model."""


DISTRIBUTIONS = ("weibull2p", "weibull3p", "exponential1p", "exponential2p", "lognormal",
                 "normal", "loglogistic", "gamma")
_LS = {"weibull2p": (SEV, True), "lognormal": (NORMAL, True), "loglogistic": (LOGISTIC, True),
       "normal": (NORMAL, False), "exponential1p": (SEV, True)}


@dataclass(frozen=True)
class Model:
    """A fitted-or-fittable likelihood: θ ↦ log-likelihood, natural params, quantiles, CDF.

    ``ls`` is set for two-parameter location-scale models (θ = (μ, ln σ) on the scaled
    y axis) and for the exponential (θ = (μ,), σ = 1); ``lr`` bounds need it.
    ``quantile(θ, p)`` and ``cdf(θ, t)`` take scalars or arrays (NumPy broadcasting) and
    return arrays. ``recipe`` is ``(factory, args)`` rebuilding the model (pickling).
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
    recipe: tuple = field(default=(), repr=False, compare=False)

    def __reduce__(self) -> tuple:
        """Pickle as the module-level factory call that built the model (its closures are
        rebuilt on unpickling), so fit results cross process pools and Dask workers."""
        return self.recipe

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

    def quantile(th: Arr, p: ArrayLike) -> Arr:
        mu, sg = mu_sigma(th)
        y = mu + sg * base.ppf(np.asarray(p, float))
        return shift + s * (np.exp(y) if log_time else y)

    def cdf(th: Arr, t: ArrayLike) -> Arr:
        mu, sg = mu_sigma(th)
        x = (np.asarray(t, float) - shift) / s
        if log_time:
            with np.errstate(divide="ignore", invalid="ignore"):
                return np.where(x > 0, base.cdf((np.log(np.maximum(x, 0.0)) - mu) / sg), 0.0)
        return base.cdf((x - mu) / sg)

    names = {"weibull2p": ("beta", "eta"), "exponential1p": ("lambda",),
             "loglogistic": ("alpha", "beta"), "lognormal": ("mu", "sigma"),
             "normal": ("mu", "sigma")}[dist]
    positive = {"lognormal": (False, True), "normal": (False, True)}.get(dist, (True,) * len(names))
    return Model(dist, names, positive, loglik, params, quantile, cdf, s, base, log_time, problem,
                 recipe=(ls_model, (dist, data, shift)))


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


# scipy.special directly: the stats-object methods cost ~100 µs of argument checks per call
_GAMMA_TERMS = (
    lambda x, k, _loc, th: (k - 1) * np.log(x) - x / th - k * np.log(th) - scipy.special.gammaln(k),
    lambda x, k, _loc, th: np.log(scipy.special.gammaincc(k, x / th)),
    lambda x, k, _loc, th: np.log(scipy.special.gammainc(k, x / th)),
    lambda x, k, _loc, th: scipy.special.gammainc(k, x / th),
)


def gamma_model(data: LifeData) -> Model:
    """Gamma with θ = (ln β_shape, ln α_scale/s)."""
    s = data.scale()
    ll_fn = _generic_terms(data, *_GAMMA_TERMS, s, 0.0)
    loglik = lambda th: ll_fn((np.exp(th[0]), 0.0, np.exp(th[1])))
    params = lambda th: np.array([s * np.exp(th[1]), np.exp(th[0])])
    quantile = lambda th, p: s * np.exp(th[1]) * scipy.special.gammaincinv(np.exp(th[0]),
                                                                           np.asarray(p, float))
    cdf = lambda th, t: scipy.special.gammainc(
        np.exp(th[0]), np.maximum(np.asarray(t, float), 0.0) / (s * np.exp(th[1])))
    return Model("gamma", ("alpha", "beta"), (True, True), loglik, params, quantile, cdf, s,
                 log_time=True, recipe=(gamma_model, (data,)))


def fit_gamma(model: Model, data: LifeData) -> tuple[Arr, float, Arr]:
    """Gamma MLE θ̂ = (ln k, ln θ/s), ℓ̂ and the covariance of θ̂.

    Exact failures only: k̂ solves ln k − ψ(k) = ln x̄ − mean(ln x) (one root; Choi & Wette
    1969, *Technometrics* 11(4):683–690), θ̂ = x̄/k̂. With censoring: numerical maximisation
    from the moment estimates. Covariance: :func:`gamma_information`.
    """
    s = model.scale
    w = data.count
    if np.all(data.kind == F):
        x = data.lower / s
        xbar = float(np.average(x, weights=w))
        A = math.log(xbar) - float(np.average(np.log(x), weights=w))
        k0 = (3 - A + math.sqrt((A - 3) ** 2 + 24 * A)) / (12 * A)  # Choi & Wette start
        f = lambda lk: lk - float(scipy.special.digamma(math.exp(lk))) - A
        lo, hi = math.log(k0) - 1.0, math.log(k0) + 1.0
        while f(lo) < 0:
            lo -= 1.0
        while f(hi) > 0:
            hi += 1.0
        lk = scipy.optimize.brentq(f, lo, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps)
        th = np.array([lk, math.log(xbar) - lk])
        ll = model.loglik(th)
    else:
        x = np.where(data.kind == S, data.lower, np.where(data.kind == L, data.upper, np.where(
            data.kind == I, 0.5 * (data.lower + data.upper), data.lower))) / s
        m = np.average(x, weights=w)
        v = np.average((x - m) ** 2, weights=w)
        k0 = m * m / v if v > 0 else 1.0
        th, ll = _maximise_numeric(model.loglik, np.array([np.log(k0), np.log(m / k0)]))
    k, theta = math.exp(th[0]), math.exp(th[1])
    info = gamma_information(data, k, theta, s)
    try:
        np.linalg.cholesky(info)
    except np.linalg.LinAlgError:
        raise NoMaximumError(
            "gamma: the likelihood has no unique maximum (the observed information at the "
            "optimum is not positive definite)") from None
    D = np.diag([1.0 / k, 1.0 / theta])  # d(ln k, ln θ) = D d(k, θ)
    return th, ll, D @ np.linalg.inv(info) @ D


def gamma_information(data: LifeData, k: float, theta: float, s: float) -> Arr:
    """Observed information −∂²ℓ/∂(k, θ)² of the gamma (shape k, scale θ on times t/s).

    Exact failures x (weights w, r = Σw), from ℓ = (k−1) ln x − x/θ − k ln θ − ln Γ(k):
    −ℓ_kk = r ψ'(k), −ℓ_kθ = r/θ, −ℓ_θθ = Σ w (2x/θ³) − r k/θ²; at the MLE (Σwx = r k θ)
    this is the expected information r·[[ψ'(k), 1/θ], [1/θ, k/θ²]] (Johnson, Kotz &
    Balakrishnan 1994, *Continuous Univariate Distributions* vol. 1, §17.7), so
    Var k̂ = k/[r(kψ'(k) − 1)], Var θ̂ = θ²ψ'(k)/[r(kψ'(k) − 1)], Cov = −θ/[r(kψ'(k) − 1)].
    Censored terms (ln S, ln F, ln[F(u) − F(l)]) have no closed-form shape derivative: their
    Hessian is a central difference in relative steps (k(1+a), θ(1+b)), a, b = ±1e-4.
    """
    m = data.kind == F
    w, x = data.count[m], data.lower[m] / s
    r = float(w.sum())
    info = np.array([[r * float(scipy.special.polygamma(1, k)), r / theta],
                     [r / theta, float(w @ (2 * x)) / theta**3 - r * k / theta**2]])
    if not m.all():
        ll = _generic_terms(data.subset(~m), *_GAMMA_TERMS, s, 0.0)
        H = num_hessian(lambda ab: ll((k * (1 + ab[0]), 0.0, theta * (1 + ab[1]))), np.zeros(2))
        D = np.diag([1.0 / k, 1.0 / theta])
        info -= D @ H @ D
    return info


def _maximise_numeric(loglik: Callable[[Arr], float], th0: Arr) -> tuple[Arr, float]:
    f = lambda th: -loglik(th)
    r = scipy.optimize.minimize(f, th0, method="Nelder-Mead",
                                options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 4000})
    r2 = scipy.optimize.minimize(f, r.x, method="BFGS", options={"gtol": 1e-8})
    best = r2 if np.isfinite(r2.fun) and r2.fun <= r.fun else r
    if not np.isfinite(best.fun):
        raise InsufficientDataError("the likelihood could not be maximised (no finite optimum)")
    return best.x, -float(best.fun)


def threshold_fit(dist: str, data: LifeData) -> tuple[Model, Arr, float]:
    """Weibull 3P / exponential 2P: profile the 2P fit over the threshold γ < first failure.

    For the exponential the likelihood increases up to the first failure, so γ̂ = t_(1)
    (Lawless 2003, §3.5); for the Weibull γ is found by a bounded 1-D search of the profile
    log-likelihood (Cohen 1975) over [0, t_(1)).

    Weibull 3P without an interior maximum: the density factor of the first failure is
    (β/η)((t_(1) − γ)/η)^(β−1), which grows without bound as γ → t_(1) when β < 1, so the
    likelihood has no maximum (Smith 1985, *Biometrika* 72(1):67–90, the case β < 1). When
    the profile search ends at t_(1) with β < 1 the fit raises :class:`NoMaximumError`.
    """
    fail_ends = np.where(data.kind == L, data.upper, data.lower)[data.kind != S]
    t1 = float(fail_ends.min())
    if dist == "weibull3p" and np.unique(fail_ends).size < 2:
        # γ → t_(1) puts every failure at 0: with β < 1 the density there has no bound
        raise NoMaximumError(
            f"weibull3p: no maximum — all failures end at {t1:g}, so the threshold gamma can reach "
            "them and the likelihood grows without bound; fit weibull2p or another two-parameter model")
    base_dist = "weibull2p" if dist == "weibull3p" else "exponential1p"

    def prof(gamma: float) -> tuple[float, Arr, Model]:
        sub = _shift_data(data, gamma)
        m = ls_model(base_dist, sub)
        th, ll = fit_ls(m, sub)
        return ll, th, m

    if dist == "exponential2p":
        g_hat = t1 * (1 - 1e-9)
    else:
        g_hat = _weibull_threshold(lambda g: prof(g)[0], lambda g: float(np.exp(-prof(g)[1][1])), t1)
    _, th2, m2 = prof(g_hat)
    s = m2.scale
    model = _threshold_model(dist, data, s)
    th = np.append(th2, g_hat / s)
    th[0] += np.log(m2.scale / s)
    return model, th, model.loglik(th)


# γ/t₍₁₎ grid of the profile scan: linear, then ever closer to the first failure
_GAMMA_GRID = np.r_[np.linspace(0.0, 0.9, 10), 1 - np.logspace(-2, -6, 5)]


def _weibull_threshold(profile: Callable[[float], float], shape: Callable[[float], float],
                       t1: float) -> float:
    """γ̂ of the Weibull 3P: the highest interior local maximum of the profile ℓ(γ).

    The profile is scanned on a grid of γ/t₍₁₎ up to 1 − 1e-6 and refined by a bounded
    search around the best local maximum (γ̂ = 0 when the profile falls from γ = 0). When it
    rises all the way to t₍₁₎ with shape < 1 there is no interior maximum (see
    :func:`threshold_fit`): :class:`NoMaximumError`.
    """
    g = _GAMMA_GRID * t1
    ll = np.array([profile(x) for x in g])
    inner = [i for i in range(len(g) - 1) if ll[i] >= ll[i + 1] and (i == 0 or ll[i] > ll[i - 1])]
    if not inner:
        beta_b = shape(g[-1])
        if beta_b < 1:
            raise NoMaximumError(
                f"weibull3p: no maximum — the likelihood grows without bound as the threshold "
                f"gamma approaches the first failure {t1:g} (shape beta = {beta_b:.3g} < 1 "
                "there); fit weibull2p or another two-parameter model")
        lo, hi = g[-2], t1 * (1 - 1e-9)
    else:
        i = max(inner, key=lambda j: ll[j])
        lo, hi = g[max(i - 1, 0)], g[i + 1]
    r = scipy.optimize.minimize_scalar(lambda x: -profile(x), bounds=(lo, hi), method="bounded",
                                       options={"xatol": 1e-10 * max(t1, 1e-300)})
    return 0.0 if inner and profile(0.0) >= -r.fun else float(r.x)


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

    def quantile(th: Arr, p: ArrayLike) -> Arr:
        mu = th[0] + np.log(s)
        sg = np.exp(th[1]) if dist == "weibull3p" else 1.0
        return th[k2] * s + np.exp(mu + sg * SEV.ppf(np.asarray(p, float)))

    def cdf(th: Arr, t: ArrayLike) -> Arr:
        x = np.asarray(t, float) - th[k2] * s
        sg = np.exp(th[1]) if dist == "weibull3p" else 1.0
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (np.log(np.maximum(x, 0.0)) - th[0] - np.log(s)) / sg
        return np.where(x > 0, SEV.cdf(z), 0.0)

    names = ("beta", "eta", "gamma") if dist == "weibull3p" else ("lambda", "gamma")
    positive = (True, True, False) if dist == "weibull3p" else (True, False)
    return Model(dist, names, positive, loglik, params, quantile, cdf, s, SEV, True,
                 recipe=(_threshold_model, (dist, data, s)))


def min_failures(dist: str) -> int:
    """Failures needed for an MLE of ``dist`` (one per free parameter)."""
    return {"exponential1p": 1, "exponential2p": 2, "weibull3p": 3}.get(dist, 2)


def check_information(dist: str, data: LifeData) -> None:
    """Raise :class:`InsufficientDataError` when the data cannot identify ``dist``.

    Every model but the one-parameter exponential can put all its probability near one time.
    So when every failure interval (exact: [t, t]; left: (0, u]; interval: (l, u]) shares a
    common part and no unit is known to survive beyond it, the likelihood approaches its
    supremum as the spread (σ, 1/β, 1/shape) shrinks to 0 — without bound for exact failures
    at one time t₀ (the density there grows like 1/σ) — and has no maximum
    (:class:`NoMaximumError`).
    """
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
    if dist != "exponential1p":
        _check_spread(dist, data)


def _check_spread(dist: str, data: LifeData) -> None:
    """The no-maximum case of :func:`check_information`."""
    fail = data.kind != S
    a = float(np.where(data.kind == L, 0.0, data.lower)[fail].max())  # common part [a, b]
    b = float(np.where(data.kind == F, data.lower, data.upper)[fail].min())
    susp = data.lower[data.kind == S]
    s_max = float(susp.max()) if susp.size else -np.inf
    if a > b or s_max > b or (a < b and s_max == b):
        return
    hint = WEIBAYES_HINT if dist.startswith(("weibull", "expon")) else ""
    where = (f"all {data.failures} failures are at the same time {a:g} and no unit survived beyond "
             "it, so the likelihood grows without bound as the spread shrinks to 0" if a == b else
             f"every failure lies in the common interval ({a:g}, {b:g}] and no unit survived "
             "beyond it, so the likelihood only approaches its supremum as the spread shrinks to 0")
    raise NoMaximumError(f"{dist}: no maximum — {where}; fitting {dist} needs failures at "
                         f"two or more separate times{hint}")
