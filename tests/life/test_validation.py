"""Every published validation case (sources in ``cases.py`` and in each docstring) at its stated
precision.

Where a source prints no number for a quantity, the expected value is tagged [C]: computed for
this suite independently of keyparts (plain SciPy: ``optimize.minimize`` on the log-likelihood,
``stats.chi2``/``stats.norm`` quantiles); the docstring names the data, the method and the
convention, so a reader can redo it. Data: Lieblein & Zelen (1956) deep-groove ball bearing
lives (``LZ``, the 48.48 version; ReliaWiki and lifelines print 48.4); NIST/SEMATECH
e-Handbook 8.4.1.3 (20 units, 10 failures, 10 removed at 500 h); the six-unit Kececioglu data of
ReliaWiki "The Weibull Distribution"; ReliaWiki's "Confidence Bounds" data 10, 20, 30, 40, 50 h.
"""

from __future__ import annotations

import functools
import math
import operator

import numpy as np
import pytest

from keyparts.life import fit, life_data
from keyparts.life.alt import fit_alt
from keyparts.life.compare import compare
from keyparts.life.planning import (
    exponential_test_time,
    mtbf_lower_bound,
    plan_test,
    substantiation_plan,
)

from .cases import FIT_CASES, LZ, RW_LR_GROUPS, RW_LR_STRESS, FitCase


def _quantity(res, name: str) -> float:
    if name in res.params:
        return res.params[name]
    if name in ("loglik", "aic", "aicc", "bic"):
        return getattr(res, name)
    if name.startswith("se_"):
        return res.se[name[3:]]
    p, side = name.rsplit("_", 1)
    lo, hi = res.bounds().params[p]
    return lo if side == "lo" else hi


@pytest.mark.parametrize("case", FIT_CASES, ids=lambda c: c.source[:60])
def test_fit_matches_published(case: FitCase) -> None:
    res = fit(**case.inputs)
    for name, expected in case.expected.items():
        got = _quantity(res, name)
        assert got == pytest.approx(expected, rel=case.rtol, abs=case.atol), (case.source, name)


def test_lz_bearings_b10_bounds_independent() -> None:
    """[C] LZ bearings, Weibull MLE η 81.878, β 2.102 (Lawless 2003 prints 81.88, 2.102);
    B10 = η·(−ln 0.9)^(1/β) = 28.069; Fisher bounds = delta method on ln B10 with the inverse
    observed information, LR bounds = profile likelihood of B10 with 2Δℓ = χ²₁ quantile; Fisher 95 % two-sided [18.060, 43.626]; one-sided 90 % lower Fisher 21.04,
    LR 20.20; LR 95 % two-sided [16.288, 40.765]; SE(eta), SE(beta), Cov = 8.60045, 0.32869,
    0.92976 (`reliability` gives identical SEs)."""
    r = fit(LZ)
    assert r.b_life(10) == pytest.approx(28.069, abs=6e-4)
    assert r.b_life_bounds(10, cl=0.95, kind="fisher", sides=2) == pytest.approx((18.060, 43.626), abs=6e-4)
    assert r.b_life_bounds(10, cl=0.9, kind="fisher", sides=1)[0] == pytest.approx(21.04, abs=6e-3)
    assert r.b_life_bounds(10, cl=0.9, kind="lr", sides=1)[0] == pytest.approx(20.20, abs=6e-3)
    assert r.b_life_bounds(10, cl=0.95, kind="lr", sides=2) == pytest.approx((16.288, 40.765), abs=6e-4)
    assert r.se["eta"] == pytest.approx(8.60045, abs=6e-6)
    assert r.se["beta"] == pytest.approx(0.32869, abs=6e-6)
    assert r.cov[0, 1] == pytest.approx(0.92976, abs=6e-6)
    assert r.loglik == pytest.approx(-113.691291, abs=1e-6)


def test_lz_rank_regression() -> None:
    """[C] LZ bearings, least squares with Bernard ranks F = (i − 0.3)/(n + 0.4): RRY (ln(−ln(1−F))
    on ln t) Bernard eta 81.578, beta 2.1812, rho 0.98506; RRX 80.972, 2.2479."""
    y = fit(LZ, method="rry")
    assert (y.params["eta"], y.params["beta"], y.extra["rho"]) == pytest.approx((81.578, 2.1812, 0.98506), abs=6e-4)
    x = fit(LZ, method="rrx")
    assert (x.params["eta"], x.params["beta"]) == pytest.approx((80.972, 2.2479), abs=6e-4)


