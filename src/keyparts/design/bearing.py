"""One call for a bearing application check: loads → P, P0 → L10, a1, κ, a_ISO → L10m, s0.

``bearing_check`` composes the ISO 281:2007 / ISO 76:2006 pieces in ``loads``, ``life`` and
``ratings``; every input may be an array (1M load cases in one call). Loads in kN, speed in
r/min, viscosity mm²/s, diameters mm.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike

from keyparts.design import life as _life
from keyparts.design._util import FloatArray, jsonable, positive, scalar_or_array
from keyparts.design.loads import (
    ROLLER_TYPES,
    THRUST_TYPES,
    BearingType,
    duty_cycle_load,
    equivalent_dynamic_load,
    equivalent_static_load,
)
from keyparts.design.ratings import fatigue_load_limit
from keyparts.errors import InputError

Number = float | FloatArray

#: f0 used for deep groove bearings when the catalogue factor is missing (SKF 6300 prints 11,
#: 6000 12, 6200 13, 6205 14: the low end, because P falls as f0 rises).
F0_FALLBACK = 11.0

#: The stable JSON contract of ``keyparts design bearing --json`` (issue 5).
BEARING_CONTRACT = ("P_kN", "L10_Mrev", "L10h_h", "a1", "nu1_cSt", "kappa", "a_iso", "L10m_Mrev",
                    "L10mh_h", "P0_kN", "s0")


@dataclass(frozen=True)
class BearingCheck:
    """Result of ``bearing_check``: every contract value plus the choices that produced it."""

    P_kN: Number
    L10_Mrev: Number
    L10h_h: Number | None
    a1: Number
    nu1_cSt: Number | None
    kappa: Number | None
    a_iso: Number | None
    L10m_Mrev: Number
    L10mh_h: Number | None
    P0_kN: Number
    s0: Number | None
    bearing_type: str = "deep_groove"
    kind: str = "ball"
    reliability: float = 0.9
    eC: Number | None = None
    Cu_kN: Number | None = None
    Cu_estimated: bool = False
    required_L10mh_h: float | None = None
    passed: Any = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    method: str = "ISO 281:2007 (L10, a1 Table 1, a_ISO Annex A, ν1 eq. A.3/A.4); ISO 76:2006 (P0, s0)"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: the contract keys first, then the echoed choices."""
        d = {k: jsonable(getattr(self, k)) for k in BEARING_CONTRACT}
        for k in ("bearing_type", "kind", "reliability", "eC", "Cu_kN", "Cu_estimated",
                  "required_L10mh_h", "passed", "method"):
            d[k] = jsonable(getattr(self, k))
        d["notes"] = list(self.notes)
        return d


