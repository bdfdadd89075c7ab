"""bench_test / system_test / field_trial gates: life demonstration with keyparts.life.

Weibayes, zero failures (Abernethy 2006, *The New Weibull Handbook* §6.2): with β = 2, R = 0.9
at t_R = 1000 h, C = 0.9 and 10 units suspended at 1500 h:
Σt^β = 10·1500² = 2.25e7; η_L = (Σt^β / −ln(1−C))^{1/β} = (2.25e7/2.302585)^{1/2} = 3125.96 h;
B10_L = η_L·(−ln 0.9)^{1/2} = 3125.96·0.324593 = 1014.66 h ≥ 1000 h → pass.
With 9 units: η_L = (2.025e7/2.302585)^{1/2} = 2965.57 h, B10_L = 962.6 h < 1000 h → fail
(consistent with the plan: n = ln 0.1/((1500/1000)²·ln 0.9) = 9.71 → 10 units).

Plan with no data, units run to t_R (Weibayes success run, §6.11): n = ln(1−C)/ln R =
2.302585/0.1053605 = 21.85 → 22 units × 1000 h; operating characteristic at the scale that
just meets the requirement, η_R = 1000/(−ln 0.9)^{1/2} = 3080.78 h: P(pass) = R^22 =
0.9^22 = 0.098477.

One failure at 1500 h of one unit, β = 2: η_L = (2·1500²/χ²(0.9; 4))^{1/2} =
(4.5e6/7.779440)^{1/2} = 760.56 h; B10_L = 760.56·0.324593 = 246.87 h.
"""

from __future__ import annotations

import pytest

from keyparts.errors import InputError
from keyparts.life import fit
from keyparts.qualify import life_demonstration


def test_weibayes_zero_failure_bench_gate_passes() -> None:
    g = life_demonstration("bench_test", [1500.0] * 10, ["S"] * 10, required_life_h=1000,
                           reliability=0.9, confidence=0.9, beta=2.0)
    assert g.passed is True
    assert g.evidence["eta_lower_h"] == pytest.approx(3125.96, abs=0.01)
    assert g.evidence["b_life_lower_h"] == pytest.approx(1014.66, abs=0.01)
    assert "B10 lower bound 1 015 h >= required 1 000 h" in g.reasons[0]


def test_weibayes_one_unit_short_fails() -> None:
    g = life_demonstration("bench_test", [1500.0] * 9, ["S"] * 9, required_life_h=1000, beta=2.0)
    assert g.passed is False
    assert g.evidence["b_life_lower_h"] == pytest.approx(962.6, abs=0.05)


def test_one_failure_uses_weibayes_with_chi_square() -> None:
    g = life_demonstration("system_test", [1500.0], ["F"], required_life_h=200, beta=2.0)
    assert g.passed is True
    assert g.evidence["eta_lower_h"] == pytest.approx(760.56, abs=0.01)
    assert g.evidence["b_life_lower_h"] == pytest.approx(246.87, abs=0.01)


def test_no_data_proposes_plan_with_operating_characteristic() -> None:
    g = life_demonstration("bench_test", None, required_life_h=1000, beta=2.0)
    assert g.passed is None
    plan = g.evidence["plan"]
    assert (plan["units"], plan["duration"]) == (22, 1000.0)
    assert plan["units_exact"] == pytest.approx(21.854, abs=0.001)
    oc = g.evidence["operating_characteristic"][0]
    assert oc["eta_h"] == pytest.approx(3080.78, abs=0.01)
    assert oc["pass_probability"] == pytest.approx(0.9**22, rel=1e-9)
    assert "run 22 units for 1 000 h" in g.reasons[0]


def test_no_beta_cannot_be_judged() -> None:
    g = life_demonstration("field_trial", [1500.0] * 10, ["S"] * 10, required_life_h=1000)
    assert g.passed is None and "β" in g.reasons[0]


def test_mle_gate_passes_below_its_bound_and_fails_above() -> None:
    """Three failures among six field units: the gate agrees with the side of the requirement
    relative to the B10 lower bound it reports."""
    t, s = [300.0, 700.0, 1200.0, 1500.0, 1500.0, 1500.0], ["F", "F", "F", "S", "S", "S"]
    g = life_demonstration("field_trial", t, s, required_life_h=10, beta=2.0)
    lo = g.evidence["b_life_lower_h"]
    assert g.evidence["method"].startswith("Weibull 2P MLE") and g.passed is True and lo > 10
    assert life_demonstration("field_trial", t, s, required_life_h=lo * 1.01).passed is False


def test_unknown_stage_is_refused() -> None:
    with pytest.raises(InputError, match="life-demonstration gate"):
        life_demonstration("design_review", [1.0], ["F"], required_life_h=1)


def test_benchmark_fit_supplies_beta_and_its_b_life() -> None:
    """Without beta=, the benchmark's fitted shape is the assumed β, and its B10 is shown."""
    bench = fit([420.0, 810.0, 1150.0, 1600.0, 2300.0], dist="weibull2p")
    g = life_demonstration("bench_test", [1500.0] * 10, ["S"] * 10, required_life_h=500,
                           benchmark=bench)
    assert g.criteria["beta_assumed"] == bench.params["beta"]
    assert g.evidence["benchmark_b_life_h"] == pytest.approx(bench.b_life(10))
    assert g.reasons[-1].startswith("benchmark B10 (point estimate")