def test_nist_rrx_and_se() -> None:
    """[C] NIST 8.4.1.3 data, Bernard ranks with n = 20: RRX (ln t on ln(−ln(1−F))) beta=1.62596, eta=601.96; SE(eta)=124.91, SE(beta)=0.50215 (inverse observed information at
    NIST's MLE η 606.53, β 1.7208)."""
    t = [54, 187, 216, 240, 244, 335, 361, 373, 375, 386] + [500] * 10
    s = ["F"] * 10 + ["S"] * 10
    x = fit(t, s, method="rrx")
    assert (x.params["beta"], x.params["eta"]) == pytest.approx((1.62596, 601.96), abs=6e-3)
    m = fit(t, s)
    assert (m.se["eta"], m.se["beta"]) == pytest.approx((124.91, 0.50215), abs=6e-3)


def test_six_units_rrx_exact_ranks() -> None:
    """[C] six-unit data 16, 34, 53, 75, 93, 120 h: RRX with exact median ranks (median of
    Beta(i, n − i + 1): 0.1091 ... 0.8909, as ReliaWiki prints) beta=1.4429, eta=76.082; at the
    MLE, LL = Σ ln f(tᵢ) = -29.585."""
    r = fit([16, 34, 53, 75, 93, 120], method="rrx", ranks="exact")
    assert (r.params["beta"], r.params["eta"]) == pytest.approx((1.4429, 76.082), abs=6e-4)
    assert fit([16, 34, 53, 75, 93, 120]).loglik == pytest.approx(-29.585, abs=6e-4)


def test_reliawiki_confidence_bounds_example() -> None:
    """[C] ReliaWiki 'Confidence Bounds' data, failures 10..50 h (MLE β 2.2938, η 33.9428):
    profile-likelihood bounds with 2Δℓ = χ²₁(0.9) = 2.7055 and log-Wald (Fisher) bounds
    exp(ln θ̂ ± 1.6449·SE/θ̂) from the inverse observed information; 90 % two-sided LR beta [1.1420, 3.9521],
    eta [22.4721, 49.9738]; Fisher beta [1.2493, 4.2116], eta [24.2280, 47.5532]."""
    r = fit([10, 20, 30, 40, 50])
    lr = r.bounds(cl=0.9, kind="lr", sides=2).params
    assert lr["beta"] == pytest.approx((1.1420, 3.9521), abs=6e-5)
    assert lr["eta"] == pytest.approx((22.4721, 49.9738), abs=6e-5)
    fm = r.bounds(cl=0.9, kind="fisher", sides=2).params
    assert fm["beta"] == pytest.approx((1.2493, 4.2116), abs=6e-5)
    assert fm["eta"] == pytest.approx((24.2280, 47.5532), abs=6e-5)


def test_reliawiki_likelihood_ratio_test_equal_shape() -> None:
    """ReliaWiki 'Likelihood Ratio Test Example' (ALTA): T = 0.481 <= chi2(0.9;2) = 4.605;
    [C] MLEs on the same data: common-β model (three η, one β) beta 3.00670, LL -103.29894; separate LLs -33.5172, -37.2811, -32.2601."""
    c = compare([life_data(g) for g in RW_LR_GROUPS], cl=0.9)
    t = c.tests[0]
    assert t.hypothesis == "equal shape"
    assert t.statistic == pytest.approx(0.481, abs=5e-4)
    assert t.critical == pytest.approx(4.605, abs=5e-4)
    assert not t.reject
    assert t.loglik_null == pytest.approx(-103.29894, abs=6e-5)
    assert t.null_params["groups"][0]["beta"] == pytest.approx(3.00670, abs=6e-5)
    assert [f.loglik for f in c.fits] == pytest.approx([-33.5172, -37.2811, -32.2601], abs=6e-5)


def test_reliawiki_arrhenius_weibull() -> None:
    """ReliaWiki Arrhenius-Weibull example: beta=2.965820, B=10,679.567542, C=2.396615e-9."""
    t = functools.reduce(operator.iadd, RW_LR_GROUPS, [])
    v = functools.reduce(operator.iadd, ([s] * len(g) for s, g in zip(RW_LR_STRESS, RW_LR_GROUPS)), [])
    r = fit_alt(t, stress=v, model="arrhenius")
    assert r.params["beta"] == pytest.approx(2.965820, rel=1e-5)
    assert r.params["B"] == pytest.approx(10679.567542, rel=1e-6)
    assert r.params["C"] == pytest.approx(2.396615e-9, rel=1e-5)
    assert r.loglik == pytest.approx(-103.3880, abs=6e-5)


@pytest.mark.parametrize("source,beta,duration,units", [
    ("Wang 'Two useful Weibayes equations' Ex.1", 1.0, 1000, 45),
    ("Wang Ex.2", 1.0, 1500, 30),
    ("Wang Ex.3", 3.0, 1500, 14),
])
def test_wang_weibayes_units(source: str, beta: float, duration: float, units: int) -> None:
    """R = 0.95 at 1000 h, C = 90 %, zero failures."""
    p = plan_test(reliability=0.95, at=1000, confidence=0.9, beta=beta, duration=duration)
    assert p.units == units, source


