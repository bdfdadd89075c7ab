"""Invariants, robustness on hard data, closed-form checks and clear errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

from keyparts.errors import InputError, InsufficientDataError
from keyparts.life import compare_distributions, fit, fit_weibull_batch, life_data
from keyparts.life.distributions import ls_model
from keyparts.life.planning import weibayes

from .cases import LZ


def _weibull_negll(p, t, failed):
    """Independent hand-written Weibull log-likelihood (Nelson 1982 ch. 8 eq. 3.1)."""
    beta, eta = np.exp(p)
    z = t / eta
    return -(np.sum(np.log(beta / eta) + (beta - 1) * np.log(z[failed])) - np.sum(z**beta))


@settings(max_examples=60, deadline=None)
@given(k=st.floats(1e-3, 1e9), seed=st.integers(0, 10_000), n=st.integers(5, 60),
       cens=st.floats(0.0, 0.7))
def test_scaling_times_by_k_scales_eta_by_k_and_keeps_beta(k, seed, n, cens) -> None:
    rng = np.random.default_rng(seed)
    t = rng.weibull(1.7, n) * 100 + 0.01
    failed = rng.random(n) >= cens
    if failed.sum() < 2 or np.ptp(t[failed]) == 0:
        failed[:2] = True
    a = fit(t, failed)
    b = fit(t * k, failed)
    assert b.params["beta"] == pytest.approx(a.params["beta"], rel=1e-9)
    assert b.params["eta"] == pytest.approx(k * a.params["eta"], rel=1e-9)
    assert b.b_life_bounds(10) == pytest.approx(tuple(k * x for x in a.b_life_bounds(10)), rel=1e-6)


@pytest.mark.parametrize("k", [1e-3, 1e-1, 1.0, 1e3, 1e6, 1e9])
@pytest.mark.parametrize("dist", ["weibull2p", "lognormal", "loglogistic", "normal", "gamma"])
def test_fits_converge_on_data_scaled_from_1e_minus3_to_1e9(k: float, dist: str) -> None:
    """Same shape, scale ∝ k; LZ bearing data with 5 suspensions added."""
    t = np.array(LZ + [60.0, 90, 120, 150, 180])
    s = ["F"] * 23 + ["S"] * 5
    ref = fit(t, s, dist=dist)
    r = fit(t * k, s, dist=dist)
    for name, v in ref.params.items():
        scaled = name in ("eta", "alpha") or (dist == "normal")
        expect = v * k if scaled else (v + math.log(k) if name == "mu" else v)
        assert r.params[name] == pytest.approx(expect, rel=1e-6, abs=1e-9), (name, k)


def test_99_percent_censored_data_converge_to_the_maximum() -> None:
    """10 failures among 1000 units (99 % censored); the optimum beats Nelder-Mead on an
    independent log-likelihood and its gradient vanishes."""
    rng = np.random.default_rng(3)
    t = rng.weibull(2.0, 1000) * 1000
    c = np.quantile(t, 0.01)
    failed = t <= c
    t = np.where(failed, t, c * 1.5)
    failed[np.argsort(t)[:10]] = True
    r = fit(t, failed)
    assert r.failures == 10
    p = np.log([r.params["beta"], r.params["eta"]])
    nm = optimize.minimize(_weibull_negll, p + 0.1, args=(t, failed), method="Nelder-Mead",
                           options={"xatol": 1e-12, "fatol": 1e-12, "maxiter": 10000})
    assert -r.loglik <= nm.fun + 1e-9
    assert np.abs(optimize.approx_fprime(p, _weibull_negll, 1e-7, t, failed)).max() < 1e-3


def test_3_failures_and_1000_suspensions_converge() -> None:
    t = np.r_[[120.0, 340.0, 610.0], np.full(1000, 700.0)]
    failed = np.r_[[True] * 3, [False] * 1000]
    r = fit(t, failed)
    p = np.log([r.params["beta"], r.params["eta"]])
    g = optimize.approx_fprime(p, _weibull_negll, 1e-7, t, failed)
    assert np.abs(g).max() < 1e-4
    assert r.params["eta"] > 700


def test_profile_root_and_mu_sigma_newton_agree() -> None:
    """Weibull 2P: the closed-form profile root and the general (μ, σ) trust-region Newton
    (used for interval data) find the same maximum."""
    t = np.array(LZ)
    data = life_data(t, ["F"] * 20 + ["S"] * 3)
    r = fit(data)
    m = ls_model("weibull2p", data)
    th, _ = m.ls.maximise()
    beta, eta = m.params(th)
    assert beta == pytest.approx(r.params["beta"], rel=1e-7)
    assert eta == pytest.approx(r.params["eta"], rel=1e-7)


def test_one_failure_raises_insufficient_data_suggesting_weibayes() -> None:
    """lifelines #533 data: 1 failure among 5 units."""
    with pytest.raises(InsufficientDataError, match="(?i)weibayes"):
        fit([13467, 13760, 12011, 7798, 7928], [0, 1, 0, 0, 0])


