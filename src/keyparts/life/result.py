"""The fit result: parameters, goodness of fit, bounds on parameters, Bp lives and R(t)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from keyparts.errors import InputError

from .bounds import Quantity, cov_from_hessian, interval, num_grad, z_value
from .distributions import Model

Arr = NDArray[np.float64]
BOUND_KINDS = ("fisher", "lr", "bootstrap")
# θ coordinate that each natural parameter of a location-scale model depends on
_LS_COORD = {"beta": 1, "eta": 0, "mu": 0, "sigma": 1, "alpha": 0, "lambda": 0}


@dataclass(frozen=True)
class ParamBounds:
    """Bounds on the parameters: ``params[name] = (lower, upper)``."""

    cl: float
    kind: str
    sides: int
    params: dict[str, tuple[float, float]]

    def to_dict(self) -> dict[str, Any]:
        return {"cl": self.cl, "method": self.kind, "sides": self.sides,
                "params": {k: [_f(a), _f(b)] for k, (a, b) in self.params.items()}}


@dataclass(frozen=True)
class FitResult:
    """A fitted life distribution.

    ``params`` are in the data's time unit; ``loglik`` is the time-scale log-likelihood;
    ``aic = 2k − 2ℓ``, ``aicc = 2k − 2ℓ + 2k(k+1)/(n−k−1)``, ``bic = k ln n − 2ℓ`` (n = all units, Burnham &
    Anderson 2002 §2.4; as `reliability`). ``cl``/``bounds_kind``/``sides`` are the defaults
    used by :meth:`to_dict` and by methods called without them. ``notes`` state the choices
    the fit made that a reader must know (rank-regression bounds convention, the normal's
    reading of intervals from 0, a threshold treated as known). :meth:`quantile`,
    :meth:`b_life` and :meth:`reliability` take scalars or arrays. Results pickle (the model
    is rebuilt from its data on unpickling), so fits run in process pools and on Dask workers.
    """

    distribution: str
    method: str
    ranks: str | None
    n: int
    failures: int
    params: dict[str, float]
    loglik: float
    aic: float
    aicc: float
    bic: float
    se: dict[str, float]
    cov: Arr = field(repr=False)
    cl: float = 0.9
    bounds_kind: str = "fisher"
    sides: int = 2
    extra: dict[str, float] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    model: Model = field(default=None, repr=False, compare=False)  # type: ignore[assignment]
    theta: Arr = field(default=None, repr=False, compare=False)  # type: ignore[assignment]
    cov_theta: Arr = field(default=None, repr=False, compare=False)  # type: ignore[assignment]
    bootstrap: Any = field(default=None, repr=False, compare=False)
    time_unit: str | None = None  # unit of the data's times, hence of eta, B10, ... (LifeData.unit)

    # --- point values -----------------------------------------------------------------
    def quantile(self, F: ArrayLike) -> float | Arr:
        """Time by which a fraction F (0–1; scalar or array) of the population has failed."""
        Fa = np.asarray(F, float)
        if not np.all((Fa > 0) & (Fa < 1)):
            raise InputError(f"F: {F} is not a fraction between 0 and 1 (or an array of them)")
        return _out(self.model.quantile(self.theta, Fa))

    def b_life(self, p: ArrayLike) -> float | Arr:
        """Bp life: time by which p percent fail (B10: p = 10; scalar or array)."""
        return self.quantile(_pct(p))

    def reliability(self, t: ArrayLike) -> float | Arr:
        """R(t) = 1 − F(t) at a time or an array of times (time unit of the data)."""
        return _out(1.0 - self.model.cdf(self.theta, np.asarray(t, float)))

    # --- bounds -------------------------------------------------------------------------
    def _opts(self, cl: float | None, kind: str | None, sides: int | None) -> tuple[float, str, int]:
        cl = self.cl if cl is None else float(cl)
        kind = self.bounds_kind if kind is None else kind
        sides = self.sides if sides is None else int(sides)
        if kind not in BOUND_KINDS:
            raise InputError(f"kind: {kind!r} is not one of {', '.join(BOUND_KINDS)}")
        z_value(cl, sides)
        if kind == "lr" and self.method != "mle":
            raise InputError("likelihood-ratio bounds need an MLE fit (method='mle')")
        if kind == "lr" and self.model.ls_factory is None:
            raise InputError(f"likelihood-ratio bounds are implemented for two-parameter "
                             f"location-scale models and the exponential, not {self.distribution}; "
                             "use kind='fisher'")
        if kind == "bootstrap" and self.bootstrap is None:
            raise InputError("bootstrap bounds need fit(..., bootstrap=B) (Weibull 2P, exact and "
                             "right-censored data)")
        return cl, kind, sides

    def _interval(self, q: Quantity, cl: float | None, kind: str | None,
                  sides: int | None) -> tuple[float, float]:
        cl, kind, sides = self._opts(cl, kind, sides)
        return interval(q, kind=kind, cl=cl, sides=sides, theta=self.theta, cov=self.cov_theta,
                        loglik=self.model.loglik, ll_hat=self.loglik, bootstrap=self.bootstrap)

    def bounds(self, cl: float | None = None, kind: str | None = None,
               sides: int | None = None) -> ParamBounds:
        """Bounds on every parameter (see :mod:`keyparts.life.bounds`)."""
        cl, kind, sides = self._opts(cl, kind, sides)
        return ParamBounds(cl, kind, sides, {
            name: self._interval(_param_quantity(self.model, self.theta, i, self.params[name]),
                                 cl, kind, sides)
            for i, name in enumerate(self.model.names)})

    def b_life_bounds(self, p: float, cl: float | None = None, kind: str | None = None,
                      sides: int | None = None) -> tuple[float, float]:
        """(lower, upper) bounds on the Bp life."""
        return self._interval(_quantile_quantity(self.model, self.theta, float(_pct(p))),
                              cl, kind, sides)

    def reliability_bounds(self, t: float, cl: float | None = None, kind: str | None = None,
                           sides: int | None = None) -> tuple[float, float]:
        """(lower, upper) bounds on R(t)."""
        self._opts(cl, kind, sides)
        F = float(self.model.cdf(self.theta, float(t)))
        if not 0.0 < F < 1.0:  # before the threshold / far in the tail: R is 1 or 0 exactly
            return (1.0 - F, 1.0 - F)
        return self._interval(_reliability_quantity(self.model, self.theta, float(t)),
                              cl, kind, sides)

    # --- export -------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the `keyparts life fit --json` contract)."""
        b = self.bounds()
        try:
            b10, b10b = self.b_life(10), list(self.b_life_bounds(10))
        except (ValueError, ArithmeticError):
            b10, b10b = float("nan"), [float("nan"), float("nan")]
        d: dict[str, Any] = {
            "distribution": self.distribution, "method": self.method, "ranks": self.ranks,
            "n": self.n, "failures": self.failures,
            "params": {k: float(v) for k, v in self.params.items()},
            "loglik": _f(self.loglik), "aic": _f(self.aic), "aicc": _f(self.aicc), "bic": _f(self.bic),
            "se": {k: _f(v) for k, v in self.se.items()},
            "bounds": b.to_dict(), "b10": _f(b10), "b10_bounds": [_f(x) for x in b10b],
            "notes": list(self.notes),
            "time_unit": self.time_unit,
        }
        if self.extra:
            d.update({k: _f(v) for k, v in self.extra.items()})
        return d


