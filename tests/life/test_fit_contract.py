"""Issue 17 (life data): no-maximum data refuse clearly, RR bounds convention, gamma information,
notes, array arguments, pickling and process pools."""

from __future__ import annotations

import math
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from scipy import optimize, special
from typer.testing import CliRunner

from keyparts.cli import app
from keyparts.life import DISTRIBUTIONS, compare_distributions, fit, life_data
from keyparts.life.distributions import NoMaximumError

from .cases import LZ, NIST_S, NIST_T
from .test_cli import _csv

TWO_PLUS = [d for d in DISTRIBUTIONS if d != "exponential1p"]


@pytest.mark.parametrize("dist", TWO_PLUS)
def test_identical_failure_times_have_no_maximum(dist: str) -> None:
    """Five failures at 100 h: for σ → 0 the density at 100 grows like 1/σ, so ℓ → +∞ and
    there is no MLE (before the fix lognormal returned σ ≈ 3e-14 with ℓ = +127)."""
    with pytest.raises(NoMaximumError, match="no maximum.*same time 100"):
        fit([100.0] * 5, dist=dist)


@pytest.mark.parametrize("dist", ["weibull2p", "lognormal", "normal", "loglogistic", "gamma"])
def test_failures_in_one_common_interval_have_no_maximum(dist: str) -> None:
    """All five failures in (10, 20] and no survivor beyond: any model concentrated in
    (10, 20] reaches likelihood → 1, which no finite σ attains."""
    with pytest.raises(NoMaximumError, match=r"common interval \(10, 20\]"):
        fit([10.0] * 5, ["I"] * 5, time_upper=[20.0] * 5, dist=dist)


@pytest.mark.parametrize("dist", ["weibull2p", "lognormal", "normal", "loglogistic", "gamma"])
def test_a_unit_surviving_beyond_tied_failures_identifies_the_spread(dist: str) -> None:
    """Failures at 100 and a suspension at 150: a vanishing σ would make S(150) → 0, so the
    maximum is interior and every SE is finite."""
    r = fit([100.0] * 5 + [150.0], ["F"] * 5 + ["S"], dist=dist)
    assert all(math.isfinite(v) and v > 0 for v in r.se.values())


def test_cli_no_maximum_exits_2_with_one_line(tmp_path: Path) -> None:
    f = _csv(tmp_path / "tied.csv", [100.0] * 5)
    r = CliRunner().invoke(app, ["life", "fit", str(f), "--dist", "lognormal", "--at", "90"])
    assert r.exit_code == 2
    assert "no maximum" in r.output and "Traceback" not in r.output


T_DECREASING = [1.0, 2, 4, 8, 16, 32, 64, 128]


def _weibull3p_loglik(beta: float, eta: float, gamma: float, t: np.ndarray) -> float:
    """Hand log-likelihood of exact failures (Lawless 2003 eq. 4.1.1 with t − γ)."""
    z = (t - gamma) / eta
    return float(np.sum(np.log(beta / eta) + (beta - 1) * np.log(z) - z**beta))


def test_weibull3p_without_interior_maximum_is_reported_and_never_ranked() -> None:
    """Doubling failure times 1, 2, …, 128 h (a falling hazard, β̂₂ₚ ≈ 0.6). For β < 1 the
    first failure contributes (β − 1) ln(t₁ − γ) → +∞ as γ → t₁ = 1 while the other terms stay
    finite, so the 3P likelihood is unbounded (Smith 1985, Biometrika 72:67–90): at β = 0.5,
    η = 10 the hand log-likelihood rises as γ = 1 − 1e-2, 1e-4, 1e-8. The profile search
    ends at t₁ with β < 1: no maximum, listed with its reason, absent from the ranking."""
    t = np.array(T_DECREASING)
    ll = [_weibull3p_loglik(0.5, 10.0, 1 - e, t) for e in (1e-2, 1e-4, 1e-8)]
    assert ll[0] < ll[1] < ll[2]
    with pytest.raises(NoMaximumError, match="no maximum.*first failure 1"):
        fit(t, dist="weibull3p")
    ranking = compare_distributions(t)
    assert "weibull3p" not in [f.distribution for f in ranking.fits]
    assert "no maximum" in ranking.not_ranked["weibull3p"]
    aicc = [f.aicc for f in ranking.fits]
    assert aicc == sorted(aicc) and len(ranking.fits) == len(DISTRIBUTIONS) - 1
    d = ranking.to_dict()
    assert d["ranked"][0]["rank"] == 1
    why = ranking.not_ranked["weibull3p"]
    assert d["not_ranked"] == [{"distribution": "weibull3p", "reason": why}]


