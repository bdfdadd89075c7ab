"""Invariants of the bearing engines (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from keyparts.design import (
    bearing_check,
    duty_cycle_life,
    life_modification_factor,
    required_dynamic_rating,
)

loads = st.floats(0.1, 50.0)
kinds = st.sampled_from(["ball", "roller"])


@settings(max_examples=60, deadline=None)
@given(C=st.floats(5, 500), Fr=loads, factor=st.floats(1.001, 5), Fa=st.floats(0, 10),
       btype=st.sampled_from(["deep_groove", "angular_contact", "cylindrical"]))
def test_life_falls_as_load_rises(C: float, Fr: float, factor: float, Fa: float, btype: str) -> None:
    kw = {"C_kN": C, "C0_kN": C * 0.6, "f0": 14, "bearing_type": btype, "speed_rpm": 1500, "d_mm": 40, "D_mm": 80,
              "viscosity_cSt": 30, "eC": 0.5, "Pu_kN": C * 0.03}
    lo = bearing_check(Fr_kN=Fr, Fa_kN=Fa, **kw)
    hi = bearing_check(Fr_kN=Fr * factor, Fa_kN=Fa * factor, **kw)
    assert hi.L10_Mrev < lo.L10_Mrev
    assert hi.L10m_Mrev <= lo.L10m_Mrev


@settings(max_examples=80, deadline=None)
@given(kappa=st.floats(0.1, 6.0), x=st.floats(0.0, 3.0), kind=kinds)
def test_a_iso_within_cap_and_positive(kappa: float, x: float, kind: str) -> None:
    a = life_modification_factor(kappa, x, kind)
    assert 0 < a <= 50.0


@settings(max_examples=60, deadline=None)
@given(kappa=st.floats(0.1, 3.99), x=st.floats(0.001, 0.3), kind=kinds)
def test_a_iso_continuous_in_kappa(kappa: float, x: float, kind: str) -> None:
    """A step of 1e-6 in κ moves a_ISO by less than 0.1 % anywhere (also across 0.4 and 1)."""
    a0 = life_modification_factor(kappa, x, kind)
    a1 = life_modification_factor(kappa + 1e-6, x, kind)
    assert abs(a1 - a0) <= 1e-3 * max(a0, 1e-9) + 1e-9


@settings(max_examples=60, deadline=None)
@given(kappa=st.floats(0.1, 4.0), x=st.floats(0.0, 1.0), kind=kinds, dx=st.floats(1e-3, 0.5))
def test_a_iso_grows_with_cleaner_lighter_load(kappa: float, x: float, kind: str, dx: float) -> None:
    assert life_modification_factor(kappa, x + dx, kind) >= life_modification_factor(kappa, x, kind)


@settings(max_examples=50, deadline=None)
@given(P=loads, L=st.floats(1, 1e5), kind=kinds)
def test_required_c_round_trip(P: float, L: float, kind: str) -> None:
    C = required_dynamic_rating(P, L10_Mrev=L, kind=kind)
    p = 3 if kind == "ball" else 10 / 3
    assert np.isclose((C / P) ** p, L, rtol=1e-9)


@settings(max_examples=40, deadline=None)
@given(P=st.lists(loads, min_size=1, max_size=20))
def test_duty_cycle_equivalent_load_between_min_and_max(P: list[float]) -> None:
    r = duty_cycle_life(C_kN=100.0, P_kN=P, speed_rpm=np.full(len(P), 1000.0),
                        time_share=np.ones(len(P)))
    assert min(P) * (1 - 1e-9) <= r.P_eq_kN <= max(P) * (1 + 1e-9)


def test_vectorised_equals_scalar() -> None:
    Fr = np.array([1.0, 2.0, 5.0, 10.0])
    vec = bearing_check(C_kN=55.3, C0_kN=31.5, f0=13, Fr_kN=Fr, Fa_kN=0.5, speed_rpm=3000, d_mm=45,
                        D_mm=100, viscosity_cSt=20, eC=0.8, Pu_kN=1.34)
    for i, f in enumerate(Fr):
        one = bearing_check(C_kN=55.3, C0_kN=31.5, f0=13, Fr_kN=f, Fa_kN=0.5, speed_rpm=3000, d_mm=45,
                            D_mm=100, viscosity_cSt=20, eC=0.8, Pu_kN=1.34)
        assert np.isclose(vec.L10m_Mrev[i], one.L10m_Mrev)
    assert isinstance(vec.to_dict()["L10_Mrev"], list)


def test_duty_cycle_hand_calc() -> None:
    """Two steps, ball: P 10 kN at 1000 r/min for 50 %, 5 kN at 2000 r/min for 50 %:
    P_eq = ((1000·1000 + 125·2000)/3000)^(1/3) = 7.469 kN (hand calculation); n_m = 1500 r/min."""
    r = duty_cycle_life(C_kN=50.0, P_kN=[10.0, 5.0], speed_rpm=[1000.0, 2000.0], time_share=[0.5, 0.5],
                        a_iso=[1.0, 1.0])
    assert np.isclose(r.P_eq_kN, (1250000 / 3000) ** (1 / 3), rtol=1e-12)
    assert r.n_mean_rpm == 1500.0
    assert np.isclose(r.L10_Mrev, 50.0 ** 3 / (1250000 / 3000), rtol=1e-12)  # = 300 Mrev
    assert np.isclose(r.L10m_Mrev, r.L10_Mrev, rtol=1e-12)  # Miner with a_ISO=1 equals the P_eq life


def test_duty_cycle_miner_sum_with_step_a_iso_hand_calc() -> None:
    """ISO 281:2007 clause 6.3 with Palmgren-Miner over revolution shares. Same spectrum, a_ISO
    2 and 0.5: U = (500, 1000)/1500 = (1/3, 2/3); L_1 = 2·(50/10)³ = 250 Mrev, L_2 = 0.5·(50/5)³
    = 500 Mrev; 1/L10m = (1/3)/250 + (2/3)/500 = 2/750 → L10m = 375 Mrev; at n_m = 1500 r/min
    L10mh = 375e6/(60·1500) = 4 166.67 h (hand calculation)."""
    r = duty_cycle_life(C_kN=50.0, P_kN=[10.0, 5.0], speed_rpm=[1000.0, 2000.0], time_share=[0.5, 0.5],
                        a_iso=[2.0, 0.5])
    assert np.isclose(r.L10m_Mrev, 375.0, rtol=1e-12)
    assert np.isclose(r.L10mh_h, 375e6 / 90000, rtol=1e-12)
