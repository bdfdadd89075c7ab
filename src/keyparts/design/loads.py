"""Equivalent bearing loads: dynamic P (ISO 281:2007 clause 6 / 7), static P0 (ISO 76:2006
clause 6), and the equivalent load of a duty cycle (ISO 281:2007 clause 6.3 / Annex).

Loads in any consistent unit (the public ``bearing_check`` uses kN). Vectorised over arrays.
"""

from __future__ import annotations

from typing import Literal, get_args

import numpy as np
from numpy.typing import ArrayLike

from keyparts.design._util import FloatArray, arr, positive, scalar_or_array
from keyparts.errors import InputError

#: The one list of bearing type names: ``bearing_check``, the CLI ``--type``, the API schema and the
#: web calculator all take these words.
BearingType = Literal["deep_groove", "angular_contact", "tapered", "cylindrical", "spherical_roller",
                      "self_aligning_ball", "thrust_ball", "thrust_roller"]
BEARING_TYPES: tuple[str, ...] = get_args(BearingType)
ROLLER_TYPES = frozenset({"tapered", "cylindrical", "spherical_roller", "thrust_roller"})
THRUST_TYPES = frozenset({"thrust_ball", "thrust_roller"})

# Deep groove ball, single row: e and Y over f0·Fa/C0 (ISO 281 Table 3 for Normal clearance;
# C3/C4 rows are SKF catalogue values, recalled [R], not checked against a printed page).
_DG_RATIO = np.array([0.172, 0.345, 0.689, 1.03, 1.38, 2.07, 3.45, 5.17, 6.89])
_DG_TABLE: dict[str, tuple[float, np.ndarray, np.ndarray]] = {
    "CN": (0.56, np.array([0.19, 0.22, 0.26, 0.28, 0.30, 0.34, 0.38, 0.42, 0.44]),
           np.array([2.30, 1.99, 1.71, 1.55, 1.45, 1.31, 1.15, 1.04, 1.00])),
    "C3": (0.46, np.array([0.29, 0.32, 0.36, 0.38, 0.40, 0.44, 0.49, 0.54, 0.54]),
           np.array([1.88, 1.71, 1.52, 1.41, 1.34, 1.23, 1.10, 1.01, 1.00])),
    "C4": (0.44, np.array([0.38, 0.40, 0.43, 0.46, 0.47, 0.50, 0.55, 0.56, 0.56]),
           np.array([1.47, 1.40, 1.30, 1.23, 1.19, 1.12, 1.02, 1.00, 1.00])),
}
# Single-row angular contact ball (ISO 281 Table 3): alpha -> (e, X, Y); 40° as SKF B/BE.
_AC_TABLE: dict[int, tuple[float, float, float]] = {
    25: (0.68, 0.41, 0.87), 30: (0.80, 0.39, 0.76), 35: (0.95, 0.37, 0.66),
    40: (1.14, 0.35, 0.57), 45: (1.34, 0.33, 0.50),
}
# Single-row angular contact ball, alpha = 15° (ISO 281:2007 Table 3; the same figures in the
# NSK and FAG catalogues for the 70xxC / 72xxC series): e and Y over i·Fa/C0, X = 0.44.
_AC15_RATIO = np.array([0.015, 0.029, 0.058, 0.087, 0.12, 0.17, 0.29, 0.44, 0.58])
_AC15_E = np.array([0.38, 0.40, 0.43, 0.46, 0.47, 0.50, 0.55, 0.56, 0.56])
_AC15_Y = np.array([1.47, 1.40, 1.30, 1.23, 1.19, 1.12, 1.02, 1.00, 1.00])
# ISO 76 Table 2, single-row angular contact ball bearings: alpha -> Y0 (X0 = 0.5).
_AC_Y0: dict[int, float] = {15: 0.46, 20: 0.42, 25: 0.38, 30: 0.33, 35: 0.29, 40: 0.26, 45: 0.22}


def deep_groove_factors(f0Fa_C0: ArrayLike, clearance: str = "CN") -> tuple[FloatArray, float, FloatArray]:
    """(e, X, Y) for single-row deep groove ball bearings, linear in f0·Fa/C0 (ISO 281 Table 3).

    Outside the table the end rows apply (np.interp clamps). ``clearance`` is "CN" (Normal),
    "C3" or "C4". Use Normal if the larger clearance only absorbs fit-induced reduction (SKF).
    """
    key = "CN" if clearance in ("CN", "Normal", "", None) else clearance
    if key not in _DG_TABLE:
        raise InputError(f"clearance: {clearance!r} has no X/Y table (expected CN, C3 or C4)")
    X, e_row, y_row = _DG_TABLE[key]
    r = arr(f0Fa_C0, "f0·Fa/C0")
    return np.interp(r, _DG_RATIO, e_row), X, np.interp(r, _DG_RATIO, y_row)