def test_minitab_substantiation_plan() -> None:
    """Minitab help, Demonstration Test Plan: benchmark Weibull beta=1.3, eta=1000 h; 3 units,
    0 failures, 95 % -> 998.906 h per unit; P(pass) ~ 61 % if the true eta = 4000."""
    p = substantiation_plan(benchmark_beta=1.3, benchmark_eta=1000, confidence=0.95, units=3)
    assert p.duration == pytest.approx(998.906, abs=6e-4)
    assert p.pass_probability(4000) == pytest.approx(0.61, abs=5e-3)


def test_minitab_combustor_one_failure_plan() -> None:
    """Minitab help, combustor example (its answer not quoted here) [C]: B1 >= 2000 cycles,
    beta=3, 8000 cycles/unit, 1 failure allowed, 95 %: p = 1 − 0.99^((8000/2000)³) = 0.47440;
    the smallest n with P(X ≤ 1) = (1−p)^n + n·p·(1−p)^(n−1) ≤ 0.05 is n = 8 (0.04788; n = 7
    gives 0.08109)."""
    assert plan_test(reliability=0.99, at=2000, confidence=0.95, beta=3, duration=8000,
                     failures=1).units == 8


def test_reliability_sample_size_no_failures_docs() -> None:
    """reliability docs sample_size_no_failures: R=0.999, CI=0.95, beta=1; 1 and 3 lifetimes
    -> 2995 and 999 units."""
    assert plan_test(reliability=0.999, at=1, confidence=0.95, beta=1, duration=1).units == 2995
    assert plan_test(reliability=0.999, at=1, confidence=0.95, beta=1, duration=3).units == 999


def test_reliawiki_exponential_demonstration_test() -> None:
    """ReliaWiki 'Exponential Distribution Demonstration Test': R=0.85 at 500 h, CL 90 %,
    f=2: chi2(0.1;6)=10.6446, T_a = 16,374 h."""
    m = -500 / math.log(0.85)
    assert exponential_test_time(mtbf=m, confidence=0.9, failures=2) == pytest.approx(16374, abs=1)


def test_reliability_test_planner_docs() -> None:
    """reliability docs reliability_test_planner: T=19520, F=7, CI=0.8 two-sided ->
    1658.3248534993454; T=10000, F=6, CI=0.8 one-sided -> 1101.8815940201118."""
    assert mtbf_lower_bound(19520, 7, 0.8, sides=2) == pytest.approx(1658.3248534993454, rel=1e-9)
    assert mtbf_lower_bound(10000, 6, 0.8, sides=1) == pytest.approx(1101.8815940201118, rel=1e-9)


ZERO_FAILURE_TABLE = {  # [C] n = ⌈ln(1−C)/(k^β·ln R)⌉, R 0.9, C 0.9: beta -> units for k = 1, 1.5, 2, 3
    1.0: [22, 15, 11, 8], 1.11: [22, 14, 11, 7], 1.5: [22, 12, 8, 5], 2.0: [22, 10, 6, 3],
    3.0: [22, 7, 3, 1]}


@pytest.mark.parametrize("beta", list(ZERO_FAILURE_TABLE))
def test_zero_failure_b10_table(beta: float) -> None:
    """Units to show B10 >= t_R at C=90 %, each run to k*t_R with no failure (Weibayes /
    binomial with zero failures, Abernethy, *The New Weibull Handbook*): e.g. k = 1:
    ln 0.1/ln 0.9 = 21.85 → 22; β 2, k 1.5: 21.85/2.25 = 9.71 → 10."""
    got = [plan_test(reliability=0.9, at=1.0, confidence=0.9, beta=beta, duration=k).units
           for k in (1, 1.5, 2, 3)]
    assert got == ZERO_FAILURE_TABLE[beta]


def test_bootstrap_percentile_interval_is_near_an_independent_run() -> None:
    """[C] an independent percentile bootstrap of the LZ MLE (units resampled, B=10 000, NumPy
    seed 0): 95 % beta [1.723, 3.029],
    B10 [20.33, 41.05]. Different random streams, so only within 5 %."""
    r = fit(LZ, bootstrap=4000, seed=1)
    lo, hi = r.bounds(cl=0.95, kind="bootstrap").params["beta"]
    assert lo == pytest.approx(1.723, rel=0.05) and hi == pytest.approx(3.029, rel=0.05)
    blo, bhi = r.b_life_bounds(10, cl=0.95, kind="bootstrap")
    assert blo == pytest.approx(20.33, rel=0.05) and bhi == pytest.approx(41.05, rel=0.05)
    assert np.isfinite(blo)
