"""Accelerated life: Arrhenius and inverse power law (IPL) with Weibull or lognormal life.

Life–stress relations (ReliaWiki / ReliaSoft *ALTA* reference, "Arrhenius Relationship" and
"Inverse Power Law Relationship"; Nelson 1990, *Accelerated Testing*, ch. 2 and 5):

* Arrhenius: L(V) = C·exp(B/V), V absolute temperature (K);
* IPL:       L(V) = 1/(K·V^n), V load or voltage. For rolling bearings the load–life
  exponent n is 3 (ball) or 10/3 (roller), ISO 281:2007 eq. (1); it may be fixed.

L is the Weibull scale η (shape β common to all stress levels) or the lognormal median
e^μ (σ common). All stress levels are fitted jointly by maximum likelihood in the
location-scale form μ(V) = a + b·x(V), x = 1/V or ln V, with any censoring.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from keyparts.errors import InputError, InsufficientDataError

from .bounds import cov_from_hessian, delta_se, num_grad, wald, z_value
from .data import LifeData, as_life_data
from .distributions import ls_model
from .lsfamily import LSProblem

Arr = NDArray[np.float64]
ALT_MODELS = ("arrhenius", "ipl")


@dataclass(frozen=True)
class ALTResult:
    """Joint fit of a life–stress model; life at the use stress with bounds."""

    model: str
    distribution: str
    params: dict[str, float]
    se: dict[str, float]
    loglik: float
    n: int
    failures: int
    use_stress: float | None
    life_use: float | None
    b10_use: float | None
    b10_use_bounds: tuple[float, float] | None
    cl: float
    exponent_fixed: bool

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "distribution": self.distribution, "params": self.params,
                "se": self.se, "loglik": self.loglik, "n": self.n, "failures": self.failures,
                "exponent_fixed": self.exponent_fixed, "use_stress": self.use_stress,
                "life_use": self.life_use, "b10_use": self.b10_use,
                "b10_use_bounds": list(self.b10_use_bounds) if self.b10_use_bounds else None,
                "cl": self.cl}


def fit_alt(times: ArrayLike | LifeData, status: ArrayLike | None = None, *,
            stress: ArrayLike | None = None, model: str = "ipl", dist: str = "weibull2p",
            exponent: float | None = None, use_stress: float | None = None,
            time_upper: ArrayLike | None = None, count: ArrayLike | None = None,
            cl: float = 0.9) -> ALTResult:
    """Fit an Arrhenius or IPL life–stress model (Weibull or lognormal) jointly.

    ``stress``: temperature in K (Arrhenius) or load/voltage (IPL), one per row.
    ``exponent``: fix the IPL exponent n (e.g. 3 for ball bearings). ``use_stress``: report
    the characteristic life and B10 with two-sided Fisher bounds at ``cl`` there.
    Parameters: Weibull ``beta`` / lognormal ``sigma``; Arrhenius ``B`` (K), ``C`` (time);
    IPL ``n``, ``K`` (1/(time·stress^n)).
    """
    data = as_life_data(times, status, time_upper=time_upper, count=count, stress=stress)
    if model not in ALT_MODELS:
        raise InputError(f"model: {model!r} is not one of {', '.join(ALT_MODELS)}")
    if dist not in ("weibull2p", "lognormal"):
        raise InputError(f"dist: accelerated life takes weibull2p or lognormal, not {dist!r}")
    if data.stress is None or not np.all(np.isfinite(data.stress) & (data.stress > 0)):
        raise InputError("stress: every row needs a stress > 0 (K for Arrhenius, load for IPL)")
    if exponent is not None and model != "ipl":
        raise InputError("exponent: only the IPL model has a fixable exponent")
    levels = np.unique(data.stress)
    if exponent is None and levels.size < 2:
        raise InsufficientDataError(f"a life–stress model needs at least 2 stress levels; "
                                    f"found {levels.size} (or fix the exponent)")
    if data.failures < 2:
        raise InsufficientDataError(f"an ALT fit needs at least 2 failures; found {data.failures}")
    base = ls_model(dist, data)
    p0 = base.ls
    assert p0 is not None
    s = base.scale
    x = 1.0 / data.stress if model == "arrhenius" else np.log(data.stress)
    xm, xs = float(np.average(x, weights=data.count)), float(np.std(x)) or 1.0
    if exponent is None:
        X = np.column_stack([np.ones_like(x), (x - xm) / xs])
        off: Arr | float = 0.0
    else:
        X = np.ones((x.size, 1))
        off = -float(exponent) * x
    prob = LSProblem(p0.base, p0.y_lo, p0.y_hi, p0.kind, p0.w, X, off)
    th, ll_y = prob.maximise()
    jac = base.loglik(np.array([0.0, 0.0])) - p0.loglik(np.array([0.0, 0.0]))
    ll = ll_y + jac
    cov = cov_from_hessian(prob.hessian(th))

    def ab(t: Arr) -> tuple[float, float, float]:
        """Unscaled μ = a + b·x on the time scale (ln η), and σ."""
        if exponent is None:
            b = t[1] / xs
            a = t[0] - b * xm + math.log(s)
        else:
            b, a = -float(exponent), t[0] + math.log(s)
        return a, b, math.exp(t[-1])

    def natural(t: Arr) -> dict[str, float]:
        a, b, sg = ab(t)
        out = {"beta": 1.0 / sg} if dist == "weibull2p" else {"sigma": sg}
        if model == "arrhenius":
            out.update(B=float(b), C=math.exp(a))
        else:
            out.update(n=float(-b), K=math.exp(-a))
        return out

    params = natural(th)
    names = list(params)
    se = {}
    for nm in names:
        g = num_grad(lambda t, nm=nm: natural(t)[nm], th)
        v = float(g @ cov @ g)
        se[nm] = math.sqrt(v) if v >= 0 else float("nan")
    if exponent is not None:
        se["n"] = 0.0
    life_use = b10 = None
    b10b = None
    if use_stress is not None:
        if not use_stress > 0:
            raise InputError(f"use_stress: {use_stress} is not > 0")
        xu = 1.0 / use_stress if model == "arrhenius" else math.log(use_stress)
        zp = float(p0.base.ppf(np.float64(0.10)))
        mu_u = lambda t: ab(t)[0] + ab(t)[1] * xu
        lnb10 = lambda t: mu_u(t) + ab(t)[2] * zp
        life_use = math.exp(mu_u(th))
        b10 = math.exp(lnb10(th))
        lo, hi = wald(lnb10(th), delta_se(lnb10, th, cov), z_value(cl, 2), False)
        b10b = (math.exp(lo), math.exp(hi))
    return ALTResult(model, dist, params, se, float(ll), data.n, data.failures, use_stress,
                     life_use, b10, b10b, cl, exponent is not None)