def test_gamma_se_at_shape_374_equal_the_analytic_information() -> None:
    """Nine failures 920, 940, …, 1080 h. Complete-data gamma MLE (Choi & Wette 1969):
    k̂ solves ln k − ψ(k) = ln x̄ − mean ln x (x̄ = 1000) → k̂ ≈ 374.28, θ̂ = x̄/k̂. The
    information n·[[ψ'(k), 1/θ], [1/θ, k/θ²]] inverts to Var k̂ = k/[n(kψ'(k) − 1)],
    Var θ̂ = θ²ψ'(k)/[n(kψ'(k) − 1)], Cov = −θ/[n(kψ'(k) − 1)]. The former numerical Hessian
    was off by ~6e-6 relative here (0.5 % on other data)."""
    t = np.arange(920.0, 1081.0, 20.0)
    n = t.size
    A = math.log(t.mean()) - float(np.log(t).mean())
    k = optimize.brentq(lambda x: math.log(x) - special.digamma(x) - A, 1.0, 1e6, xtol=1e-12)
    th = t.mean() / k
    d = n * (k * special.polygamma(1, k) - 1)
    r = fit(t, dist="gamma")
    assert k == pytest.approx(374.28, abs=0.01)
    assert (r.params["beta"], r.params["alpha"]) == pytest.approx((k, th), rel=1e-9)
    assert r.se["beta"] == pytest.approx(math.sqrt(k / d), rel=1e-8)
    assert r.se["alpha"] == pytest.approx(math.sqrt(th**2 * special.polygamma(1, k) / d), rel=1e-8)
    assert r.cov[0, 1] == pytest.approx(-th / d, rel=1e-8)


def test_gamma_early_suspension_leaves_fit_and_information_unchanged() -> None:
    """A unit suspended at 100 h, long before the failures (S(100) = 1 − P(374, 100/2.67)
    ≈ 1 − 1e-200): its term ln S adds nothing, so the censored path (numerical maximisation,
    analytic exact part + numerical censored part of the information) must give the
    complete-data fit and SEs of the test above, within the optimiser's tolerance."""
    t = np.arange(920.0, 1081.0, 20.0)
    a = fit(t, dist="gamma")
    b = fit(np.r_[t, 100.0], ["F"] * t.size + ["S"], dist="gamma")
    assert b.params["beta"] == pytest.approx(a.params["beta"], rel=1e-5)
    assert b.se["beta"] == pytest.approx(a.se["beta"], rel=1e-4)
    assert b.se["alpha"] == pytest.approx(a.se["alpha"], rel=1e-4)


def test_rank_regression_bounds_use_the_local_fisher_matrix_in_beta_eta() -> None:
    """Convention: Weibull++ (ReliaWiki 'Weibull Confidence Bounds', 'Fisher Matrix Confidence
    Bounds and Regression Analysis') — the local Fisher matrix of the likelihood in (β, η) at
    the regression estimates. Hand computation, six failures 16, 34, 53, 75, 93, 120 h
    (Kececioglu), RRX Bernard: β = 1.439663, η = 76.10960. Nelson 1982 ch. 8 second
    derivatives with z = t/η, r = 6: −ℓ_ηη = −(β/η²)(r − (β+1)Σz^β) = 1.693858e-3,
    −ℓ_ββ = r/β² + Σz^β ln²z = 3.886895, −ℓ_ηβ = r/η − Σz^β(1 + β ln z)/η = 4.066471e-4;
    inverse → SE(η) = 24.29780, SE(β) = 0.5072290, Cov = −0.06176590. B10 = η(−ln 0.9)^{1/β}
    = 15.94354; delta method on ln t₁₀ (gradient (1/η, −ln(−ln 0.9)/β²)), 90 % two-sided
    → [5.608440, 45.32392]. Cross-check: `reliability` 0.9 Fit_Weibull_2P(method='RRX') gives
    the same SEs and B10 bounds to 1e-9."""
    r = fit([16, 34, 53, 75, 93, 120], method="rrx")
    assert (r.params["beta"], r.params["eta"]) == pytest.approx((1.439663, 76.10960), rel=1e-6)
    assert r.se["eta"] == pytest.approx(24.29780, rel=1e-6)
    assert r.se["beta"] == pytest.approx(0.5072290, rel=1e-6)
    assert r.cov[0, 1] == pytest.approx(-0.06176590, rel=1e-6)
    assert r.b_life(10) == pytest.approx(15.94354, rel=1e-6)
    assert r.b_life_bounds(10, cl=0.9, sides=2) == pytest.approx((5.608440, 45.32392), rel=1e-6)
    assert any("ReliaWiki" in n for n in r.notes)


