"""ALT, comparison, qualification, Weibayes, exponential LR bounds, plots."""

from __future__ import annotations

import functools
import math
import operator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keyparts.errors import InputError, InsufficientDataError
from keyparts.life import compare, fit, fit_alt, life_data, qualify, weibayes
from keyparts.life.plots import probability_plot

from .cases import LZ, NIST_S, NIST_T, RW_LR_GROUPS


def _ipl_data(seed: int = 0, n_per: int = 8):
    """Simulated bearing endurance at 3 loads with η ∝ P^-3 (ISO 281 ball-bearing exponent)."""
    rng = np.random.default_rng(seed)
    loads = np.repeat([8.0, 10.0, 12.5], n_per)
    eta = 1000.0 * (10.0 / loads) ** 3
    return rng.weibull(1.5, loads.size) * eta, loads


@settings(max_examples=30, deadline=None)
@given(p1=st.floats(1.0, 20.0), ratio=st.floats(1.05, 5.0))
def test_life_falls_as_load_rises_ipl(p1: float, ratio: float) -> None:
    t, v = _ipl_data()
    r1 = fit_alt(t, stress=v, model="ipl", use_stress=p1)
    r2 = fit_alt(t, stress=v, model="ipl", use_stress=p1 * ratio)
    assert r2.b10_use < r1.b10_use


def test_ipl_fixed_exponent_matches_hand_transformation() -> None:
    """With n fixed, IPL-Weibull is a Weibull fit of t·V^n (all loads share one η·V^n):
    K = 1/(η' ) with η' the Weibull scale of t·V^3 (ReliaWiki IPL: L = 1/(K V^n))."""
    t, v = _ipl_data(1)
    r = fit_alt(t, stress=v, model="ipl", exponent=3.0)
    w = fit(t * v**3)
    assert r.params["beta"] == pytest.approx(w.params["beta"], rel=1e-6)
    assert r.params["K"] == pytest.approx(1.0 / w.params["eta"], rel=1e-6)
    assert r.params["n"] == 3.0 and r.exponent_fixed


def test_ipl_estimated_exponent_near_true_value_on_large_sample() -> None:
    t, v = _ipl_data(2, n_per=400)
    r = fit_alt(t, stress=v, model="ipl")
    assert r.params["n"] == pytest.approx(3.0, abs=0.25)
    assert r.params["beta"] == pytest.approx(1.5, abs=0.1)


def test_arrhenius_lognormal_equals_least_squares_on_complete_data() -> None:
    """Nelson 1990 'Accelerated Testing' ch. 4: with complete data the Arrhenius-lognormal MLE
    is the least-squares line ln t = ln C + B/V, σ² = RSS/n (ML divisor). On the ReliaWiki
    likelihood-ratio example data numpy.polyfit gives B = 10 319.60, C = 4.70618e-9, σ = 0.392769; the median life at
    350 K is exp(ln C + B/350) = 30 037 h (independent computation, this review)."""
    t = functools.reduce(operator.iadd, RW_LR_GROUPS, [])
    v = [406.0] * 5 + [416.0] * 6 + [426.0] * 6
    r = fit_alt(t, stress=v, model="arrhenius", dist="lognormal", use_stress=350)
    x, y = 1 / np.array(v), np.log(t)
    B, lnC = np.polyfit(x, y, 1)
    sigma = float(np.sqrt(np.mean((y - lnC - B * x) ** 2)))
    assert B == pytest.approx(10319.60, abs=0.01)
    assert r.params["B"] == pytest.approx(B, rel=1e-7)
    assert r.params["C"] == pytest.approx(math.exp(lnC), rel=1e-6)
    assert r.params["sigma"] == pytest.approx(sigma, rel=1e-7)
    assert r.life_use == pytest.approx(math.exp(lnC + B / 350), rel=1e-6)


def test_alt_input_errors() -> None:
    with pytest.raises(InputError, match="stress"):
        fit_alt([1.0, 2.0, 3.0], stress=None)
    with pytest.raises(InsufficientDataError, match="stress levels"):
        fit_alt([1.0, 2.0, 3.0], stress=[5.0, 5.0, 5.0])
    with pytest.raises(InputError, match="model"):
        fit_alt([1.0, 2.0, 3.0], stress=[5.0, 6.0, 7.0], model="eyring")