def bearing_check(*, C_kN: ArrayLike, Fr_kN: ArrayLike, Fa_kN: ArrayLike = 0.0,
                  bearing_type: BearingType = "deep_groove", C0_kN: ArrayLike | None = None,
                  f0: ArrayLike | None = None, Pu_kN: ArrayLike | None = None,
                  speed_rpm: ArrayLike | None = None, d_mm: ArrayLike | None = None,
                  D_mm: ArrayLike | None = None, dm_mm: ArrayLike | None = None,
                  viscosity_cSt: ArrayLike | None = None, nu1_cSt: ArrayLike | None = None,
                  cleanliness: str | None = None, eC: ArrayLike | None = None,
                  reliability: float = 0.9, clearance: str = "CN",
                  contact_angle_deg: float | None = None, e: float | None = None,
                  Y: float | None = None, Y1: float | None = None, Y2: float | None = None,
                  Y0: float | None = None, required_L10mh_h: float | None = None) -> BearingCheck:
    """Check a rolling bearing against its service loads (ISO 281:2007, ISO 76:2006).

    Loads in kN; ``speed_rpm`` r/min; ``viscosity_cSt`` the operating viscosity ν (mm²/s);
    ``nu1_cSt`` overrides the ISO ν1 closed form; ``dm_mm`` (or d, D) the mean diameter.
    a_ISO is computed when κ and eC (given or from ``cleanliness``) are known; otherwise a_ISO = 1
    is used for L10m and a note says so. Cu = Pu if given, else estimated from C0 (flagged in
    ``Cu_estimated`` and the notes). Thrust bearings enter a_ISO with eC·Cu/(3·Pa) (ball) or
    eC·Cu/(2.5·Pa) (roller), ISO 281:2007 clause 9.3. ``required_L10mh_h`` (h, > 0) needs
    ``speed_rpm``: a requirement that cannot be judged is an InputError, never ``passed = None``.
    """
    notes: list[str] = []
    req = None
    if required_L10mh_h is not None:
        req = scalar_or_array(positive(required_L10mh_h, "required_L10mh_h"))
        if speed_rpm is None:
            raise InputError(f"required_L10mh_h: {np.ravel(req)[0]:g} h cannot be judged without speed_rpm "
                             "(the life in hours needs the speed; give it)")
    kind: Literal["ball", "roller"] = "roller" if bearing_type in ROLLER_TYPES else "ball"
    C = positive(C_kN, "C_kN")
    if bearing_type == "deep_groove" and f0 is None and C0_kN is not None and np.any(np.asarray(Fa_kN) > 0):
        f0 = F0_FALLBACK
        notes.append(f"f0 not given: {F0_FALLBACK:g} assumed (low end of deep-groove calculation factors; "
                     "a lower f0 gives a higher P, so this is conservative)")
    P = np.asarray(equivalent_dynamic_load(Fr_kN, Fa_kN, bearing_type=bearing_type, C0=C0_kN, f0=f0,
                                           clearance=clearance, contact_angle_deg=contact_angle_deg,
                                           e=e, Y=Y, Y1=Y1, Y2=Y2))
    if np.any(P <= 0):
        raise InputError("Fr_kN and Fa_kN are both 0: no load to rate the life against")
    if bearing_type == "deep_groove" and C0_kN is not None and np.any(
            np.asarray(Fa_kN, dtype=float) > 0.5 * np.asarray(C0_kN, dtype=float)):
        notes.append("Fa > 0.5·C0: above the SKF limit for deep groove ball bearings (0.25·C0 for small "
                     "and light series)")
    L10 = np.asarray(_life.basic_rating_life(C, P, kind))
    a1 = np.asarray(_life.reliability_factor(reliability))
    if dm_mm is None and d_mm is not None and D_mm is not None:
        dm_mm = (positive(d_mm, "d_mm") + positive(D_mm, "D_mm")) / 2
    nu1 = kappa = a_iso = eC_v = Cu = None
    Cu_estimated = False
    if nu1_cSt is not None:
        nu1 = positive(nu1_cSt, "nu1_cSt")
    elif speed_rpm is not None and dm_mm is not None:
        nu1 = np.asarray(_life.rated_viscosity(speed_rpm, dm_mm))
    if viscosity_cSt is not None and nu1 is not None:
        kappa = positive(viscosity_cSt, "viscosity_cSt") / nu1
    if eC is not None:
        eC_v = positive(eC, "eC", allow_zero=True)
    elif cleanliness is not None and dm_mm is not None:
        eC_v = np.asarray(_life.contamination_factor(cleanliness, dm_mm))
        notes.append(f"eC = lower end of the ISO 281 Table 13 range for '{cleanliness}'")
    if Pu_kN is not None:
        Cu = positive(Pu_kN, "Pu_kN")
    elif C0_kN is not None and dm_mm is not None and eC_v is not None:
        Cu = np.asarray(fatigue_load_limit(C0_kN, dm_mm, kind))
        Cu_estimated = True
        notes.append("Cu estimated from C0 (no catalogue Pu given; ISO 281 approximation C0/22 ball, "
                     "C0/8.2 roller): catalogue Pu is usually lower, so a_ISO may be optimistic")
    divisor = 1.0
    if bearing_type in THRUST_TYPES:
        divisor = _life.THRUST_CU_DIVISOR[kind]
        notes.append(f"thrust: a_ISO uses eC·Cu/({divisor:g}·Pa) (ISO 281:2007 clause 9.3)")
    if kappa is not None and eC_v is not None and Cu is not None:
        if np.any(kappa < 0.1):
            notes.append("kappa < 0.1: outside ISO 281 Annex A; a_ISO evaluated at kappa = 0.1")
        a_iso = np.asarray(_life.life_modification_factor(np.maximum(kappa, 0.1), eC_v * Cu / (divisor * P),
                                                          kind))
        if np.any(kappa > 4):
            notes.append("kappa > 4 taken as 4 (ISO 281 Annex A)")
    else:
        missing = [n for n, v in (("viscosity and ν1 (speed + dm)", kappa), ("eC or cleanliness", eC_v),
                                  ("Pu (or C0 with d, D to estimate Cu)", Cu)) if v is None]
        notes.append("a_ISO not computed (missing " + ", ".join(missing) + "): L10m uses a_ISO = 1")
    L10m = a1 * (1.0 if a_iso is None else a_iso) * L10
    L10h = L10mh = None
    if speed_rpm is not None:
        L10h = np.asarray(_life.life_hours(L10, speed_rpm))
        L10mh = np.asarray(_life.life_hours(L10m, speed_rpm))
    angle0 = contact_angle_deg
    if Y0 is None and angle0 is None and bearing_type in ("tapered", "spherical_roller"):
        y_cat = Y if bearing_type == "tapered" else Y1
        if y_cat is None:
            raise InputError(f"{bearing_type}: give Y0, Y (Y1) or contact_angle_deg for P0")
        angle0 = float(np.degrees(np.arctan((0.4 if bearing_type == "tapered" else 0.45) / y_cat)))
        notes.append(f"Y0 derived from the catalogue Y via α = {angle0:.2f}° (ISO 76)")
    P0 = np.asarray(equivalent_static_load(Fr_kN, Fa_kN, bearing_type=bearing_type,
                                           contact_angle_deg=angle0, Y0=Y0))
    s0 = None if C0_kN is None else positive(C0_kN, "C0_kN") / np.where(P0 > 0, P0, np.nan)
    passed = None
    if req is not None:
        passed = L10mh >= req
        passed = bool(passed) if np.ndim(passed) == 0 else passed
    sa = lambda v: None if v is None else scalar_or_array(np.asarray(v, dtype=float))
    return BearingCheck(P_kN=sa(P), L10_Mrev=sa(L10), L10h_h=sa(L10h), a1=sa(a1), nu1_cSt=sa(nu1),
                        kappa=sa(kappa), a_iso=sa(a_iso), L10m_Mrev=sa(L10m), L10mh_h=sa(L10mh),
                        P0_kN=sa(P0), s0=sa(s0), bearing_type=bearing_type, kind=kind,
                        reliability=float(reliability), eC=sa(eC_v), Cu_kN=sa(Cu),
                        Cu_estimated=Cu_estimated, required_L10mh_h=req, passed=passed,
                        notes=tuple(notes))