@dataclass(frozen=True)
class Ranking:
    """MLE fits of several distributions, best (lowest AICc) first, and the distributions
    not ranked with the reason (no maximum, too few failures, AICc undefined)."""

    fits: tuple[FitResult, ...]
    not_ranked: dict[str, str]

    @property
    def best(self) -> FitResult | None:
        return self.fits[0] if self.fits else None

    def to_dict(self) -> dict[str, Any]:
        return {"ranked": [{"rank": i + 1, **f.to_dict()} for i, f in enumerate(self.fits)],
                "not_ranked": [{"distribution": d, "reason": why}
                               for d, why in self.not_ranked.items()]}


def _f(x: float) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None


def _pct(p: ArrayLike) -> Arr:
    pa = np.asarray(p, float)
    if not np.all((pa > 0) & (pa < 100)):
        raise InputError(f"p: {p} is not a percentage between 0 and 100 (B10: p=10)")
    return pa / 100.0


def _out(x: ArrayLike) -> float | Arr:
    """A float for a scalar argument, an array for an array argument."""
    a = np.asarray(x, float)
    return float(a) if a.ndim == 0 else a


def _sigma(th: Arr) -> float:
    """σ on the y scale of a location-scale θ (1 for the one-parameter exponential)."""
    return 1.0 if th.size == 1 else math.exp(th[1])


def _ls_theta(th: Arr, c: int) -> Callable[[float, float], Arr]:
    """θ with coordinate ``c`` set to v and the other (free) coordinate to f."""
    def theta_of(v: float, f: float) -> Arr:
        t = np.array(th, float)
        t[c] = v
        if t.size > 1:
            t[1 - c] = f
        return t
    return theta_of


