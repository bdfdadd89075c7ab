"""Test planning: Weibayes success-run plans, substantiation, exponential χ² tests, OC.

Parametric binomial (Weibayes) demonstration (Abernethy 2006, *The New Weibull Handbook*
§6.11–6.12; C. J. Wang, "Two useful (Weibayes) equations"; Kececioglu 2002, *Reliability &
Life Testing Handbook* vol. 2): to show R(t_R) ≥ R at confidence C with n units each run to
t and at most f failures, each unit fails in the test with p = 1 − R^{(t/t_R)^β} and the plan
needs P(X ≤ f | n, p) ≤ 1 − C. For f = 0: n = ln(1−C) / [(t/t_R)^β · ln R] and
t = t_R·[ln(1−C)/(n ln R)]^{1/β}.

Weibayes estimate with an assumed β (Abernethy §6.2; Nelson 1985 *J. Qual. Tech.* 17):
η = (Σ t_i^β / r)^{1/β}; lower bound η_L = (2 Σ t_i^β / χ²(C; 2r+2))^{1/β}; with r = 0,
η_C = (Σ t_i^β / −ln(1−C))^{1/β}.

Exponential (time-terminated) test (MIL-HDBK-781A; ReliaWiki "Exponential Distribution
Demonstration Test"): total time T = m·χ²(C; 2f+2)/2 demonstrates MTBF ≥ m with f failures;
the lower bound from a test is m_L = 2T/χ²(C′; 2f+2).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from numpy.typing import ArrayLike
import scipy  # its submodules load on first use: importing this module stays cheap

from keyparts.errors import InputError, InsufficientDataError

from .bounds import check_cl
from .data import as_life_data


@dataclass(frozen=True)
class TestPlan:
    """A demonstration plan: ``units`` each run to ``duration`` with ≤ ``failures`` failures
    demonstrates R(``at``) ≥ ``reliability`` at ``confidence`` given Weibull shape ``beta``."""

    __test__ = False  # not a pytest class

    units: int
    duration: float
    failures: int
    confidence: float
    reliability: float
    at: float
    beta: float
    units_exact: float | None = None

    def pass_probability(self, true_eta: float, true_beta: float | None = None) -> float:
        """Operating characteristic: P(≤ f failures) if the true life is Weibull(β, η)."""
        b = self.beta if true_beta is None else true_beta
        p = -math.expm1(-((self.duration / true_eta) ** b))
        return float(scipy.stats.binom.cdf(self.failures, self.units, p))

    def to_dict(self) -> dict[str, Any]:
        return {"units": self.units, "duration": self.duration, "failures": self.failures,
                "confidence": self.confidence, "reliability": self.reliability, "at": self.at,
                "beta": self.beta, "units_exact": self.units_exact,
                "method": "Weibayes parametric binomial"}


def _check(reliability: float, at: float, confidence: float, beta: float, failures: int) -> None:
    if not 0 < reliability < 1:
        raise InputError(f"reliability: {reliability} is not between 0 and 1 (e.g. 0.9 for B10)")
    if not at > 0:
        raise InputError(f"at: {at} is not a time > 0")
    if not 0 < confidence < 1:
        raise InputError(f"confidence: {confidence} is not between 0 and 1 (e.g. 0.9)")
    if not beta > 0:
        raise InputError(f"beta: {beta} is not a Weibull shape > 0")
    if failures < 0 or int(failures) != failures:
        raise InputError(f"failures: {failures} is not a whole number >= 0")


def plan_test(*, reliability: float, at: float, confidence: float, beta: float,
              units: int | None = None, duration: float | None = None,
              failures: int = 0) -> TestPlan:
    """Units needed for a given test ``duration``, or duration needed for given ``units``."""
    _check(reliability, at, confidence, beta, failures)
    if (units is None) == (duration is None):
        raise InputError("plan needs exactly one of units (-> duration) or duration (-> units)")
    lnR = math.log(reliability)
    if duration is not None:
        if not duration > 0:
            raise InputError(f"duration: {duration} is not a time > 0")
        p = -math.expm1(((duration / at) ** beta) * lnR)
        exact = None
        if failures == 0:
            exact = math.log(1 - confidence) / (((duration / at) ** beta) * lnR)
        n = _min_units(p, failures, confidence)
        return TestPlan(n, float(duration), failures, confidence, reliability, at, beta, exact)
    assert units is not None
    if units <= failures:
        raise InputError(f"units: {units} must exceed the allowed failures ({failures})")
    # largest per-unit failure probability p* with P(X ≤ f | n, p*) = 1 − C
    p_star = float(scipy.stats.beta.ppf(confidence, failures + 1, units - failures))
    t = at * (math.log1p(-p_star) / lnR) ** (1.0 / beta)
    return TestPlan(int(units), float(t), failures, confidence, reliability, at, beta, None)


def _min_units(p: float, f: int, C: float) -> int:
    """Smallest n with P(X ≤ f | n, p) ≤ 1 − C (binomial; monotone in n)."""
    if p <= 0:
        raise InputError("the test duration is too short to demonstrate anything")
    lo, hi = f + 1, f + 1
    while scipy.stats.binom.cdf(f, hi, p) > 1 - C:
        lo, hi = hi, hi * 2
        if hi > 10**12:
            raise InputError("the plan needs more than 1e12 units; run units longer")
    while lo < hi:
        mid = (lo + hi) // 2
        if scipy.stats.binom.cdf(f, mid, p) <= 1 - C:
            hi = mid
        else:
            lo = mid + 1
    return int(lo)


def substantiation_plan(*, benchmark_beta: float, benchmark_eta: float, confidence: float,
                        units: int | None = None, duration: float | None = None,
                        failures: int = 0) -> TestPlan:
    """Show a new design is at least as good as a benchmark Weibull(β, η) (Minitab
    "Demonstration test plans — substantiation"): demonstrate R(η_bench) ≥ e^{−1}."""
    return plan_test(reliability=math.exp(-1.0), at=benchmark_eta, confidence=confidence,
                     beta=benchmark_beta, units=units, duration=duration, failures=failures)


def exponential_test_time(*, mtbf: float, confidence: float, failures: int = 0) -> float:
    """Total unit-time T = m·χ²(C; 2f+2)/2 to demonstrate MTBF ≥ m (time-terminated)."""
    _check(0.5, 1.0, confidence, 1.0, failures)
    return float(mtbf * scipy.stats.chi2.ppf(confidence, 2 * failures + 2) / 2.0)


def mtbf_lower_bound(total_time: float, failures: int, cl: float, sides: int = 1) -> float:
    """Lower confidence bound on the MTBF of a time-terminated test, 2T/χ²(C′; 2f+2)."""
    check_cl(cl, sides)
    q = cl if sides == 1 else (1 + cl) / 2
    return float(2.0 * total_time / scipy.stats.chi2.ppf(q, 2 * failures + 2))


@dataclass(frozen=True)
class WeibayesResult:
    """Weibayes estimate: η (point; NaN with no failures), η lower bound at ``confidence``."""

    beta: float
    eta: float
    eta_lower: float
    failures: int
    confidence: float

    def b_life(self, p: float, lower: bool = True) -> float:
        """Bp life from η_lower (default) or the point η."""
        eta = self.eta_lower if lower else self.eta
        return float(eta * (-math.log1p(-p / 100.0)) ** (1.0 / self.beta))

    def to_dict(self) -> dict[str, Any]:
        return {"distribution": "weibull2p", "method": "weibayes", "beta": self.beta,
                "eta": self.eta, "eta_lower": self.eta_lower, "failures": self.failures,
                "confidence": self.confidence, "b10_lower": self.b_life(10)}


def weibayes(times: ArrayLike, status: ArrayLike | None = None, *, beta: float,
             confidence: float = 0.9, count: ArrayLike | None = None) -> WeibayesResult:
    """Weibayes analysis with an assumed shape β (exact failures and suspensions)."""
    data = as_life_data(times, status, count=count)
    if not data.exact_or_right:
        raise InputError("weibayes takes exact failures and suspensions only")
    if not beta > 0:
        raise InputError(f"beta: {beta} is not a Weibull shape > 0")
    if not 0 < confidence < 1:
        raise InputError(f"confidence: {confidence} is not between 0 and 1")
    tb = float((data.count * data.lower**beta).sum())
    if tb <= 0:
        raise InsufficientDataError("weibayes needs some test time")
    r = data.failures
    eta = (tb / r) ** (1 / beta) if r else float("nan")
    eta_l = (2 * tb / scipy.stats.chi2.ppf(confidence, 2 * r + 2)) ** (1 / beta)
    return WeibayesResult(float(beta), float(eta), float(eta_l), r, float(confidence))


__all__ = ["TestPlan", "WeibayesResult", "exponential_test_time", "mtbf_lower_bound",
           "plan_test", "substantiation_plan", "weibayes"]