def test_failures_all_at_the_longest_time_raise() -> None:
    with pytest.raises(InsufficientDataError, match="(?i)weibayes"):
        fit([50.0, 50.0, 10.0], ["F", "F", "S"])


def test_bad_inputs_name_the_field() -> None:
    with pytest.raises(InputError, match="status"):
        fit([1.0, 2.0], ["F", "X"])
    with pytest.raises(InputError, match="time_upper"):
        fit([5.0, 6.0, 7.0], ["I", "F", "F"], time_upper=[4.0, np.nan, np.nan])
    with pytest.raises(InputError, match="dist"):
        fit(LZ, dist="weibul")
    with pytest.raises(InputError, match="cl"):
        fit(LZ).bounds(cl=1.2)
    with pytest.raises(InputError, match="rank regression"):
        fit([10.0, 11, 21], ["L", "F", "F"], method="rrx")


def test_closed_form_mles_for_complete_data() -> None:
    """Complete data: lognormal μ = mean ln t, σ² = mean (ln t − μ)²; normal likewise on t;
    exponential λ = n / Σt (Lawless 2003, §4.1, §5.1)."""
    t = np.array(LZ)
    ln = np.log(t)
    r = fit(t, dist="lognormal")
    assert r.params["mu"] == pytest.approx(ln.mean(), rel=1e-8)
    assert r.params["sigma"] == pytest.approx(ln.std(), rel=1e-7)
    r = fit(t, dist="normal")
    assert (r.params["mu"], r.params["sigma"]) == pytest.approx((t.mean(), t.std()), rel=1e-7)
    r = fit(t, dist="exponential1p")
    assert r.params["lambda"] == pytest.approx(t.size / t.sum(), rel=1e-8)
    # right-censored exponential: λ = r / total time on test
    s = ["F"] * 20 + ["S"] * 3
    assert fit(t, s, dist="exponential1p").params["lambda"] == pytest.approx(20 / t.sum(), rel=1e-8)


def test_gamma_and_loglogistic_match_scipy_complete_data_mle() -> None:
    """scipy.stats.gamma.fit / fisk.fit with loc fixed at 0 (independent optimiser)."""
    t = np.array(LZ)
    a, _, scale = stats.gamma.fit(t, floc=0)
    r = fit(t, dist="gamma")
    assert (r.params["beta"], r.params["alpha"]) == pytest.approx((a, scale), rel=1e-4)
    c, _, scale = stats.fisk.fit(t, floc=0)
    r = fit(t, dist="loglogistic")
    assert (r.params["beta"], r.params["alpha"]) == pytest.approx((c, scale), rel=1e-4)