def test_normal_left_censored_rows_state_the_choice_in_notes() -> None:
    """Under the normal a left-censored row (0, u] is taken as (−∞, u]; the note gives
    P(T ≤ 0) = Φ(−μ/σ) from the fitted parameters."""
    r = fit([20.0, 30, 40, 50, 60], ["L", "F", "F", "F", "S"], time_upper=[20.0] + [np.nan] * 4,
            dist="normal")
    p0 = special.ndtr(-r.params["mu"] / r.params["sigma"])
    (note,) = r.notes
    assert "(-inf, u]" in note and f"{p0:.3g}" in note
    assert r.to_dict()["notes"] == [note]
    assert fit(LZ, dist="normal").notes == ()


@pytest.mark.parametrize("dist", DISTRIBUTIONS)
def test_quantile_and_reliability_take_arrays(dist: str) -> None:
    """R(t_F) = 1 − F elementwise; an array gives what the scalars give."""
    r = fit(NIST_T, NIST_S, dist=dist)
    F = np.array([0.01, 0.1, 0.5, 0.9])
    q = r.quantile(F)
    assert isinstance(q, np.ndarray) and q.shape == (4,)
    assert q == pytest.approx([r.quantile(float(f)) for f in F], rel=1e-12)
    assert r.reliability(q) == pytest.approx(1 - F, rel=1e-9)
    assert r.b_life([1, 10]) == pytest.approx(q[:2], rel=1e-12)
    assert isinstance(r.reliability(100.0), float)


def test_weibull_arrays_match_the_hand_formula() -> None:
    """t_F = η(−ln(1 − F))^{1/β}, R(t) = exp(−(t/η)^β)."""
    r = fit(LZ)
    b, e = r.params["beta"], r.params["eta"]
    F = np.array([0.1, 0.5])
    assert r.quantile(F) == pytest.approx(e * (-np.log1p(-F)) ** (1 / b), rel=1e-12)
    t = np.array([[10.0, 50.0], [100.0, 200.0]])
    assert r.reliability(t) == pytest.approx(np.exp(-((t / e) ** b)), rel=1e-12)


def _fits() -> list:
    t, s = LZ + [60.0, 90, 120], ["F"] * 23 + ["S"] * 3
    out = [fit(t, s, dist=d) for d in DISTRIBUTIONS]
    out += [fit(t, s, method="rrx"), fit(t, s, dist="lognormal", bounds="lr"),
            fit(t, s, bootstrap=200, seed=3, bounds="bootstrap")]
    return out


def test_every_fit_result_pickles_with_the_same_to_dict() -> None:
    for r in _fits():
        back = pickle.loads(pickle.dumps(r))
        assert back.to_dict() == r.to_dict(), r.distribution
        assert back.b_life_bounds(10, kind="fisher") == r.b_life_bounds(10, kind="fisher")


def test_fits_run_in_a_process_pool() -> None:
    """Arguments and results cross process boundaries (a spawned worker imports only
    keyparts.life, as a Dask worker would)."""
    jobs = [(NIST_T, NIST_S, "weibull2p"), (LZ, None, "gamma"), (LZ, None, "weibull3p")]
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as ex:
        remote = [f.result() for f in [ex.submit(fit, t, s, dist=d) for t, s, d in jobs]]
    assert [r.to_dict() for r in remote] == [fit(t, s, dist=d).to_dict() for t, s, d in jobs]


@pytest.mark.parametrize("times,status", [([100, 100, 100, 200], "FFFS"), ([100, 100, 100, 300, 400], "FFFSS"),
                                          ([50, 100, 100, 100, 200], "SFFFS")])
def test_weibull3p_with_all_failures_at_one_time_has_no_maximum(times, status):
    """Failures all at t = 100 h, a unit surviving beyond. Weibull 3P: as γ → 100 every failure
    sits at t − γ → 0, where the density (β/η)((t − γ)/η)^(β−1) has no bound for β < 1, so the
    likelihood has no maximum (Smith 1985). It used to end in a ZeroDivisionError (the shape
    underflowed to 0); now a NoMaximumError, and compare_distributions ranks the others."""
    data = life_data(times, list(status))
    with pytest.raises(NoMaximumError, match="all failures end at 100"):
        fit(data, dist="weibull3p")
    ranking = compare_distributions(data)
    assert "weibull3p" in ranking.not_ranked and "weibull3p" not in [f.distribution for f in ranking.fits]
    assert "weibull2p" in [f.distribution for f in ranking.fits]