@dataclass(frozen=True)
class DutyCycleLife:
    """Result of ``duty_cycle_life``: equivalent load, mean speed, and lives (ISO 281 clause 6.3)."""

    P_eq_kN: float
    n_mean_rpm: float
    L10_Mrev: float
    L10h_h: float
    L10m_Mrev: float | None
    L10mh_h: float | None
    steps: int
    method: str = "P_eq = (Σ P^p n t / Σ n t)^(1/p); L_nm by Palmgren–Miner 1/L = Σ U_i / L_i"

    def to_dict(self) -> dict[str, Any]:
        return {k: jsonable(v) for k, v in self.__dict__.items()}


def duty_cycle_life(*, C_kN: float, P_kN: ArrayLike, speed_rpm: ArrayLike, time_share: ArrayLike,
                    kind: Literal["ball", "roller"] = "ball", a_iso: ArrayLike | None = None,
                    a1: float = 1.0) -> DutyCycleLife:
    """Life over a variable load spectrum (ISO 281:2007 clause 6.3; SKF "fluctuating load").

    P_eq uses the life exponent; with per-step ``a_iso`` the modified life is the
    Palmgren–Miner sum over the revolution shares U_i = n_i·t_i / Σ n·t.
    """
    p = _life.life_exponent(kind)
    P = positive(P_kN, "P_kN")
    n = positive(speed_rpm, "speed_rpm", allow_zero=True)
    t = positive(time_share, "time_share", allow_zero=True)
    P_eq, n_m = duty_cycle_load(P, n, t, p=p)
    L10 = (C_kN / P_eq) ** p
    L10m = L10mh = None
    if a_iso is not None:
        w = n * t
        U = w / w.sum()
        Li = a1 * positive(a_iso, "a_iso") * (C_kN / P) ** p
        L10m = float(1.0 / np.sum(U / Li))
        L10mh = float(_life.life_hours(L10m, n_m))
    return DutyCycleLife(P_eq_kN=float(P_eq), n_mean_rpm=float(n_m), L10_Mrev=float(L10),
                         L10h_h=float(_life.life_hours(L10, n_m)), L10m_Mrev=L10m, L10mh_h=L10mh,
                         steps=int(P.size))
