"""Basic load ratings from internal geometry: ISO 281:2007 (dynamic) and ISO 76:2006 (static).

Inputs in mm and degrees, outputs in N. Every function is vectorised over NumPy arrays.
The factor tables are interpolated linearly in gamma, as ISO 281 clause 6.1 / ISO 76 direct.

Provenance (see docs/design.md): the radial-ball and radial-roller fc tables are recalled values
of ISO 281:2007 Tables 2 and 7 (tag [R]; the ball table reproduces the 14.0 kN non-Explorer
catalogue rating of a 6205 from its geometry); the ISO 76 f0 ladder for groove ball
bearings and the thrust fc rows are recalled values (tag [R], unverified against the purchased
standard) and are flagged as such in ``RATING_PROVENANCE``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from keyparts.design._util import FloatArray, positive, scalar_or_array
from keyparts.errors import InputError

Kind = Literal["ball", "roller"]

#: ISO 281:2007 Table 1, rating factor bm for contemporary bearing steel.
BM: dict[str, float] = {
    "radial_ball": 1.3,
    "thrust_ball": 1.3,
    "radial_roller": 1.1,  # cylindrical, tapered, needle (machined rings)
    "drawn_cup_needle": 1.0,
    "spherical_roller": 1.15,
    "thrust_cylindrical": 1.0,
    "thrust_tapered": 1.1,
    "thrust_spherical": 1.15,
}

_GAMMA_BALL = np.array([0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.10, 0.12, 0.14, 0.16,
                        0.18, 0.20, 0.22, 0.24, 0.26, 0.28, 0.30, 0.32, 0.34, 0.36, 0.38, 0.40])
#: ISO 281 Table 2, single-row radial-contact and angular-contact groove ball bearings.
_FC_RADIAL_BALL = np.array([29.1, 35.8, 40.3, 43.8, 46.7, 49.1, 51.1, 52.8, 54.3, 55.5, 57.5, 58.8,
                            59.6, 59.9, 59.9, 59.6, 59.0, 58.2, 57.1, 56.0, 54.6, 53.2, 51.7, 50.0,
                            48.4])
_GAMMA_ROLLER = _GAMMA_BALL[:20]
#: ISO 281 Table 7, radial roller bearings.
_FC_RADIAL_ROLLER = np.array([52.1, 60.8, 66.5, 70.7, 74.1, 76.9, 79.2, 81.2, 82.8, 84.2, 86.4, 87.7,
                              88.5, 88.8, 88.7, 88.2, 87.5, 86.4, 85.2, 83.8])
_GAMMA_THRUST = _GAMMA_BALL[:22]
#: ISO 281 Table 4 (thrust ball, alpha = 90 deg, gamma = Dw/Dpw) [R, recalled, unverified].
_FC_THRUST_BALL_90 = np.array([36.7, 45.2, 51.1, 55.7, 59.5, 62.9, 65.8, 68.5, 71.0, 73.3, 77.4, 81.1,
                               84.4, 87.4, 90.2, 92.8, 95.3, 97.6, 99.8, 101.9, 103.9, 105.8])
#: ISO 281 Table 9 (thrust roller, alpha = 90 deg) [R, recalled, unverified].
_FC_THRUST_ROLLER_90 = np.array([105.4, 122.9, 134.5, 143.4, 150.7, 156.9, 162.4, 167.2, 171.7,
                                 175.7, 183.0, 189.4, 195.1, 200.3, 205.0, 209.4, 213.5, 217.3,
                                 220.9, 224.3])
_GAMMA_F0 = np.round(np.arange(0.0, 0.401, 0.01), 2)
#: ISO 76 Table 1, f0 for radial-contact groove ball bearings [R, recalled; 14.0 at 0.20 gives the
#: 7.8-7.9 kN catalogue C0 of a 6205 from its geometry].
_F0_GROOVE_BALL = np.array([14.7, 14.9, 15.1, 15.3, 15.5, 15.7, 15.9, 16.1, 16.3, 16.5, 16.4, 16.1,
                            15.9, 15.6, 15.4, 15.2, 14.9, 14.7, 14.4, 14.2, 14.0, 13.7, 13.5, 13.2,
                            13.0, 12.8, 12.5, 12.3, 12.1, 11.8, 11.6, 11.4, 11.2, 10.9, 10.7, 10.5,
                            10.3, 10.0, 9.8, 9.6, 9.4])

RATING_PROVENANCE = {
    "fc_radial_ball": "ISO 281:2007 Table 2 (recalled, [R])",
    "fc_radial_roller": "ISO 281:2007 Table 7 (recalled, [R])",
    "fc_thrust_ball_90": "ISO 281:2007 Table 4, alpha=90 deg (recalled, unverified)",
    "fc_thrust_roller_90": "ISO 281:2007 Table 9, alpha=90 deg (recalled, unverified)",
    "f0_groove_ball": "ISO 76:2006 Table 1 (recalled, unverified; 14.0 at gamma 0.20 [R])",
}


def _interp(gamma: FloatArray, xs: FloatArray, ys: FloatArray, what: str) -> FloatArray:
    if (gamma < xs[0] - 1e-12).any() or (gamma > xs[-1] + 1e-12).any():
        bad = gamma[(gamma < xs[0] - 1e-12) | (gamma > xs[-1] + 1e-12)].flat[0]
        raise InputError(f"gamma = {bad:.4f} is outside the {what} table ({xs[0]}..{xs[-1]})")
    return np.interp(gamma, xs, ys)


def fc_radial_ball(gamma: ArrayLike) -> float | FloatArray:
    """Geometry factor fc for radial groove ball bearings, ISO 281:2007 Table 2 (linear interp.)."""
    g = positive(gamma, "gamma")
    return scalar_or_array(_interp(g, _GAMMA_BALL, _FC_RADIAL_BALL, "ISO 281 Table 2"))


def fc_radial_roller(gamma: ArrayLike) -> float | FloatArray:
    """Geometry factor fc for radial roller bearings, ISO 281:2007 Table 7 (linear interp.)."""
    g = positive(gamma, "gamma")
    return scalar_or_array(_interp(g, _GAMMA_ROLLER, _FC_RADIAL_ROLLER, "ISO 281 Table 7"))


def f0_groove_ball(gamma: ArrayLike) -> float | FloatArray:
    """Static factor f0 for radial-contact groove ball bearings, ISO 76:2006 Table 1."""
    g = positive(gamma, "gamma", allow_zero=True)
    return scalar_or_array(_interp(g, _GAMMA_F0, _F0_GROOVE_BALL, "ISO 76 Table 1"))


def dynamic_rating_radial_ball(Z: ArrayLike, Dw: ArrayLike, Dpw: ArrayLike, *, alpha_deg: ArrayLike = 0.0,
                               i: ArrayLike = 1, bm: float = BM["radial_ball"]) -> float | FloatArray:
    """Basic dynamic radial load rating Cr (N) of a radial ball bearing, ISO 281:2007 eq. (2)/(3).

    ``Cr = bm·fc·(i·cosα)^0.7·Z^(2/3)·Dw^1.8`` for Dw <= 25.4 mm and ``… ·3.647·Dw^1.4`` above;
    fc from Table 2 at gamma = Dw·cosα/Dpw. Z per row, Dw and Dpw in mm, α in degrees.
    """
    Z, Dw, Dpw = positive(Z, "Z"), positive(Dw, "Dw"), positive(Dpw, "Dpw")
    cos_a = np.cos(np.radians(np.asarray(alpha_deg, dtype=float)))
    gamma = Dw * cos_a / Dpw
    fc = np.asarray(fc_radial_ball(gamma))
    dw_term = np.where(Dw <= 25.4, Dw ** 1.8, 3.647 * Dw ** 1.4)
    return scalar_or_array(bm * fc * (np.asarray(i, float) * cos_a) ** 0.7 * Z ** (2 / 3) * dw_term)


def dynamic_rating_radial_roller(Z: ArrayLike, Dwe: ArrayLike, Lwe: ArrayLike, Dpw: ArrayLike, *,
                                 alpha_deg: ArrayLike = 0.0, i: ArrayLike = 1,
                                 bm: float = BM["radial_roller"]) -> float | FloatArray:
    """Basic dynamic radial load rating Cr (N) of a radial roller bearing, ISO 281:2007 eq. (7).

    ``Cr = bm·fc·(i·Lwe·cosα)^(7/9)·Z^(3/4)·Dwe^(29/27)``, fc from Table 7 at Dwe·cosα/Dpw.
    """
    Z, Dwe, Lwe, Dpw = (positive(v, n) for v, n in ((Z, "Z"), (Dwe, "Dwe"), (Lwe, "Lwe"), (Dpw, "Dpw")))
    cos_a = np.cos(np.radians(np.asarray(alpha_deg, dtype=float)))
    fc = np.asarray(fc_radial_roller(Dwe * cos_a / Dpw))
    return scalar_or_array(bm * fc * (np.asarray(i, float) * Lwe * cos_a) ** (7 / 9) * Z ** 0.75
                           * Dwe ** (29 / 27))


def dynamic_rating_thrust_ball(Z: ArrayLike, Dw: ArrayLike, Dpw: ArrayLike, *,
                               bm: float = BM["thrust_ball"]) -> float | FloatArray:
    """Basic dynamic axial load rating Ca (N) of a thrust ball bearing with α = 90°,
    ISO 281:2007 eq. (5): ``Ca = bm·fc·Z^(2/3)·Dw^1.8`` (Dw <= 25.4 mm; ``3.647·Dw^1.4`` above).
    fc from Table 4 at gamma = Dw/Dpw (recalled values, flagged in RATING_PROVENANCE)."""
    Z, Dw, Dpw = positive(Z, "Z"), positive(Dw, "Dw"), positive(Dpw, "Dpw")
    fc = _interp(Dw / Dpw, _GAMMA_THRUST, _FC_THRUST_BALL_90, "ISO 281 Table 4")
    dw_term = np.where(Dw <= 25.4, Dw ** 1.8, 3.647 * Dw ** 1.4)
    return scalar_or_array(bm * fc * Z ** (2 / 3) * dw_term)


def dynamic_rating_thrust_roller(Z: ArrayLike, Dwe: ArrayLike, Lwe: ArrayLike, Dpw: ArrayLike, *,
                                 bm: float = BM["thrust_cylindrical"]) -> float | FloatArray:
    """Basic dynamic axial load rating Ca (N) of a thrust roller bearing with α = 90°,
    ISO 281:2007 eq. (10): ``Ca = bm·fc·Lwe^(7/9)·Z^(3/4)·Dwe^(29/27)`` (fc recalled, flagged)."""
    Z, Dwe, Lwe, Dpw = (positive(v, n) for v, n in ((Z, "Z"), (Dwe, "Dwe"), (Lwe, "Lwe"), (Dpw, "Dpw")))
    fc = _interp(Dwe / Dpw, _GAMMA_ROLLER, _FC_THRUST_ROLLER_90, "ISO 281 Table 9")
    return scalar_or_array(bm * fc * Lwe ** (7 / 9) * Z ** 0.75 * Dwe ** (29 / 27))


def static_rating_radial_ball(Z: ArrayLike, Dw: ArrayLike, Dpw: ArrayLike, *, alpha_deg: ArrayLike = 0.0,
                              i: ArrayLike = 1, f0: ArrayLike | None = None) -> float | FloatArray:
    """Basic static radial load rating C0r (N) of a radial ball bearing, ISO 76:2006 eq. (1):
    ``C0r = f0·i·Z·Dw²·cosα``; f0 from ISO 76 Table 1 (groove ball) unless given."""
    Z, Dw, Dpw = positive(Z, "Z"), positive(Dw, "Dw"), positive(Dpw, "Dpw")
    cos_a = np.cos(np.radians(np.asarray(alpha_deg, dtype=float)))
    f0v = np.asarray(f0_groove_ball(Dw * cos_a / Dpw)) if f0 is None else positive(f0, "f0")
    return scalar_or_array(f0v * np.asarray(i, float) * Z * Dw ** 2 * cos_a)


def static_rating_radial_roller(Z: ArrayLike, Dwe: ArrayLike, Lwe: ArrayLike, Dpw: ArrayLike, *,
                                alpha_deg: ArrayLike = 0.0, i: ArrayLike = 1) -> float | FloatArray:
    """Basic static radial load rating C0r (N) of a radial roller bearing, ISO 76:2006 eq. (3):
    ``C0r = 44·(1 − Dwe·cosα/Dpw)·i·Z·Lwe·Dwe·cosα``."""
    Z, Dwe, Lwe, Dpw = (positive(v, n) for v, n in ((Z, "Z"), (Dwe, "Dwe"), (Lwe, "Lwe"), (Dpw, "Dpw")))
    cos_a = np.cos(np.radians(np.asarray(alpha_deg, dtype=float)))
    return scalar_or_array(44.0 * (1 - Dwe * cos_a / Dpw) * np.asarray(i, float) * Z * Lwe * Dwe * cos_a)


def static_rating_thrust_ball(Z: ArrayLike, Dw: ArrayLike, f0: ArrayLike, *, alpha_deg: ArrayLike = 90.0) -> float | FloatArray:
    """Basic static axial load rating C0a (N) of a thrust ball bearing, ISO 76:2006 eq. (5):
    ``C0a = f0·Z·Dw²·sinα`` (f0 from ISO 76 Table 3 for the bearing's gamma; give it)."""
    Z, Dw, f0v = positive(Z, "Z"), positive(Dw, "Dw"), positive(f0, "f0")
    return scalar_or_array(f0v * Z * Dw ** 2 * np.sin(np.radians(np.asarray(alpha_deg, dtype=float))))


def static_rating_thrust_roller(Z: ArrayLike, Dwe: ArrayLike, Lwe: ArrayLike, Dpw: ArrayLike, *,
                                alpha_deg: ArrayLike = 90.0) -> float | FloatArray:
    """Basic static axial load rating C0a (N) of a thrust roller bearing, ISO 76:2006 eq. (7):
    ``C0a = 220·(1 − Dwe·cosα/Dpw)·Z·Lwe·Dwe·sinα``."""
    Z, Dwe, Lwe, Dpw = (positive(v, n) for v, n in ((Z, "Z"), (Dwe, "Dwe"), (Lwe, "Lwe"), (Dpw, "Dpw")))
    a = np.radians(np.asarray(alpha_deg, dtype=float))
    return scalar_or_array(220.0 * (1 - Dwe * np.cos(a) / Dpw) * Z * Lwe * Dwe * np.sin(a))


def fatigue_load_limit(C0: ArrayLike, Dpw: ArrayLike, kind: Kind = "ball") -> float | FloatArray:
    """Estimated fatigue load limit Cu (same unit as C0) when the catalogue gives none.

    ISO 281:2007 Annex B approximation: ball ``C0/22`` (Dpw <= 100 mm) and ``C0/22·(100/Dpw)^0.5``
    above; roller ``C0/8.2`` and ``C0/8.2·(100/Dpw)^0.3``. Catalogue Pu is usually lower: always
    prefer the catalogue value and flag an estimate (``bearing_check`` reports ``Cu_estimated``).
    """
    C0, Dpw = positive(C0, "C0"), positive(Dpw, "Dpw")
    if kind == "ball":
        cu = C0 / 22.0 * np.where(Dpw <= 100, 1.0, (100 / Dpw) ** 0.5)
    elif kind == "roller":
        cu = C0 / 8.2 * np.where(Dpw <= 100, 1.0, (100 / Dpw) ** 0.3)
    else:
        raise InputError(f"kind: {kind!r} is not known (expected 'ball' or 'roller')")
    return scalar_or_array(cu)
