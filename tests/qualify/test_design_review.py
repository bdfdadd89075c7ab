"""design_review gate: ISO 281 life of a bearing against the application's requirement.

6205 (C 14.8 kN, C0 7.8 kN; SKF catalogue) at Fr 2 kN, Fa 0, 1800 r/min, lubrication unknown
(a_ISO = 1), hand calculation (ISO 281:2007 eq. (1), (3)): P = Fr = 2 kN,
L10 = (14.8/2)³ = 7.4³ = 405.224 Mrev, L10h = 405.224e6/(60·1800) = 3752.07 h.
At reliability 0.95, a1 = 0.95·(ln(1/0.95)/ln(1/0.9))^(2/3) + 0.05 = 0.95·0.48684^(2/3) + 0.05
= 0.6379 (ISO 281:2007 Table 1 generating law; printed rounded as 0.64):
L5mh = 0.6379·3752.07 = 2393.5 h.

SKF Example 1 (SKF *Rolling bearings*, 10000 edition, calculation example 1; hand calculation
in tests/design/test_bearing_reference.py): 6309, Fr 10 kN, 3000 r/min, ν 20 mm²/s, eC 0.8,
Pu 1.34 kN, ν1 8.15 mm²/s → a_ISO 5.526, L10mh = 5192 h.

Duty cycle (ISO 281:2007 clause 6.3) of the 6205: 50 % of the time Fr 2 kN at 1800 r/min,
50 % Fr 4 kN at 900 r/min. Revolution shares U = 900/1350 = 2/3 and 450/1350 = 1/3;
L1 = 405.224 Mrev, L2 = (14.8/4)³ = 50.653 Mrev; 1/L = (2/3)/405.224 + (1/3)/50.653 →
L = 121.568 Mrev; n_mean = 1350 r/min; L10h = 121.568e6/(60·1350) = 1500.8 h.
"""

from __future__ import annotations

import pickle

import pytest

from keyparts.design.bolts import bolt_check
from keyparts.design.hydraulics import cylinder_check
from keyparts.errors import InputError
from keyparts.qualify import design_review_bearing, design_review_check

B6205 = {"C_kN": 14.8, "C0_kN": 7.8}
E1 = {"C_kN": 55.3, "C0_kN": 31.5, "Pu_kN": 1.34, "d_mm": 45, "D_mm": 100, "nu1_cSt": 8.15}


def test_computed_bearing_life_passes() -> None:
    """L10h = 3752.07 h (module docstring) >= 3000 h: passed, life_h in the evidence."""
    g = design_review_bearing(bearing=B6205, required_life_h=3000,
                              loads="Fr=2kN; Fa=0kN; n=1800rpm")
    assert g.passed is True
    assert g.evidence["life_h"] == pytest.approx(3752.07, abs=0.01)
    assert g.to_dict()["evidence"]["life_h"] == pytest.approx(3752.07, abs=0.01)


def test_higher_requirement_fails_with_reason() -> None:
    """Same bearing, required 20 000 h: 3752 h < 20 000 h, said in words."""
    g = design_review_bearing(bearing=B6205, required_life_h=20_000,
                              loads={"Fr": 2.0, "Fa": 0.0, "n": 1800})
    assert g.passed is False
    assert g.reasons[0].startswith("L10mh 3 752 h < required 20 000 h")


def test_reliability_enters_through_a1() -> None:
    """R = 0.95: a1 = 0.6379, L5mh = 2393.5 h < 3000 h (module docstring)."""
    g = design_review_bearing(bearing=B6205, required_life_h=3000, reliability=0.95,
                              loads="Fr=2kN; n=1800rpm")
    assert g.evidence["life_h"] == pytest.approx(2393.5, abs=0.1)
    assert g.passed is False and g.reasons[0].startswith("L5mh 2 393 h < required 3 000 h")


