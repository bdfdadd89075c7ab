"""Comparing populations (likelihood-ratio tests) and the qualification verdict.

LR tests of k populations (Nelson 1982, ch. 12 §4; Lawless 2003, §7.3; ReliaWiki
"Likelihood Ratio Test" / weibull.com "Common Shape Parameter Likelihood Ratio Test"):
T = 2[Σ ℓ̂_i − ℓ̂_0] is compared with χ²(cl; df) where the null model has

* equal shape: one common β (σ), a scale η_i per population — df = k − 1;
* equal shape and scale: one pooled distribution — df = 2(k − 1).

The qualification verdict asks whether the substitute's Bp life, at its lower one-sided
confidence bound, reaches the benchmark part's Bp (point estimate) or a required value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy  # its submodules load on first use: importing this module stays cheap

from keyparts.errors import InputError

from .bounds import check_cl
from .data import LifeData
from .distributions import ls_model
from .estimate import fit
from .lsfamily import LSProblem
from .result import FitResult

LS_DISTS = ("weibull2p", "lognormal", "loglogistic", "normal")


@dataclass(frozen=True)
class LRTest:
    """One likelihood-ratio test."""

    hypothesis: str
    statistic: float
    df: int
    p_value: float
    critical: float
    reject: bool
    loglik_null: float
    null_params: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"hypothesis": self.hypothesis, "statistic": self.statistic, "df": self.df,
                "p_value": self.p_value, "critical": self.critical, "reject": self.reject,
                "loglik_null": self.loglik_null, "null_params": self.null_params}


@dataclass(frozen=True)
class Comparison:
    """Separate fits of every population and the LR tests of equality."""

    distribution: str
    cl: float
    fits: list[FitResult]
    loglik_separate: float
    tests: list[LRTest]

    def to_dict(self) -> dict[str, Any]:
        return {"distribution": self.distribution, "cl": self.cl,
                "groups": [f.to_dict() for f in self.fits],
                "loglik_separate": self.loglik_separate,
                "tests": [t.to_dict() for t in self.tests]}


def _pooled(groups: Sequence[LifeData]) -> tuple[LifeData, np.ndarray]:
    cat = lambda a: np.concatenate(a)
    data = LifeData(cat([g.lower for g in groups]), cat([g.upper for g in groups]),
                    cat([g.kind for g in groups]), cat([g.count for g in groups]), None)
    gid = cat([np.full(g.lower.size, i) for i, g in enumerate(groups)])
    return data, gid


def common_shape_fit(groups: Sequence[LifeData], dist: str = "weibull2p") -> tuple[float, dict[str, Any]]:
    """ℓ̂ and parameters of the model with a common shape (σ) and one scale per group."""
    data, gid = _pooled(groups)
    model = ls_model(dist, data)
    p0 = model.ls
    assert p0 is not None
    X = (gid[:, None] == np.arange(len(groups))[None, :]).astype(float)
    prob = LSProblem(p0.base, p0.y_lo, p0.y_hi, p0.kind, p0.w, X)
    th, ll_y = prob.maximise()
    ll = model.loglik(np.array([0.0, 0.0])) - p0.loglik(np.array([0.0, 0.0])) + ll_y
    per = [model.params(np.array([th[i], th[-1]])) for i in range(len(groups))]
    names = model.names
    return ll, {"groups": [{n: float(v) for n, v in zip(names, p)} for p in per]}


def compare(groups: Sequence[LifeData], *, dist: str = "weibull2p", cl: float = 0.9) -> Comparison:
    """LR tests that k ≥ 2 populations share the shape, and the shape and scale."""
    check_cl(cl, 2)
    if dist not in LS_DISTS:
        raise InputError(f"dist: comparison supports {', '.join(LS_DISTS)}, not {dist!r}")
    if len(groups) < 2:
        raise InputError(f"compare needs at least 2 populations; got {len(groups)}")
    if len({g.unit for g in groups}) > 1:
        raise InputError(f"groups: time units differ ({', '.join(str(g.unit) for g in groups)}); "
                         "expected one unit (keyparts.life.from_tests_frame(..., to_unit=...))")
    fits = [fit(g, dist=dist, cl=cl) for g in groups]
    ll_sep = float(sum(f.loglik for f in fits))
    k = len(groups)
    tests = []
    ll_shape, p_shape = common_shape_fit(groups, dist)
    pooled = fit(_pooled(groups)[0], dist=dist, cl=cl)
    for hyp, ll0, df, params in (
            ("equal shape", ll_shape, k - 1, p_shape),
            ("equal shape and scale", pooled.loglik, 2 * (k - 1), {"pooled": pooled.params})):
        T = max(0.0, 2.0 * (ll_sep - ll0))
        crit = float(scipy.stats.chi2.ppf(cl, df))
        tests.append(LRTest(hyp, T, df, float(scipy.stats.chi2.sf(T, df)), crit, T > crit, float(ll0), params))
    return Comparison(dist, cl, fits, ll_sep, tests)


@dataclass(frozen=True)
class Verdict:
    """Does the substitute's Bp lower bound reach the reference life?"""

    passed: bool
    p: float
    cl: float
    bounds: str
    substitute_b: float
    substitute_b_lower: float
    reference: float
    reference_source: str
    reasoning: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "p": self.p, "cl": self.cl, "bounds": self.bounds,
                "substitute_b": self.substitute_b, "substitute_b_lower": self.substitute_b_lower,
                "reference": self.reference, "reference_source": self.reference_source,
                "reasoning": list(self.reasoning)}