def equivalent_dynamic_load(Fr: ArrayLike, Fa: ArrayLike = 0.0, *, bearing_type: BearingType = "deep_groove",
                            C0: ArrayLike | None = None, f0: ArrayLike | None = None,
                            clearance: str = "CN", contact_angle_deg: float | None = None,
                            e: float | None = None, Y: float | None = None,
                            Y1: float | None = None, Y2: float | None = None) -> float | FloatArray:
    """Equivalent dynamic radial load P = X·Fr + Y·Fa, ISO 281:2007 clause 6.2 (radial bearings).

    * deep_groove: needs C0 and f0; (e, X, Y) interpolated in f0·Fa/C0 for the clearance.
    * angular_contact (single / tandem): contact angle 15° (e, Y over Fa/C0) or 25/30/35/40/45°
      (default 40°, SKF B/BE).
    * tapered (single row): P = Fr if Fa/Fr <= e, else 0.4·Fr + Y·Fa; Y from the catalogue or
      Y = 0.4·cotα, e = 1.5·tanα (= 0.6/Y) unless given.
    * cylindrical (NU/N, non-locating): P = Fr.
    * spherical_roller: P = Fr + Y1·Fa (Fa/Fr <= e), else 0.67·Fr + Y2·Fa; catalogue e, Y1, Y2 or
      from α: e = 1.5·tanα, Y1 = 0.45·cotα, Y2 = 0.67·cotα.
    * self_aligning_ball: P = Fr + Y1·Fa (Fa/Fr <= e), else 0.65·Fr + Y2·Fa; catalogue e, Y1, Y2.
    * thrust_ball / thrust_roller (α = 90°): Pa = Fa; a radial load is not allowed (ISO 281 cl. 6.3).
    """
    Fr = positive(Fr, "Fr", allow_zero=True)
    Fa = positive(Fa, "Fa", allow_zero=True)
    ratio = np.divide(Fa, Fr, out=np.full(np.broadcast(Fr, Fa).shape, np.inf), where=Fr > 0)
    ratio = np.where((Fa == 0), 0.0, ratio)
    if bearing_type == "deep_groove":
        if C0 is None or f0 is None:
            if np.any(Fa > 0):
                raise InputError("deep_groove with Fa > 0 needs C0 and f0 (catalogue calculation factor)")
            return scalar_or_array(Fr + 0.0 * Fa)
        ev, X, Yv = deep_groove_factors(positive(f0, "f0") * Fa / positive(C0, "C0"), clearance)
        P = np.where(ratio <= ev, Fr, X * Fr + Yv * Fa)
    elif bearing_type == "angular_contact":
        a = 40 if contact_angle_deg is None else round(contact_angle_deg)
        if a == 15:
            if C0 is None:
                raise InputError("angular_contact at 15° needs C0 (e and Y depend on Fa/C0, ISO 281 Table 3)")
            r = Fa / positive(C0, "C0")
            ev, X, Yv = np.interp(r, _AC15_RATIO, _AC15_E), 0.44, np.interp(r, _AC15_RATIO, _AC15_Y)
        elif a in _AC_TABLE:
            ev, X, Yv = _AC_TABLE[a]
        else:
            raise InputError(f"contact_angle_deg: {contact_angle_deg} has no ISO 281 row "
                             f"(expected one of {sorted([15, *_AC_TABLE])})")
        P = np.where(ratio <= ev, Fr, X * Fr + Yv * Fa)
    elif bearing_type == "tapered":
        if Y is None:
            if contact_angle_deg is None:
                raise InputError("tapered needs the catalogue Y or contact_angle_deg")
            Y = 0.4 / np.tan(np.radians(contact_angle_deg))
        ev = 0.6 / Y if e is None else e
        P = np.where(ratio <= ev, Fr, 0.4 * Fr + Y * Fa)
    elif bearing_type == "cylindrical":
        P = Fr + 0.0 * Fa
    elif bearing_type in THRUST_TYPES:
        if np.any(Fr > 0):
            raise InputError(f"{bearing_type}: Fr must be 0 for a 90° thrust bearing (it takes axial load only)")
        P = Fa + 0.0 * Fr
    elif bearing_type == "self_aligning_ball":
        if None in (e, Y1, Y2):
            raise InputError("self_aligning_ball needs the catalogue e, Y1 and Y2")
        P = np.where(ratio <= e, Fr + Y1 * Fa, 0.65 * Fr + Y2 * Fa)
    elif bearing_type == "spherical_roller":
        if None in (e, Y1, Y2):
            if contact_angle_deg is None:
                raise InputError("spherical_roller needs the catalogue e, Y1, Y2 or contact_angle_deg")
            t = np.tan(np.radians(contact_angle_deg))
            e, Y1, Y2 = 1.5 * t, 0.45 / t, 0.67 / t
        P = np.where(ratio <= e, Fr + Y1 * Fa, 0.67 * Fr + Y2 * Fa)
    else:
        raise InputError(f"bearing_type: {bearing_type!r} is not known (expected one of {BEARING_TYPES})")
    return scalar_or_array(np.asarray(P, dtype=float))