def test_three_parameter_fits_never_have_lower_likelihood_than_nested_two_parameter() -> None:
    t = np.array(LZ)
    assert fit(t, dist="weibull3p").loglik >= fit(t).loglik - 1e-9
    assert fit(t, dist="exponential2p").loglik >= fit(t, dist="exponential1p").loglik - 1e-9
    assert fit(t, dist="weibull3p").params["gamma"] < t.min()


def test_compare_distributions_sorted_by_aicc() -> None:
    """LZ bearings: all eight distributions have a maximum; ranked by increasing AICc."""
    res = compare_distributions(LZ)
    aicc = [r.aicc for r in res.fits]
    assert aicc == sorted(aicc) and len(res.fits) == 8 and res.not_ranked == {}
    assert res.best is res.fits[0]


def test_batch_equals_scalar_fits() -> None:
    rng = np.random.default_rng(7)
    t = rng.weibull(1.5, (50, 20)) * 300
    failed = rng.random((50, 20)) > 0.3
    b = fit_weibull_batch(t, failed)
    for i in (0, 17, 49):
        r = fit(t[i], failed[i])
        assert b.beta[i] == pytest.approx(r.params["beta"], rel=1e-9)
        assert b.eta[i] == pytest.approx(r.params["eta"], rel=1e-9)
        assert b.se_beta[i] == pytest.approx(r.se["beta"], rel=1e-6)
        assert b.loglik[i] == pytest.approx(r.loglik, rel=1e-9)


def test_one_sided_bound_is_tighter_than_two_sided_at_same_cl() -> None:
    r = fit(LZ)
    for kind in ("fisher", "lr"):
        lo1, _ = r.b_life_bounds(10, cl=0.9, kind=kind, sides=1)
        lo2, hi2 = r.b_life_bounds(10, cl=0.9, kind=kind, sides=2)
        assert lo2 < lo1 < r.b_life(10) < hi2


def test_reliability_bounds_contain_the_estimate_and_mirror_b_life() -> None:
    """R(B10) = 0.9; the R bounds at t = B10 straddle 0.9 (Fisher and LR)."""
    r = fit(LZ)
    t10 = r.b_life(10)
    assert r.reliability(t10) == pytest.approx(0.9, rel=1e-12)
    for kind in ("fisher", "lr"):
        lo, hi = r.reliability_bounds(t10, cl=0.9, kind=kind)
        assert lo < 0.9 < hi


def test_reliability_bounds_at_50_match_independent_computation() -> None:
    """LZ bearings (Lieblein & Zelen 1956), R(50) bounds at 90 %, computed for this review with scipy only:
    Fisher: u = β(ln t − ln η), Var u = L²·Var β + (β/η)²·Var η − 2L(β/η)·Cov, L = ln(50/η̂), with
    η̂ 81.878335, β̂ 2.102059, SE(β) 0.328687, SE(η) 8.600445, Cov 0.929762 (observed information);
    R = exp(−exp(u ± z·√Var u)) → two-sided [0.551933, 0.809312], one-sided [0.588452, 0.788886].
    LR: profile over β with η = 50/(−ln R)^{1/β}, 2Δℓ = χ²₁(0.9) = 2.705543 → [0.563035, 0.815658]."""
    r = fit(LZ)
    assert r.reliability_bounds(50.0, cl=0.9, kind="fisher", sides=2) == pytest.approx((0.551933, 0.809312), abs=2e-6)
    assert r.reliability_bounds(50.0, cl=0.9, kind="fisher", sides=1) == pytest.approx((0.588452, 0.788886), abs=2e-6)
    assert r.reliability_bounds(50.0, cl=0.9, kind="lr", sides=2) == pytest.approx((0.563035, 0.815658), abs=2e-6)