def qualify(substitute: FitResult, *, benchmark: FitResult | None = None,
            required: float | None = None, p: float = 10.0, cl: float = 0.9,
            bounds: str = "lr") -> Verdict:
    """Qualification verdict: substitute Bp lower one-sided bound (at ``cl``) ≥ reference.

    The reference is the ``required`` Bp life when given, otherwise the benchmark's Bp point
    estimate. ``bounds``: ``lr`` (default; small-sample safer) or ``fisher``.
    """
    if (benchmark is None) == (required is None):
        raise InputError("qualify needs exactly one of benchmark= (a fit of the benchmark part) "
                         "or required= (the Bp life to reach)")
    if required is not None and not float(required) > 0:  # also refuses NaN
        raise InputError(f"required: {float(required):g} is not a life (expected the required B{p:g} life > 0)")
    kind = bounds if (bounds != "lr" or substitute.model.ls_factory is not None) else "fisher"
    b = substitute.b_life(p)
    lo, _ = substitute.b_life_bounds(p, cl=cl, kind=kind, sides=1)
    if required is not None:
        ref, src = float(required), f"required B{p:g} life"
    else:
        assert benchmark is not None
        ref, src = benchmark.b_life(p), f"benchmark B{p:g} ({benchmark.distribution} {benchmark.method})"
    ok = bool(lo >= ref)
    why = [
        f"substitute: {substitute.distribution} by {substitute.method}, n={substitute.n}, "
        f"{substitute.failures} failures, params "
        + ", ".join(f"{k}={v:.4g}" for k, v in substitute.params.items()),
        f"substitute B{p:g} = {b:.4g}; lower one-sided {cl:.0%} {kind} bound = {lo:.4g}",
        f"reference: {src} = {ref:.4g}",
        (f"{lo:.4g} >= {ref:.4g}: the substitute demonstrates at least the reference B{p:g} "
         f"life at {cl:.0%} confidence — PASS") if ok else
        (f"{lo:.4g} < {ref:.4g}: the data do not demonstrate the reference B{p:g} life at "
         f"{cl:.0%} confidence — FAIL (more units or longer tests may still pass)"),
    ]
    if kind != bounds:
        why.insert(2, f"{bounds} bounds are not available for {substitute.distribution}; used {kind}")
    return Verdict(ok, float(p), float(cl), kind, float(b), float(lo), float(ref), src, why)