def _param_quantity(m: Model, th: Arr, i: int, value: float) -> Quantity:
    """Parameter i: log-Wald when positive, Wald otherwise; LR along its own θ coordinate."""
    pos = m.positive[i] and value > 0
    get = lambda t: float(m.params(t)[i])
    work = (lambda t: float(np.log(get(t)))) if pos else get
    back = (lambda w: float(np.exp(w))) if pos else float
    if m.ls_factory is None:
        return Quantity(work, back, m.names[i])
    c = _LS_COORD[m.names[i]]
    free = None if th.size == 1 else 1 - c
    theta_of = _ls_theta(th, c)
    keep = 0.0 if free is None else float(th[free])
    return Quantity(work, back, m.names[i], lr_v=lambda t: float(t[c]), lr_theta=theta_of,
                    lr_back=lambda v: get(theta_of(v, keep)), free=free)


def _quantile_quantity(m: Model, th: Arr, F: float) -> Quantity:
    """t_F: Wald on ln t_F (on t_F for the normal); LR along y_F = μ + σ z_F."""
    q = lambda t: float(m.quantile(t, F))
    work = (lambda t: float(np.log(q(t)))) if m.log_time else q
    back = (lambda w: float(np.exp(w))) if m.log_time else float
    if m.ls_factory is None:
        return Quantity(work, back, ("b", F))
    zp = float(m.base.ppf(np.float64(F)))
    theta_of = lambda v, f: (np.array([v - zp]) if th.size == 1
                             else np.array([v - math.exp(f) * zp, f]))
    return Quantity(work, back, ("b", F), lr_v=lambda t: float(t[0] + _sigma(t) * zp),
                    lr_theta=theta_of, lr_back=lambda v: q(theta_of(v, th[-1])),
                    free=None if th.size == 1 else 1)


def _reliability_quantity(m: Model, th: Arr, t: float) -> Quantity:
    """R(t): Wald on u = ln(−ln R) (Nelson 1982 ch. 8 eq. 5.4); LR along z = (y − μ)/σ."""
    work = lambda q: float(np.log(-np.log1p(-float(m.cdf(q, t)))))
    back = lambda u: float(np.exp(-np.exp(u)))
    if m.ls_factory is None:
        return Quantity(work, back, ("r", t))
    x = t / m.scale
    y0 = math.log(x) if m.log_time else x
    theta_of = lambda v, f: (np.array([y0 - v]) if th.size == 1
                             else np.array([y0 - math.exp(f) * v, f]))
    return Quantity(work, back, ("r", t), lr_v=lambda q: float((y0 - q[0]) / _sigma(q)),
                    lr_theta=theta_of, lr_back=lambda v: 1.0 - float(m.base.cdf(np.float64(v))),
                    free=None if th.size == 1 else 1)


def build_result(model: Model, theta: Arr, ll: float, n: int, failures: int, *, method: str,
                 ranks: str | None, cov_theta: Arr | None, cl: float, bounds_kind: str,
                 sides: int, extra: dict[str, float] | None = None,
                 notes: tuple[str, ...] = ()) -> FitResult:
    """Assemble a :class:`FitResult` (covariance of the natural parameters by the delta method)."""
    if cov_theta is None:
        from .bounds import num_hessian
        cov_theta = (cov_from_hessian(model.ls.hessian(theta)) if model.ls is not None
                     else cov_from_hessian(num_hessian(model.loglik, theta)))
    J = np.array([num_grad(lambda t, i=i: float(model.params(t)[i]), theta)
                  for i in range(model.k)])
    cov = J @ cov_theta @ J.T
    vals = model.params(theta)
    k = model.k
    aicc = 2 * k - 2 * ll + (2 * k * (k + 1) / (n - k - 1) if n - k - 1 > 0 else float("nan"))
    bic = k * math.log(n) - 2 * ll
    se = {nm: float(np.sqrt(cov[i, i])) if cov[i, i] >= 0 else float("nan")
          for i, nm in enumerate(model.names)}
    return FitResult(model.dist, method, ranks, n, failures,
                     {nm: float(v) for nm, v in zip(model.names, vals)}, float(ll),
                     2.0 * k - 2.0 * ll, float(aicc), float(bic), se, cov, cl, bounds_kind, sides,
                     dict(extra or {}), tuple(notes), model, np.asarray(theta, float), cov_theta)