def test_two_sample_lr_tests_degrees_of_freedom_and_identical_samples() -> None:
    """Two identical samples: both statistics are 0 (the pooled fit is each fit)."""
    c = compare([life_data(LZ), life_data(LZ)])
    assert [t.df for t in c.tests] == [1, 2]
    assert c.tests[0].statistic == pytest.approx(0.0, abs=1e-7)
    assert c.tests[1].statistic == pytest.approx(0.0, abs=1e-7)
    assert not any(t.reject for t in c.tests)


def test_qualification_against_benchmark_fit() -> None:
    """Substitute = LZ bearings (B10 LR 90 % lower 20.20 [C], see
    test_validation.py::test_lz_bearings_b10_bounds_independent); a benchmark whose
    B10 is below 20.20 is reached, one above is not."""
    sub = fit(LZ)
    low = fit([x * 0.6 for x in LZ])   # B10 = 0.6 × 28.07 = 16.8
    high = fit([x * 0.8 for x in LZ])  # B10 = 22.5
    assert qualify(sub, benchmark=low).passed
    v = qualify(sub, benchmark=high)
    assert not v.passed and v.substitute_b_lower == pytest.approx(20.20, abs=6e-3)
    assert any("FAIL" in line for line in v.reasoning)
    with pytest.raises(InputError):
        qualify(sub)


@pytest.mark.parametrize("required", [0.0, -20.0, float("nan")])
def test_zero_or_negative_required_life_is_refused(required: float) -> None:
    """A required B10 of 0 or below is no requirement: any fit would 'PASS' it, so it is refused."""
    with pytest.raises(InputError, match="required"):
        qualify(fit(LZ), required=required)


def test_weibayes_with_failures_hand_calculation() -> None:
    """Nelson 1985: η = (Σt^β/r)^{1/β}; η_L = (2Σt^β/χ²(C;2r+2))^{1/β}. Times 100, 200 (F),
    300, 300 (S), β = 2: Σt² = 230 000, r = 2 → η = 339.1165; χ²(0.9;6) = 10.6446 →
    η_L = (460 000/10.6446)^{1/2} = 207.88."""
    w = weibayes([100, 200, 300, 300], ["F", "F", "S", "S"], beta=2.0, confidence=0.9)
    assert w.eta == pytest.approx(math.sqrt(115000), rel=1e-12)
    assert w.eta_lower == pytest.approx(207.88, abs=0.01)


def test_exponential_lr_bounds_satisfy_the_chi_square_drop() -> None:
    """ℓ(λ) = r ln λ − λT (Lawless 2003 §3.1): at each LR bound, 2[ℓ(λ̂) − ℓ(λ)] = χ²₁(0.9)."""
    r = fit(NIST_T, NIST_S, dist="exponential1p", bounds="lr")
    T, k = float(sum(NIST_T)), 10
    lam = k / T
    ll = lambda x: k * math.log(x) - x * T
    lo, hi = r.bounds(cl=0.9).params["lambda"]
    for b in (lo, hi):
        assert 2 * (ll(lam) - ll(b)) == pytest.approx(2.705543454, rel=1e-6)


def test_lognormal_interval_data_lr_bounds_bracket_estimate() -> None:
    r = fit([10, 11, 21, 26, 31], ["L", "I", "I", "I", "S"], dist="lognormal",
            time_upper=[np.nan, 20, 25, 30, np.nan], count=[50, 25, 15, 9, 1])
    for kind in ("fisher", "lr"):
        for name, (lo, hi) in r.bounds(cl=0.9, kind=kind).params.items():
            assert lo < r.params[name] < hi


@pytest.mark.parametrize("dist,ext", [("weibull2p", "svg"), ("lognormal", "png")])
def test_probability_plot_files(tmp_path: Path, dist: str, ext: str) -> None:
    data = life_data(NIST_T, NIST_S)
    out = probability_plot(fit(data, dist=dist), data, str(tmp_path / f"p.{ext}"))
    head = Path(out).read_bytes()[:200]
    assert (b"<svg" in head or b"<?xml" in head) if ext == "svg" else head.startswith(b"\x89PNG")
    with pytest.raises(InputError):
        probability_plot(fit(data), data, str(tmp_path / "p.jpg"))