def test_weibayes_zero_failures_equals_hand_formula() -> None:
    """Abernethy §6: η_C = (Σt^β / −ln(1−C))^{1/β}; 5 units × 1000 h, β=2, C=0.9:
    (5e6/2.302585)^(1/2) = 1473.6 h."""
    w = weibayes([1000.0] * 5, [0] * 5, beta=2.0, confidence=0.9)
    assert w.eta_lower == pytest.approx(math.sqrt(5e6 / math.log(10)), rel=1e-12)
    assert w.eta_lower == pytest.approx(1473.6, abs=0.05)


def test_interval_weibull_to_dict_contract_is_json_ready() -> None:
    """JMP grouped data (via lifelines issue #1250), default Weibull: 100 units, 99 failures (left + interval)."""
    d = fit([10, 11, 21, 26, 31], ["L", "I", "I", "I", "S"],
            time_upper=[np.nan, 20, 25, 30, np.nan], count=[50, 25, 15, 9, 1]).to_dict()
    for key in ("distribution", "method", "n", "failures", "params", "loglik", "aicc", "bic",
                "se", "bounds", "b10", "b10_bounds"):
        assert key in d
    assert d["n"] == 100 and d["failures"] == 99
    assert set(d["bounds"]) >= {"cl", "method", "params"}
    import json
    json.dumps(d)


def test_lr_bounds_requested_for_gamma_or_rank_regression_fail_at_fit_time() -> None:
    with pytest.raises(InputError, match="likelihood-ratio"):
        fit(LZ, dist="gamma", bounds="lr")
    with pytest.raises(InputError, match="mle"):
        fit(LZ, method="rrx", bounds="lr")
    with pytest.raises(InputError, match="mle"):
        fit(LZ, method="rrx").bounds(kind="lr")


def test_suspensions_at_time_zero_carry_no_information() -> None:
    """Units suspended at t = 0 leave the Weibull and lognormal MLEs unchanged (their
    likelihood factor S(0) = 1) but count in n."""
    base = [10.0, 20, 30, 40, 50]
    for dist in ("weibull2p", "lognormal"):
        a = fit(base, dist=dist)
        b = fit([0.0, 0.0, *base], ["S", "S"] + ["F"] * 5, dist=dist)
        assert b.n == 7
        for k, v in a.params.items():
            assert b.params[k] == pytest.approx(v, rel=1e-7)


def _scipy_negll(p, dist, t, failed):
    """Independent censored log-likelihood from scipy.stats (lognorm / fisk)."""
    if dist == "lognormal":
        d = stats.lognorm(s=np.exp(p[1]), scale=np.exp(p[0]))
    else:
        d = stats.fisk(c=np.exp(-p[1]), scale=np.exp(p[0]))
    return -(d.logpdf(t[failed]).sum() + d.logsf(t[~failed]).sum())


@pytest.mark.parametrize("dist", ["lognormal", "loglogistic"])
@pytest.mark.parametrize("case", ["99% censored", "3 failures + 1000 suspensions"])
def test_location_scale_fits_converge_on_hard_censoring(dist: str, case: str) -> None:
    """The optimum is at least as good as Nelder-Mead on scipy.stats' likelihood."""
    if case == "99% censored":
        rng = np.random.default_rng(5)
        t = rng.lognormal(6.0, 1.0, 1000)
        c = np.sort(t)[9]
        failed = t <= c
        t = np.where(failed, t, c * 1.2)
    else:
        t = np.r_[[120.0, 340.0, 610.0], np.full(1000, 700.0)]
        failed = np.r_[[True] * 3, [False] * 1000]
    r = fit(t, failed, dist=dist)
    if dist == "lognormal":
        p = np.array([r.params["mu"], np.log(r.params["sigma"])])
    else:
        p = np.array([np.log(r.params["alpha"]), -np.log(r.params["beta"])])
    nm = optimize.minimize(_scipy_negll, p + 0.05, args=(dist, t, failed), method="Nelder-Mead",
                           options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000})
    assert -r.loglik <= nm.fun + 1e-7
    assert r.loglik == pytest.approx(-_scipy_negll(p, dist, t, failed), rel=1e-10)
