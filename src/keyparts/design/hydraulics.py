"""Hydraulics: cylinder force, area and speed; piston-rod buckling (Euler, Tetmajer check);
pump and motor flow, torque and power; ISO 4406:2021 cleanliness codes.

Units: mm, bar, kN, L/min, cm³/rev, r/min, kW, N·m, particles per mL. Vectorised over arrays.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from keyparts.design._util import jsonable, positive, scalar_or_array
from keyparts.errors import InputError

#: Euler buckling length factors β (LK = β·L) for cases 1–4 (AHP Merkle, Hänchen [V]).
EULER_BETA = {1: 2.0, 2: 1.0, 3: 0.699, 4: 0.5}
E_STEEL = 210_000.0  # N/mm², as used by the cylinder makers' buckling tables


@dataclass(frozen=True)
class CylinderCheck:
    """Cylinder forces (kN), areas (mm²), speeds (m/s) and rod buckling."""

    A1_mm2: float
    A2_mm2: float
    phi: float
    F_push_kN: float
    F_pull_kN: float
    v_out_m_s: float | None
    v_in_m_s: float | None
    I_mm4: float | None
    L_K_mm: float | None
    slenderness: float | None
    F_K_kN: float | None
    F_perm_kN: float | None
    safety_buckling: float | None
    euler_valid: bool | None
    passed: bool | None
    method: str = "F = p·A; Euler FK = π²·E·I/LK² (LK = β·L), λ = 4·LK/d, Tetmajer below λ ≈ 100"

    def to_dict(self) -> dict[str, Any]:
        return {k: jsonable(v) for k, v in asdict(self).items()}


def cylinder_check(*, bore_mm: float, rod_mm: float, pressure_bar: float, flow_L_min: float | None = None,
                   stroke_mm: float | None = None, euler_case: int = 2, safety: float = 3.5,
                   buckling_length_mm: float | None = None, E_MPa: float = E_STEEL,
                   load_kN: float | None = None, lambda_limit: float = 100.0) -> CylinderCheck:
    """Push/pull force, area ratio and speed (F1 = p·A1, F2 = p·(A1 − A2_rod), v = Q/A) and rod
    buckling FK = π²·E·I/LK², I = π·d⁴/64, LK = β·L (Euler case 1–4) or a given length.

    Passes when the push load (``load_kN`` or the full push force) <= FK/S. Euler is flagged
    invalid for λ = 4·LK/d below ``lambda_limit``; then the Tetmajer σK = 335 − 0.62·λ MPa
    (St52-type rod) gives FK.
    """
    D, d = float(bore_mm), float(rod_mm)
    if not (0 < d < D):
        raise InputError(f"cylinder: rod {d:g} mm must be > 0 and below the bore {D:g} mm")
    p = float(positive(pressure_bar, "pressure_bar", allow_zero=True)) / 10.0  # MPa
    safety = float(positive(safety, "safety"))  # the required buckling safety: a requirement is > 0
    A1 = math.pi * D ** 2 / 4
    A2 = math.pi * (D ** 2 - d ** 2) / 4
    v_out = v_in = None
    if flow_L_min is not None:
        Q = flow_L_min * 1e6 / 60.0  # mm³/s
        v_out, v_in = Q / A1 / 1000.0, Q / A2 / 1000.0
    I = LK = lam = FK = Fperm = S = valid = passed = None
    if buckling_length_mm is not None or stroke_mm is not None:
        if euler_case not in EULER_BETA:
            raise InputError(f"euler_case: {euler_case} is not 1–4")
        LK = buckling_length_mm if buckling_length_mm is not None else EULER_BETA[euler_case] * stroke_mm
        I = math.pi * d ** 4 / 64
        lam = 4 * LK / d
        valid = lam >= lambda_limit
        FK = math.pi ** 2 * E_MPa * I / LK ** 2 if valid else (335 - 0.62 * lam) * math.pi * d ** 2 / 4
        Fperm = FK / safety
        F_load = (load_kN * 1e3) if load_kN is not None else p * A1
        S = FK / F_load if F_load > 0 else math.inf
        passed = F_load <= Fperm
        FK, Fperm = FK / 1e3, Fperm / 1e3
    return CylinderCheck(A1_mm2=A1, A2_mm2=A2, phi=A1 / A2, F_push_kN=p * A1 / 1e3, F_pull_kN=p * A2 / 1e3,
                         v_out_m_s=v_out, v_in_m_s=v_in, I_mm4=I, L_K_mm=LK, slenderness=lam, F_K_kN=FK,
                         F_perm_kN=Fperm, safety_buckling=S, euler_valid=valid, passed=passed)


def pump_flow(displacement_cm3: ArrayLike, speed_rpm: ArrayLike, eta_v: ArrayLike = 1.0) -> float | np.ndarray:
    """Pump delivery Q (L/min) = V·n·ηv/1000 (motor: the flow needed is V·n/(1000·ηv))."""
    return scalar_or_array(positive(displacement_cm3, "displacement") * positive(speed_rpm, "speed")
                           * positive(eta_v, "eta_v") / 1000.0)


def hydraulic_power(pressure_bar: ArrayLike, flow_L_min: ArrayLike) -> float | np.ndarray:
    """Hydraulic power P (kW) = p[bar]·Q[L/min]/600."""
    return scalar_or_array(positive(pressure_bar, "pressure", allow_zero=True)
                           * positive(flow_L_min, "flow", allow_zero=True) / 600.0)


def pump_torque(displacement_cm3: ArrayLike, dp_bar: ArrayLike, eta_hm: ArrayLike = 1.0, *,
                motor: bool = False) -> float | np.ndarray:
    """Shaft torque T (N·m) = V·Δp/(20·π·ηhm) for a pump (input); ×ηhm instead for a motor (output)."""
    V, dp, eta = positive(displacement_cm3, "displacement"), positive(dp_bar, "dp", allow_zero=True), \
        positive(eta_hm, "eta_hm")
    T = V * dp / (20 * math.pi)
    return scalar_or_array(T * eta if motor else T / eta)


@dataclass(frozen=True)
class PumpCheck:
    Q_L_min: float
    P_hyd_kW: float
    P_in_kW: float
    T_Nm: float
    eta_t: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def pump_check(*, displacement_cm3: float, speed_rpm: float, pressure_bar: float, eta_v: float = 0.95,
               eta_t: float = 0.85) -> PumpCheck:
    """Pump duty: Q = V·n·ηv/1000, P_hyd = p·Q/600, P_in = P_hyd/ηt, T = V·p/(20π·ηhm), ηhm = ηt/ηv."""
    Q = float(pump_flow(displacement_cm3, speed_rpm, eta_v))
    P = float(hydraulic_power(pressure_bar, Q))
    return PumpCheck(Q_L_min=Q, P_hyd_kW=P, P_in_kW=P / eta_t,
                     T_Nm=float(pump_torque(displacement_cm3, pressure_bar, eta_t / eta_v)), eta_t=eta_t)


# ISO 4406:2021 Table 1: code R covers (lower, upper] particles per mL — encoded literally.
_ISO4406_UPPER = np.array([0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.3, 2.5, 5, 10, 20, 40, 80, 160,
                           320, 640, 1300, 2500, 5000, 10000, 20000, 40000, 80000, 160000, 320000,
                           640000, 1300000, 2500000])


def iso4406_scale(count_per_mL: ArrayLike) -> int | np.ndarray:
    """ISO 4406 scale number for particles per mL: the code R with lower < n <= upper
    (upper bounds inclusive); 0 for n <= 0.01; counts above 2 500 000 give 29 (">28")."""
    n = positive(count_per_mL, "count_per_mL", allow_zero=True)
    r = np.searchsorted(_ISO4406_UPPER, n, side="left")
    return int(r) if np.ndim(r) == 0 else r


def iso4406_code(counts_per_mL: tuple[float, float, float] | list[float], *,
                 counted: tuple[int, int, int] | None = None) -> str:
    """ISO 4406 code 'R4/R6/R14' from cumulative counts per mL at ≥4, ≥6, ≥14 µm(c).
    With raw ``counted`` particle numbers, a channel with fewer than 20 gets the '≥' prefix."""
    if len(counts_per_mL) != 3:
        raise InputError("counts: need three values (≥4, ≥6, ≥14 µm(c) per mL)")
    codes = [iso4406_scale(c) for c in counts_per_mL]
    parts = []
    for i, c in enumerate(codes):
        pre = "≥" if counted is not None and counted[i] < 20 else ""
        parts.append(pre + (">28" if c > 28 else str(c)))
    return "/".join(parts)


def iso4406_range(code: str) -> list[tuple[float, float]]:
    """The particle-count ranges (lower, upper] per mL of each scale number in a code like '19/16/10'."""
    out = []
    for part in code.split("/"):
        s = part.strip().lstrip("≥>=")
        if s in ("", "-"):
            out.append((math.nan, math.nan))
            continue
        try:
            r = int(s)
        except ValueError as exc:
            raise InputError(f"ISO 4406 code: {part!r} is not a scale number (expected e.g. 19/16/10)") from exc
        if not 0 <= r <= 28:
            raise InputError(f"ISO 4406 code: {r} is outside 0–28")
        lo = 0.0 if r == 0 else float(_ISO4406_UPPER[r - 1])
        out.append((lo, float(_ISO4406_UPPER[r])))
    return out
