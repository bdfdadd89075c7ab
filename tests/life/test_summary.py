"""Fit-all ranking by AICc, B-life / R(t) tables with bounds, and the probability plot's data
(failures, suspensions, fitted line) — against hand calculations and published fits."""

from __future__ import annotations

import math

import numpy as np
import pytest

from keyparts.life import compare_distributions, fit, life_data
from keyparts.life.plots import plot_data
from keyparts.life.summary import life_table
from tests.life.cases import LZ

# 9 failures and one suspension at 154 (tests/web/test_browser.py LIFE_CSV)
T9 = [72.0, 82, 97, 103, 113, 117, 126, 127, 139, 154]
S9 = ["F"] * 9 + ["S"]


def test_fit_all_ranks_lieblein_zelen_by_aicc_as_hand_calculated():
    """Lieblein & Zelen (1956) ball-bearing endurance, 23 failures in Mrev (Lawless 2003,
    Example 5.2.2: Weibull MLE β = 2.102, η = 81.88 Mrev).

    Exponential (k = 1), closed form: λ = n/Σt, ℓ = n·ln λ − n (Σt = 1661.16, n = 23):
    ℓ = 23·ln(23/1661.16) − 23 = −121.435; AICc = 2 − 2ℓ + 2·1·2/(23−2) = 245.06.
    Weibull 2P (k = 2) at Lawless's estimates: ℓ = Σ[ln β − β ln η + (β−1) ln t − (t/η)^β]
    (= −113.69), AICc = 4 − 2ℓ + 12/20 = 231.98: the Weibull ranks above the exponential,
    by ΔAICc ≈ 13, as the shape β ≈ 2 (wear-out) says it must.
    """
    t = np.array(LZ)
    n, tot = t.size, t.sum()
    ll_exp = n * math.log(n / tot) - n
    b, e = 2.102, 81.88
    ll_wb = float(np.sum(math.log(b) - b * math.log(e) + (b - 1) * np.log(t) - (t / e) ** b))
    ranking = compare_distributions(t)
    by = {f.distribution: f for f in ranking.fits}
    assert by["exponential1p"].aicc == pytest.approx(2 - 2 * ll_exp + 4 / (n - 2), rel=1e-6)
    assert by["weibull2p"].aicc == pytest.approx(4 - 2 * ll_wb + 12 / (n - 3), rel=1e-4)
    assert [f.aicc for f in ranking.fits] == sorted(f.aicc for f in ranking.fits)
    names = [f.distribution for f in ranking.fits]
    assert names.index("weibull2p") < names.index("exponential1p")
    d = ranking.to_dict()
    assert d["ranked"][0]["rank"] == 1 and d["ranked"][0]["distribution"] == ranking.best.distribution


def test_b_life_table_matches_the_closed_form_and_brackets_it():
    """Weibull Bp = η·(−ln(1 − p/100))^(1/β): with the MLE of T9 (β 4.787, η 124.23, checked
    against scipy in tests/web/test_browser.py) B10 = 124.23·0.10536^(1/4.787) = 77.6; R at
    that B10 is 0.9 by definition. Every bound brackets its estimate."""
    res = fit(T9, S9)
    tab = life_table(res, p=(10, 50), times=[res.b_life(10)], bounds="lr")
    b10 = tab.b_lives[0]
    assert b10.value == pytest.approx(124.23 * (-math.log(0.9)) ** (1 / 4.787), rel=2e-3)
    assert b10.value == pytest.approx(77.6, abs=0.1)
    assert b10.lower < b10.value < b10.upper
    assert tab.reliabilities[0].value == pytest.approx(0.9, abs=1e-9)
    assert tab.reliabilities[0].lower < 0.9 < tab.reliabilities[0].upper
    # the one-sided 90 % LR lower bound of B10 is 60.2 (test_browser.py); the two-sided 90 %
    # interval's lower end is the one-sided 95 % bound, so it lies below 60.2
    assert b10.lower < 60.2
    d = tab.to_dict()
    assert d["bounds"] == "lr" and d["b_lives"][1]["at"] == 50.0


def test_default_reliability_times_are_b10_and_b50_rounded():
    res = fit(T9, S9)
    tab = life_table(res)
    assert [r.at for r in tab.reliabilities] == [78.0, 120.0]  # B10 77.6 and B50 115.1 to 2 figures


def test_plot_data_marks_the_suspension_and_gives_bernard_positions():
    """Johnson's adjusted ranks equal the plain ranks when the only suspension is last, so the
    positions are Bernard's F_i = (i − 0.3)/(n + 0.4) with n = 10: 0.0673, 0.1635, ...; the
    suspension at 154 is listed on its own (it has no plotting position)."""
    res = fit(T9, S9)
    d = plot_data(res, life_data(np.array(T9), np.array(S9, object)))
    assert d["suspensions"]["t"] == [154.0]
    assert d["failures"]["t"] == T9[:9]
    assert d["failures"]["F"] == pytest.approx([(i - 0.3) / 10.4 for i in range(1, 10)])
    assert d["paper"] == "weibull" and len(d["line"]["t"]) == len(d["line"]["F"]) > 10
    assert all(lo > 0 for lo in d["lower"]["t"])


def test_grouped_suspensions_are_repeated_per_unit():
    data = life_data(np.array([100.0, 150.0, 200.0, 250.0]), np.array(["F", "F", "F", "S"], object),
                     count=np.array([1.0, 1.0, 1.0, 3.0]))
    d = plot_data(fit(data), data)
    assert d["suspensions"]["t"] == [250.0, 250.0, 250.0]