def test_a_iso_used_when_lubrication_known() -> None:
    """SKF Example 1 with ν 20 mm²/s, eC 0.8: L10mh 5192 h passes 5000 h, fails 6000 h."""
    loads = "Fr=10kN; Fa=0kN; n=3000rpm"
    ok = design_review_bearing(bearing=E1, required_life_h=5000, loads=loads, viscosity_cSt=20, eC=0.8)
    assert ok.passed is True and ok.evidence["life_h"] == pytest.approx(5192, rel=0.005)
    assert ok.evidence["a_iso"] == pytest.approx(5.526, rel=0.005)
    bad = design_review_bearing(bearing=E1, required_life_h=6000, loads=loads, viscosity_cSt=20, eC=0.8)
    assert bad.passed is False and "with a_ISO" in bad.reasons[0]


def test_duty_cycle_life() -> None:
    """Two-step duty cycle: L10h = 1500.8 h (module docstring) < 3000 h."""
    g = design_review_bearing(bearing=B6205, required_life_h=3000,
                              duty_cycle={"Fr_kN": [2, 4], "speed_rpm": [1800, 900],
                                          "time_share": [0.5, 0.5]})
    assert g.evidence["life_h"] == pytest.approx(1500.8, abs=0.1)
    assert g.evidence["n_mean_rpm"] == pytest.approx(1350)
    assert g.passed is False


def test_no_speed_cannot_be_judged() -> None:
    g = design_review_bearing(bearing=B6205, required_life_h=3000, loads="Fr=2kN")
    assert g.passed is None and g.evidence["life_h"] is None
    assert "no speed" in g.reasons[0]
    assert g.to_dict()["passed"] is None


def test_bad_requirement_is_input_error() -> None:
    with pytest.raises(InputError, match="required_life_h"):
        design_review_bearing(bearing=B6205, required_life_h=0, loads="Fr=2kN; n=1800rpm")
    with pytest.raises(InputError, match="exactly one of loads"):
        design_review_bearing(bearing=B6205, required_life_h=10)


def test_bolt_check_becomes_a_gate_with_failed_steps_named() -> None:
    """A VDI 2230 check that fails (M10 8.8 under 60 kN axial: 60 000 N / As 58.0 mm² =
    1034 MPa alone, above Rp0.2min 640 MPa of ISO 898-1, so R8 fails) gives a failed gate
    listing the failed steps; the same joint under 2 kN (static) passes."""
    bad = bolt_check(thread_spec="M10", property_class_name="8.8", mu_G=0.12, FA_kN=60.0)
    g = design_review_check(bad)
    assert bad.passed is False and g.passed is False
    failed = [s.step for s in bad.steps if s.passed is False]
    assert failed and all(any(r.startswith(s) for r in g.reasons) for s in failed)
    ok = design_review_check(bolt_check(thread_spec="M10", property_class_name="8.8", mu_G=0.12,
                                        FA_kN=2.0, dynamic=False))
    assert ok.passed is True


def test_cylinder_buckling_check_becomes_a_gate() -> None:
    """Rod 25 mm, stroke 1000 mm, Euler case 2 (LK = 1000 mm, λ = 4·1000/25 = 160 ≥ 100):
    I = π·25⁴/64 = 19 174.8 mm⁴; FK = π²·210 000·19 174.8/1000² = 39.742 kN;
    F_perm = 39.742/3.5 = 11.355 kN. A 10 kN push load passes, 12 kN fails."""
    kw = {"bore_mm": 50, "rod_mm": 25, "pressure_bar": 100, "stroke_mm": 1000, "euler_case": 2}
    assert design_review_check(cylinder_check(**kw, load_kN=10.0)).passed is True
    g = design_review_check(cylinder_check(**kw, load_kN=12.0))
    assert g.passed is False and "F_perm = FK/S = 11.35 kN (FK = 39.74 kN" in g.reasons[0]


def test_gate_pickles() -> None:
    g = design_review_bearing(bearing=B6205, required_life_h=3000, loads="Fr=2kN; n=1800rpm")
    assert pickle.loads(pickle.dumps(g)) == g
