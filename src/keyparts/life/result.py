"""The fit result: parameters, goodness of fit, bounds on parameters, Bp lives and R(t)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from keyparts.errors import InputError

from .bounds import cov_from_hessian, delta_se, lr_interval, num_grad, wald, z_value
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
    used by :meth:`to_dict` and by methods called without them.
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
    model: Model = field(default=None, repr=False, compare=False)  # type: ignore[assignment]
    theta: Arr = field(default=None, repr=False, compare=False)  # type: ignore[assignment]
    cov_theta: Arr = field(default=None, repr=False, compare=False)  # type: ignore[assignment]
    bootstrap: Any = field(default=None, repr=False, compare=False)
    time_unit: str | None = None  # unit of the data's times, hence of eta, B10, ... (LifeData.unit)

    # --- point values -----------------------------------------------------------------
    def quantile(self, F: float) -> float:
        """Time by which a fraction F (0–1) of the population has failed."""
        if not 0 < F < 1:
            raise InputError(f"F: {F} is not a fraction between 0 and 1")
        return self.model.quantile(self.theta, F)

    def b_life(self, p: float) -> float:
        """Bp life: time by which p percent fail (B10: p = 10)."""
        return self.quantile(_pct(p))

    def reliability(self, t: float) -> float:
        """R(t) = 1 − F(t)."""
        return 1.0 - self.model.cdf(self.theta, float(t))

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

    def bounds(self, cl: float | None = None, kind: str | None = None,
               sides: int | None = None) -> ParamBounds:
        """Bounds on every parameter (see :mod:`keyparts.life.bounds`)."""
        cl, kind, sides = self._opts(cl, kind, sides)
        out: dict[str, tuple[float, float]] = {}
        for i, name in enumerate(self.model.names):
            v = self.params[name]
            if kind == "fisher":
                out[name] = wald(v, self.se[name], z_value(cl, sides), self.model.positive[i] and v > 0)
            elif kind == "bootstrap":
                out[name] = self.bootstrap.interval(name, cl, sides)
            else:
                c = _LS_COORD[name]
                th = self.theta

                def theta_of(vv: float, f: float, c: int = c, th: Arr = th) -> Arr:
                    t = np.array(th, float)
                    t[c] = vv
                    if t.size > 1:
                        t[1 - c] = f
                    return t

                free = None if th.size == 1 else float(th[1 - c])
                lo, hi = lr_interval(self.model.loglik, self.loglik, float(th[c]),
                                     float(np.sqrt(self.cov_theta[c, c])), theta_of, free, cl, sides)
                a = self.model.params(theta_of(lo, th[1 - c] if th.size > 1 else 0))[i]
                b = self.model.params(theta_of(hi, th[1 - c] if th.size > 1 else 0))[i]
                out[name] = (float(min(a, b)), float(max(a, b)))
        return ParamBounds(cl, kind, sides, out)

    def b_life_bounds(self, p: float, cl: float | None = None, kind: str | None = None,
                      sides: int | None = None) -> tuple[float, float]:
        """(lower, upper) bounds on the Bp life."""
        F = _pct(p)
        cl, kind, sides = self._opts(cl, kind, sides)
        m, th = self.model, self.theta
        if kind == "bootstrap":
            return self.bootstrap.interval(("b", F), cl, sides)
        if kind == "fisher":
            if m.log_time:
                g = lambda t: math.log(m.quantile(t, F))
                lo, hi = wald(g(th), delta_se(g, th, self.cov_theta), z_value(cl, sides), False)
                return (math.exp(lo), math.exp(hi))
            g = lambda t: m.quantile(t, F)
            return wald(g(th), delta_se(g, th, self.cov_theta), z_value(cl, sides), False)
        zp = float(m.base.ppf(np.float64(F)))
        sig = lambda f: 1.0 if th.size == 1 else math.exp(f)
        v_hat = th[0] + sig(th[-1]) * zp

        def theta_of(v: float, f: float) -> Arr:
            return np.array([v - zp]) if th.size == 1 else np.array([v - math.exp(f) * zp, f])

        se = delta_se(lambda t: t[0] + sig(t[-1]) * zp, th, self.cov_theta)
        lo, hi = lr_interval(m.loglik, self.loglik, float(v_hat), se, theta_of,
                             None if th.size == 1 else float(th[1]), cl, sides)
        return (m.quantile(theta_of(lo, th[-1]), F) if np.isfinite(lo) else float("nan"),
                m.quantile(theta_of(hi, th[-1]), F) if np.isfinite(hi) else float("nan"))

    def reliability_bounds(self, t: float, cl: float | None = None, kind: str | None = None,
                           sides: int | None = None) -> tuple[float, float]:
        """(lower, upper) bounds on R(t)."""
        cl, kind, sides = self._opts(cl, kind, sides)
        m, th = self.model, self.theta
        F = m.cdf(th, float(t))
        if not 0.0 < F < 1.0:  # before the threshold / far in the tail: R is 1 or 0 exactly
            return (1.0 - F, 1.0 - F)
        if kind == "bootstrap":
            return self.bootstrap.interval(("r", float(t)), cl, sides)
        if kind == "fisher":
            u = lambda x: math.log(-math.log1p(-m.cdf(x, t)))
            lo, hi = wald(u(th), delta_se(u, th, self.cov_theta), z_value(cl, sides), False)
            return (math.exp(-math.exp(hi)), math.exp(-math.exp(lo)))
        x = (t - 0.0) / m.scale
        y0 = math.log(x) if m.log_time else x
        sig = lambda f: 1.0 if th.size == 1 else math.exp(f)
        z_hat = (y0 - th[0]) / sig(th[-1])

        def theta_of(v: float, f: float) -> Arr:
            return np.array([y0 - v]) if th.size == 1 else np.array([y0 - math.exp(f) * v, f])

        se = delta_se(lambda q: (y0 - q[0]) / sig(q[-1]), th, self.cov_theta)
        lo, hi = lr_interval(m.loglik, self.loglik, float(z_hat), se, theta_of,
                             None if th.size == 1 else float(th[1]), cl, sides)
        r = lambda z: 1.0 - float(m.base.cdf(np.float64(z)))
        return (r(hi), r(lo))

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
            "time_unit": self.time_unit,
        }
        if self.extra:
            d.update({k: _f(v) for k, v in self.extra.items()})
        return d


def _f(x: float) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None


def _pct(p: float) -> float:
    if not 0 < p < 100:
        raise InputError(f"p: {p} is not a percentage between 0 and 100 (B10: p=10)")
    return p / 100.0


def build_result(model: Model, theta: Arr, ll: float, n: int, failures: int, *, method: str,
                 ranks: str | None, cov_theta: Arr | None, cl: float, bounds_kind: str,
                 sides: int, extra: dict[str, float] | None = None) -> FitResult:
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
                     {nm: float(v) for nm, v in zip(model.names, vals)}, float(ll), 2.0 * k - 2.0 * ll,
                     float(aicc),
                     float(bic), se, cov, cl, bounds_kind, sides, dict(extra or {}), model,
                     np.asarray(theta, float), cov_theta)