def equivalent_static_load(Fr: ArrayLike, Fa: ArrayLike = 0.0, *, bearing_type: BearingType = "deep_groove",
                           contact_angle_deg: float | None = None, Y0: float | None = None,
                           double_row: bool = False) -> float | FloatArray:
    """Equivalent static radial load P0 = max(X0·Fr + Y0·Fa, Fr), ISO 76:2006 clause 6.2.

    deep groove X0 = 0.6, Y0 = 0.5; thrust (90°) P0a = Fa; self-aligning ball P0 = Fr + Y0·Fa; single-row angular contact X0 = 0.5 with Y0 from ISO 76
    Table 2 by angle (NOT 0.22·cotα); tapered / spherical roller X0 = 0.5, Y0 = 0.22·cotα single
    row (P0 = Fr + Y0·Fa with 0.44·cotα double row, spherical); cylindrical P0 = Fr.
    """
    Fr = positive(Fr, "Fr", allow_zero=True)
    Fa = positive(Fa, "Fa", allow_zero=True)
    if bearing_type == "deep_groove":
        P0 = np.maximum(0.6 * Fr + 0.5 * Fa, Fr)
    elif bearing_type == "angular_contact":
        a = 40 if contact_angle_deg is None else round(contact_angle_deg)
        if Y0 is None:
            if a not in _AC_Y0:
                raise InputError(f"contact_angle_deg: {contact_angle_deg} has no ISO 76 Y0 row "
                                 f"(expected one of {sorted(_AC_Y0)})")
            Y0 = _AC_Y0[a]
        P0 = np.maximum(0.5 * Fr + Y0 * Fa, Fr)
    elif bearing_type in ("tapered", "spherical_roller"):
        if Y0 is None:
            if contact_angle_deg is None:
                raise InputError(f"{bearing_type} needs the catalogue Y0 or contact_angle_deg")
            cot = 1 / np.tan(np.radians(contact_angle_deg))
            Y0 = (0.44 if double_row or bearing_type == "spherical_roller" else 0.22) * cot
        if double_row or bearing_type == "spherical_roller":
            P0 = Fr + Y0 * Fa
        else:
            P0 = np.maximum(0.5 * Fr + Y0 * Fa, Fr)
    elif bearing_type == "cylindrical":
        P0 = Fr + 0.0 * Fa
    elif bearing_type in THRUST_TYPES:
        P0 = Fa + 0.0 * Fr
    elif bearing_type == "self_aligning_ball":
        if Y0 is None:
            raise InputError("self_aligning_ball needs the catalogue Y0 for P0")
        P0 = Fr + Y0 * Fa
    else:
        raise InputError(f"bearing_type: {bearing_type!r} is not known (expected one of {BEARING_TYPES})")
    return scalar_or_array(np.asarray(P0, dtype=float))


def duty_cycle_load(P: ArrayLike, speed_rpm: ArrayLike, time_share: ArrayLike, *, p: float = 3.0,
                    axis: int = -1) -> tuple[float | FloatArray, float | FloatArray]:
    """Equivalent constant load and mean speed of a duty cycle (ISO 281:2007 clause 6.3; SKF):

    ``P_eq = (Σ P_i^p·n_i·t_i / Σ n_i·t_i)^(1/p)``, ``n_m = Σ n_i·t_i / Σ t_i``.
    Steps along ``axis``; ``time_share`` need not sum to 1. Returns (P_eq, n_m).
    """
    P = positive(P, "P", allow_zero=True)
    n = positive(speed_rpm, "speed_rpm", allow_zero=True)
    t = positive(time_share, "time_share", allow_zero=True)
    w = n * t
    wsum = w.sum(axis=axis)
    if np.any(wsum <= 0):
        raise InputError("duty cycle: Σ speed·time is 0 (expected at least one turning step)")
    P_eq = ((P ** p * w).sum(axis=axis) / wsum) ** (1 / p)
    n_m = wsum / np.broadcast_to(t, w.shape).sum(axis=axis)
    return scalar_or_array(P_eq), scalar_or_array(n_m)
