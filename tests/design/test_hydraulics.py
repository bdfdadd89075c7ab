"""Hydraulics against hand calculations [C] from vendor-published formulas (cylinder force and
Euler buckling as on the Hänchen and AHP Merkle technical pages; pump flow, power and torque in
practical units), the ISO 4406:2021 table and the Pamas / Schroeder examples [V]."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keyparts.design.hydraulics import (
    cylinder_check,
    iso4406_code,
    iso4406_range,
    iso4406_scale,
    pump_check,
)


def test_cylinder_forces() -> None:
    """[C] A1 = π·D²/4, A2 = π·(D² − d²)/4, F = p·A, φ = A1/A2: D 100, d 56, 160 bar: A1 7853.98, A2 5390.97 mm², push 125.66 kN, pull 86.26 kN, φ 1.457."""
    r = cylinder_check(bore_mm=100, rod_mm=56, pressure_bar=160)
    assert r.A1_mm2 == pytest.approx(7853.98, abs=0.01) and r.A2_mm2 == pytest.approx(5390.97, abs=0.01)
    assert r.F_push_kN == pytest.approx(125.66, abs=0.01) and r.F_pull_kN == pytest.approx(86.26, abs=0.01)
    assert r.phi == pytest.approx(1.457, abs=0.001)


def test_cylinder_speed() -> None:
    """v = Q/A. Hand calc: 47.12389 L/min = 47.12389e6 mm³ / 60 s
    = 785 398 mm³/s; / A1 = 7 853.98 mm² → 100.0 mm/s = 0.1 m/s."""
    r = cylinder_check(bore_mm=100, rod_mm=56, pressure_bar=160, flow_L_min=47.12389)
    assert r.v_out_m_s == pytest.approx(0.1, rel=1e-5)


def test_euler_buckling_example() -> None:
    """[C] Euler FK = π²·E·I/LK², I = π·d⁴/64, E 210 000 MPa, λ = 4·LK/d: d 56, LK 2000: I 482 750 mm⁴, FK 250.1 kN, permissible (S 3.5) 71.5 kN, λ 142.9. ±0.1 %."""
    r = cylinder_check(bore_mm=100, rod_mm=56, pressure_bar=160, buckling_length_mm=2000, safety=3.5)
    assert r.I_mm4 == pytest.approx(482750, rel=0.001)
    assert r.F_K_kN == pytest.approx(250.1, rel=0.001) and r.F_perm_kN == pytest.approx(71.5, rel=0.001)
    assert r.slenderness == pytest.approx(142.9, abs=0.05) and r.euler_valid
    assert r.passed is False  # the full push force 125.7 kN exceeds 71.5 kN


@pytest.mark.parametrize(("case", "beta"), [(1, 2.0), (2, 1.0), (3, 0.699), (4, 0.5)])
def test_euler_cases(case: int, beta: float) -> None:
    """AHP Merkle [V]: LK = β·L with β = 2 / 1 / 0.699 / 0.5."""
    r = cylinder_check(bore_mm=100, rod_mm=56, pressure_bar=100, stroke_mm=1000, euler_case=case)
    assert r.L_K_mm == pytest.approx(beta * 1000)


def test_pump_example() -> None:
    """[C] Q = V·n·ηv/1000, P_hyd = p·Q/600, P_in = P_hyd/ηt, T = V·p/(20π·ηhm), ηhm = ηt/ηv: V 28 cm³, n 1450, ηv 0.95, p 200 bar, ηt 0.85: Q 38.570 L/min, P_hyd 12.857 kW,
    P_in 15.125 kW, T 99.61 N·m."""
    r = pump_check(displacement_cm3=28, speed_rpm=1450, pressure_bar=200, eta_v=0.95, eta_t=0.85)
    assert r.Q_L_min == pytest.approx(38.570, abs=0.001) and r.P_hyd_kW == pytest.approx(12.857, abs=0.001)
    assert r.P_in_kW == pytest.approx(15.125, abs=0.001) and r.T_Nm == pytest.approx(99.61, abs=0.01)


def test_iso4406_pamas_example() -> None:
    """Pamas (micronscientific.co.za) [V]: 300 000 / 50 000 / 700 per 100 mL → 19/16/10."""
    assert iso4406_code([3000, 500, 7]) == "19/16/10"


@pytest.mark.parametrize(("count", "code"), [(1300, 17), (1300.001, 18), (2500, 18), (2500.001, 19),
                                              (5000, 19), (5000.001, 20), (0.01, 0), (0.0100001, 1),
                                              (2_500_000, 28), (2_500_001, 29)])
def test_iso4406_boundaries_upper_inclusive(count: float, code: int) -> None:
    """ISO 4406:2021 Table 1: each code covers (lower, upper]; 1 300, 2 500, 5 000 per mL are inclusive uppers."""
    assert iso4406_scale(count) == code


def test_iso4406_schroeder_example() -> None:
    """Schroeder [V]: '14/12/≥7' = 80–160, 20–40, 0.64–1.3 per mL; fewer than 20 counted in ≥14 µm."""
    assert iso4406_range("14/12/≥7") == [(80, 160), (20, 40), (0.64, 1.3)]
    assert iso4406_code([100, 30, 1.0], counted=(10000, 3000, 10)) == "14/12/≥7"


@settings(max_examples=80, deadline=None)
@given(st.floats(0.011, 2.4e6))
def test_iso4406_round_trip(count: float) -> None:
    lo, hi = iso4406_range(str(iso4406_scale(count)))[0]
    assert lo < count <= hi


def test_iso4406_vectorised() -> None:
    assert list(iso4406_scale(np.array([3000.0, 500.0, 7.0]))) == [19, 16, 10]
