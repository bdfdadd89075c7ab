"""Rating life of rolling bearings: ISO 281:2007 clauses 7 and 9 and Annex A, plus oil viscosity
at temperature (ASTM D341 / Walther). Vectorised over NumPy arrays.

Units: loads in any consistent unit (ratios only), speed r/min, diameters mm, viscosity mm²/s
(cSt), temperature °C, life in 10⁶ revolutions (Mrev) or hours.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from keyparts.design._util import FloatArray, arr, positive, scalar_or_array
from keyparts.errors import InputError

Kind = Literal["ball", "roller"]

#: a_ISO cap, ISO 281:2007 clause 9.3.
A_ISO_CAP = 50.0

#: Thrust bearings enter the a_ISO equations with eC·Cu/(3·Pa) (thrust ball) and eC·Cu/(2.5·Pa)
#: (thrust roller) in place of eC·Cu/P, Cu being the fatigue load limit (ISO 281:2007 clause 9.3,
#: the a_ISO equations for thrust ball and thrust roller bearings).
THRUST_CU_DIVISOR: dict[str, float] = {"ball": 3.0, "roller": 2.5}

# ISO 281:2007 Annex A eq. (A.5)-(A.10): (low band, mid band, high band) coefficients.
# The mid-band exponent is 0.19087 (continuity at κ = 0.4 and 1 proves it); the 0.019087 seen
# in public code is a typo (tests/design/test_bearing_life.py locks this).
_AISO = {
    "ball": {"A": 2.5671, "B": (2.2649, 1.9987, 1.9987), "k": (0.054381, 0.19087, 0.071739),
                 "q": 0.83, "r": 1 / 3, "s": -9.3},
    "roller": {"A": 1.5859, "B": (1.3993, 1.2348, 1.2348), "k": (0.054381, 0.19087, 0.071739),
                   "q": 1.0, "r": 0.4, "s": -9.185},
}

# ISO 281:2007 Table 13 (eC ranges for dm < 100 mm, dm >= 100 mm), high value first.
CLEANLINESS_LEVELS: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "extreme": ((1.0, 1.0), (1.0, 1.0)),
    "high": ((0.8, 0.6), (0.9, 0.8)),
    "normal": ((0.6, 0.5), (0.8, 0.6)),
    "slight": ((0.5, 0.3), (0.6, 0.4)),
    "typical": ((0.3, 0.1), (0.4, 0.2)),
    "severe": ((0.1, 0.0), (0.1, 0.0)),
    "very_severe": ((0.0, 0.0), (0.0, 0.0)),
}

# ISO 281:2007 Annex A grease lubrication (c1, c2), as in NREL DG03 / frasere ISO-281.
_GREASE_C = {
    "high": (0.0864, 0.6796), "normal": (0.0432, 1.141), "slight": (0.0177, 1.887),
    "typical": (0.0177, 1.887), "severe": (0.0115, 2.662), "very_severe": (0.00617, 4.06),
}


def life_exponent(kind: Kind) -> float:
    """Life exponent p: 3 for ball, 10/3 for roller bearings (ISO 281:2007 eq. (13))."""
    if kind == "ball":
        return 3.0
    if kind == "roller":
        return 10.0 / 3.0
    raise InputError(f"kind: {kind!r} is not known (expected 'ball' or 'roller')")


def basic_rating_life(C: ArrayLike, P: ArrayLike, kind: Kind = "ball") -> float | FloatArray:
    """Basic rating life L10 = (C/P)^p in 10⁶ revolutions, ISO 281:2007 eq. (13)."""
    r = positive(C, "C") / positive(P, "P")
    return scalar_or_array(r * r * r if kind == "ball" else r ** life_exponent(kind))


def life_hours(L_Mrev: ArrayLike, speed_rpm: ArrayLike) -> float | FloatArray:
    """Life in operating hours: L_h = 10⁶/(60·n)·L (n in r/min)."""
    return scalar_or_array(1e6 / (60.0 * positive(speed_rpm, "speed_rpm")) * arr(L_Mrev, "L"))


def reliability_factor(reliability: ArrayLike = 0.9) -> float | FloatArray:
    """Life modification factor for reliability a1, ISO 281:2007 Table 1 (generating law):

    ``a1 = 0.95·(ln(1/R)/ln(1/0.9))^(2/3) + 0.05`` for 0.90 <= R <= 0.9995. (ISO 281:1990 printed
    the law without the 0.05 offset: 0.62/0.53/0.44/0.33/0.21 at 95..99 %.)
    """
    R = arr(reliability, "reliability")
    if ((R < 0.9 - 1e-12) | (R > 0.9995 + 1e-12)).any():
        bad = R[(R < 0.9 - 1e-12) | (R > 0.9995 + 1e-12)].flat[0]
        raise InputError(f"reliability: {bad:g} is outside ISO 281:2007 Table 1 (expected 0.90 to 0.9995)")
    return scalar_or_array(0.95 * (np.log(1 / R) / np.log(1 / 0.9)) ** (2 / 3) + 0.05)


def rated_viscosity(speed_rpm: ArrayLike, dm_mm: ArrayLike) -> float | FloatArray:
    """Reference kinematic viscosity ν1 (mm²/s), ISO 281:2007 eq. (A.3)/(A.4):

    ``ν1 = 45000·n^-0.83·dm^-0.5`` for n < 1000 r/min, ``ν1 = 4500·n^-0.5·dm^-0.5`` otherwise.
    (SKF's diagram reads about 0.84 × this; do not mix the two worlds.)
    """
    n = positive(speed_rpm, "speed_rpm")
    dm = positive(dm_mm, "dm")
    n, dm = np.broadcast_arrays(n, dm)
    out = np.array(4500.0 / np.sqrt(n * dm), dtype=float)
    slow = n < 1000
    if slow.any():
        out[slow] = 45000.0 * n[slow] ** -0.83 / np.sqrt(dm[slow])
    return scalar_or_array(out)


def viscosity_at_temperature(nu40: ArrayLike, nu100: ArrayLike, temperature_C: ArrayLike) -> float | FloatArray:
    """Kinematic viscosity (mm²/s) at a temperature from ν40 and ν100, ASTM D341 (Walther):

    ``log10(log10(ν + 0.7)) = A − B·log10(T)`` with T in kelvin, fitted through the two points.
    Valid for ν >= 2 mm²/s (the classic 0.7 constant).
    """
    n40, n100 = positive(nu40, "nu40"), positive(nu100, "nu100")
    T = arr(temperature_C, "temperature_C") + 273.15
    if (n100 >= n40).any():
        raise InputError("nu100 must be below nu40 (oil thins as it warms)")
    z40, z100 = np.log10(np.log10(n40 + 0.7)), np.log10(np.log10(n100 + 0.7))
    t40, t100 = np.log10(313.15), np.log10(373.15)
    B = (z40 - z100) / (t100 - t40)
    A = z40 + B * t40
    return scalar_or_array(10 ** (10 ** (A - B * np.log10(T))) - 0.7)


def contamination_factor(level: str, dm_mm: ArrayLike, *, pick: Literal["low", "mid", "high"] = "low") -> float | FloatArray:
    """Contamination factor eC from a cleanliness level, ISO 281:2007 Table 13.

    The standard gives a range per level (different for dm < 100 mm and dm >= 100 mm);
    ``pick`` takes its lower end (default, conservative), middle or upper end.
    Levels: extreme, high, normal, slight, typical, severe, very_severe.
    """
    key = level.strip().lower().replace(" ", "_").replace("-", "_")
    key = {"very_clean": "high", "clean": "normal", "very_severe_contamination": "very_severe"}.get(key, key)
    key = key.removesuffix("_cleanliness").removesuffix("_contamination")
    if key not in CLEANLINESS_LEVELS:
        raise InputError(f"cleanliness: {level!r} is not an ISO 281 Table 13 level "
                         f"(expected one of {', '.join(CLEANLINESS_LEVELS)})")
    small, large = CLEANLINESS_LEVELS[key]
    idx = {"high": 0, "low": 1}
    dm = positive(dm_mm, "dm")

    def val(rng: tuple[float, float]) -> float:
        return (rng[0] + rng[1]) / 2 if pick == "mid" else rng[idx[pick]]

    return scalar_or_array(np.where(dm < 100, val(small), val(large)))


def contamination_factor_grease(level: str, kappa: ArrayLike, Dpw_mm: ArrayLike) -> float | FloatArray:
    """Contamination factor eC for grease lubrication, ISO 281:2007 Annex A (A.2.2):

    ``eC = 0.173·c1·κ^0.68·Dpw^0.55·(1 − c2/Dpw^(1/3))``, clipped to [0, 1].
    """
    key = level.strip().lower().replace(" ", "_")
    if key not in _GREASE_C:
        raise InputError(f"cleanliness: {level!r} has no grease (c1, c2) row "
                         f"(expected one of {', '.join(_GREASE_C)})")
    c1, c2 = _GREASE_C[key]
    k = positive(kappa, "kappa")
    d = positive(Dpw_mm, "Dpw")
    return scalar_or_array(np.clip(0.173 * c1 * k ** 0.68 * d ** 0.55 * (1 - c2 / d ** (1 / 3)), 0.0, 1.0))


def life_modification_factor(kappa: ArrayLike, eC_Cu_P: ArrayLike, kind: Kind = "ball") -> float | FloatArray:
    """Life modification factor a_ISO, ISO 281:2007 clause 9.3 and Annex A eqs. (A.5)-(A.10).

    ``a_ISO = 0.1·[1 − (A − B/κ^k)^q·(eC·Cu/P)^r]^s`` with band coefficients for
    0.1 <= κ < 0.4, 0.4 <= κ < 1, 1 <= κ <= 4. κ > 4 is taken as 4; κ < 0.1 is outside the
    method (InputError). Capped at 50. For thrust bearings pass eC·Cu/(3·Pa) (ball) or
    eC·Cu/(2.5·Pa) (roller) as ``eC_Cu_P`` (``THRUST_CU_DIVISOR``), Cu the fatigue load limit.
    """
    if kind not in _AISO:
        raise InputError(f"kind: {kind!r} is not known (expected 'ball' or 'roller')")
    k = arr(kappa, "kappa")
    x = positive(eC_Cu_P, "eC·Cu/P", allow_zero=True)
    if (k < 0.1 - 1e-12).any():
        raise InputError(f"kappa: {k[k < 0.1 - 1e-12].flat[0]:g} is below 0.1, outside ISO 281 Annex A "
                         "(expected 0.1 or more; improve lubrication)")
    k = np.minimum(k, 4.0)
    c = _AISO[kind]
    B = np.where(k < 0.4, c["B"][0], c["B"][1])
    kexp = np.where(k < 0.4, c["k"][0], np.where(k < 1.0, c["k"][1], c["k"][2]))
    # powers written as exp/log: vectorised in NumPy and faster than ** on large arrays
    with np.errstate(divide="ignore", invalid="ignore"):
        base = np.maximum(c["A"] - B * np.exp(-kexp * np.log(k)), 0.0)
        term = np.exp(c["q"] * np.log(base) + c["r"] * np.log(x))
        inner = 1.0 - term
        a = np.where(inner > 0, 0.1 * np.exp(c["s"] * np.log(np.where(inner > 0, inner, 1.0))), np.inf)
    return scalar_or_array(np.minimum(a, A_ISO_CAP))


def required_dynamic_rating(P: ArrayLike, *, L10_Mrev: ArrayLike | None = None, L10h_h: ArrayLike | None = None,
                            speed_rpm: ArrayLike | None = None, kind: Kind = "ball", a1: ArrayLike = 1.0,
                            a_iso: ArrayLike = 1.0) -> float | FloatArray:
    """Smallest C (unit of P) that reaches a target life: the inverse of ISO 281:2007 eq. (13)/(15),

    ``C = P·(L/(a1·a_ISO))^(1/p)``; the target as L (Mrev) or as L_h (h) with ``speed_rpm``.
    """
    if (L10_Mrev is None) == (L10h_h is None):
        raise InputError("give exactly one target: L10_Mrev or L10h_h (with speed_rpm)")
    if L10_Mrev is None:
        if speed_rpm is None:
            raise InputError("L10h_h needs speed_rpm")
        L = positive(L10h_h, "L10h_h") * 60.0 * positive(speed_rpm, "speed_rpm") / 1e6
    else:
        L = positive(L10_Mrev, "L10_Mrev")
    fac = positive(a1, "a1") * positive(a_iso, "a_iso")
    return scalar_or_array(positive(P, "P") * (L / fac) ** (1 / life_exponent(kind)))
