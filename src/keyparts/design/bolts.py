"""Bolted-joint check along VDI 2230 Part 1 (2015), steps R2–R13 as far as the inputs allow.

Units: forces kN at the interface, mm, MPa, N·m. Each step reports its value and pass/fail.
Formulas (clauses of VDI 2230-1:2015): R7 permissible assembly preload FM,zul (eq. R7/1-3),
R8 working stress and SF, R9 fatigue σASV/σASG, R10 surface pressure, R12 slip, R13 torque MA;
resiliences by the deformation-cone model (5.1/…), embedding fZ by the VDI 2230:1986 estimate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from keyparts.design.threads import property_class, thread
from keyparts.errors import InputError

E_STEEL = 205_000.0  # MPa, VDI 2230 value for steel
#: Bearing-face diameter dw,min (mm) of ISO 4014/4017 hexagon heads, product grade A to M24, B above
#: (ISO 4014:2011 dimension tables; dw,min = 0.95·s,min). Non-preferred sizes from the same
#: standard: M18 (s 27) 25.34, M22 (s 34) 31.71, M27 (s 41, grade B) 38.00. The fine-pitch bolts of
#: ISO 8765 (M18x1.5, M22x1.5) have the same heads, so the table is keyed by nominal diameter.
#: ISO 4762 socket heads have no M18, M22, M27 sizes: give ``dw_mm`` for a DIN 912 socket head.
DW_MIN = {3: 4.57, 4: 5.88, 5: 6.88, 6: 8.88, 8: 11.63, 10: 14.63, 12: 16.63, 14: 19.64, 16: 22.49,
          18: 25.34, 20: 28.19, 22: 31.71, 24: 33.61, 27: 38.00, 30: 42.75, 36: 51.11}
#: Clearance hole dh (mm), medium series, ISO 273:1979 (M18 20, M22 24, M27 30).
DH_MEDIUM = {3: 3.4, 4: 4.5, 5: 5.5, 6: 6.6, 8: 9.0, 10: 11.0, 12: 13.5, 14: 15.5, 16: 17.5, 18: 20.0,
             20: 22.0, 22: 24.0, 24: 26.0, 27: 30.0, 30: 33.0, 33: 36.0, 36: 39.0, 39: 42.0, 42: 45.0,
             45: 48.0, 48: 52.0, 52: 56.0, 56: 62.0, 60: 66.0, 64: 70.0}
#: Limiting surface pressure pG (MPa), VDI 2230 Table A9 examples [R].
PG_LIMITS = {"S235": 490.0, "42CrMo4": 1000.0, "EN-GJL-250": 850.0, "AlMgSi1": 360.0}


@dataclass(frozen=True)
class Step:
    """One VDI 2230 calculation step: its values, the requirement and whether it is met."""

    step: str
    values: dict[str, float]
    requirement: str
    passed: bool | None

    def to_dict(self) -> dict[str, Any]:
        return {"step": self.step, "values": self.values, "requirement": self.requirement, "passed": self.passed}


@dataclass(frozen=True)
class BoltCheck:
    """Result of ``bolt_check``; ``to_dict`` is the ``keyparts design bolt --json`` contract."""

    thread: str
    property_class: str
    As_mm2: float
    FM_zul_kN: float
    FM_min_kN: float
    MA_Nm: float
    sigma_red_MPa: float
    safety_yield: float
    Phi: float
    FKR_min_kN: float
    sigma_a_MPa: float | None
    sigma_ASV_MPa: float
    safety_fatigue: float | None
    p_MPa: float | None
    safety_pressure: float | None
    safety_slip: float | None
    passed: bool
    steps: list[Step] = field(default_factory=list)
    notes: tuple[str, ...] = ()
    method: str = "VDI 2230 Part 1 (2015) R7–R13; ISO 898-1:2013; ISO 724 thread geometry"

    def to_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in ("As_mm2", "FM_zul_kN", "MA_Nm", "sigma_red_MPa", "safety_yield",
                                             "FM_min_kN", "Phi", "FKR_min_kN", "sigma_a_MPa", "sigma_ASV_MPa",
                                             "safety_fatigue", "p_MPa", "safety_pressure", "safety_slip",
                                             "passed", "thread", "property_class", "method")}
        out["steps"] = [s.to_dict() for s in self.steps]
        out["notes"] = list(self.notes)
        return out


def assembly_preload(spec: str, class_name: str, mu_G: float, *, nu: float = 0.9) -> float:
    """Permissible assembly preload FM,zul (N), VDI 2230 R7 (eq. R7/3, standard shank bolt):

    ``FM,zul = ν·Rp0.2min·A0 / sqrt(1 + 3·[3/2·d2/d0·(P/(π·d2) + 1.155·μG)]²)``, A0 = As, d0 = ds.
    """
    t = thread(spec)
    Rp = property_class(class_name, t.d).Rp02_min
    k = 1.5 * t.d2 / t.ds * (t.P / (math.pi * t.d2) + 1.155 * mu_G)
    return nu * Rp * t.As / math.sqrt(1 + 3 * k * k)


def tightening_torque(spec: str, FM_N: float, mu_G: float, mu_K: float, *, dw: float | None = None,
                      dh: float | None = None) -> float:
    """Tightening torque MA (N·m), VDI 2230 R13: ``MA = FM·(0.16·P + 0.58·d2·μG + DKm/2·μK)``,
    DKm = (dw + dh)/2 (hex head ISO 4014 dw,min and medium clearance hole unless given)."""
    t = thread(spec)
    dw = dw if dw is not None else DW_MIN.get(t.d)
    dh = dh if dh is not None else DH_MEDIUM.get(t.d)
    if dw is None or dh is None:
        raise InputError(f"bolt: no default head bearing diameter for M{t.d:g} (give dw_mm and dh_mm)")
    return FM_N * (0.16 * t.P + 0.58 * t.d2 * mu_G + (dw + dh) / 4 * mu_K) / 1000.0


def _resiliences(t: Any, lK: float, dw: float, dh: float, DA: float | None) -> tuple[float, float]:
    """(δS, δP) in mm/N: bolt as head + threaded clamp length + engaged thread + nut (VDI 5.1/…),
    plates by the deformation cone (tanφ = 0.362 + 0.032·ln(βL/2) + 0.153·ln y, w = 1)."""
    AN = math.pi / 4 * t.d ** 2
    dS = (0.5 * t.d / AN + lK / t.A_d3 + 0.5 * t.d / t.A_d3 + 0.4 * t.d / AN) / E_STEEL
    DA = DA if DA is not None else 3 * dw
    y = DA / dw
    tanphi = 0.362 + 0.032 * math.log(lK / dw / 2) + 0.153 * math.log(y)
    DA_gr = dw + lK * tanphi
    if DA >= DA_gr:
        dP = 2 * math.log((dw + dh) * (dw + lK * tanphi - dh) / ((dw - dh) * (dw + lK * tanphi + dh))) / (
            E_STEEL * math.pi * dh * tanphi)
    else:
        dP = (2 / (dh * tanphi) * math.log((dw + dh) * (DA - dh) / ((dw - dh) * (DA + dh)))
              + 4 / (DA ** 2 - dh ** 2) * (lK - (DA - dw) / tanphi)) / (E_STEEL * math.pi)
    return dS, dP


def bolt_check(*, thread_spec: str, property_class_name: str, mu_G: float, mu_K: float | None = None,
               alpha_A: float = 1.6, FA_kN: float = 0.0, FA_min_kN: float = 0.0, FQ_kN: float = 0.0,
               mu_T: float = 0.1, q_F: int = 1, FK_req_kN: float = 0.0, Phi: float | None = None,
               n: float = 0.5, clamp_length_mm: float | None = None, DA_mm: float | None = None,
               dw_mm: float | None = None, dh_mm: float | None = None, fZ_um: float | None = None,
               pG_MPa: float | None = None, rolled_after_heat_treatment: bool = False,
               nu: float = 0.9, dynamic: bool = True) -> BoltCheck:
    """Check one bolted joint (VDI 2230-1:2015) tightened to FM,zul (ν = 0.9 utilisation).

    FMmax = FM,zul; FMmin = FMmax/αA. Φ from the cone model if ``clamp_length_mm`` is given
    (Φ = n·ΦK), else the given ``Phi``; if neither, the bolt stress uses Φ = 1 and the residual
    clamp load Φ = 0 (each the conservative bound; flagged in ``notes``). With ``dynamic`` (default)
    the axial load cycles between ``FA_min_kN`` and ``FA_kN`` and R9 fatigue is checked.
    """
    notes: list[str] = []
    t = thread(thread_spec)
    pc = property_class(property_class_name, t.d)
    mu_K = mu_G if mu_K is None else mu_K
    dw = dw_mm if dw_mm is not None else DW_MIN.get(t.d)
    dh = dh_mm if dh_mm is not None else DH_MEDIUM.get(t.d)
    if FA_kN < 0 or FQ_kN < 0 or alpha_A < 1:
        raise InputError("bolt: loads must be >= 0 and the tightening factor αA >= 1")
    FMzul = assembly_preload(t.designation, property_class_name, mu_G, nu=nu)
    FMmin = FMzul / alpha_A
    steps: list[Step] = []
    MA = tightening_torque(t.designation, FMzul, mu_G, mu_K, dw=dw, dh=dh)
    steps.append(Step("R7 assembly preload", {"FM_zul_kN": FMzul / 1e3, "FM_min_kN": FMmin / 1e3},
                      "FMmax = FM,zul (ν = 0.9 of Rp0.2min)", True))
    FZ = 0.0
    if Phi is None and clamp_length_mm is not None and dw is not None and dh is not None:
        dS, dP = _resiliences(t, clamp_length_mm, dw, dh, DA_mm)
        Phi = n * dP / (dS + dP)
        fZ = (fZ_um / 1000.0) if fZ_um is not None else 3.29e-3 * (clamp_length_mm / t.d) ** 0.34
        FZ = fZ / (dS + dP)
        steps.append(Step("R3/R4 load factor and embedding", {"Phi": Phi, "FZ_kN": FZ / 1e3, "n": n},
                          "cone model, fZ ≈ 3.29·(lK/d)^0.34 µm·10⁻³ unless given", None))
    Phi_plate = Phi
    if Phi is None:
        Phi, Phi_plate = 1.0, 0.0
        notes.append("Φ unknown (no clamp length or Phi): bolt stress with Φ = 1 and clamp loss with Φ = 0 "
                     "(both conservative)")
    FA = FA_kN * 1e3
    FKR = FMmin - (1 - Phi_plate) * FA - FZ
    FKerf = max(FK_req_kN * 1e3, FQ_kN * 1e3 / (q_F * mu_T) if FQ_kN else 0.0)
    steps.append(Step("R2/R5 residual clamp load", {"FKR_min_kN": FKR / 1e3, "FK_erf_kN": FKerf / 1e3},
                      "FKR,min >= FK,erf (and > 0: no separation)", FKR >= FKerf and FKR > 0))
    FSmax = FMzul + Phi * FA
    sigma_z = FSmax / t.As
    MG = FMzul * t.d2 / 2 * (t.P / (math.pi * t.d2) + 1.155 * mu_G)
    tau = MG / (math.pi * t.ds ** 3 / 16)
    sigma_red = math.sqrt(sigma_z ** 2 + 3 * (0.5 * tau) ** 2)
    SF = pc.Rp02_min / sigma_red
    steps.append(Step("R8 working stress", {"sigma_red_MPa": sigma_red, "safety_yield": SF},
                      "SF = Rp0.2min/σred,B >= 1.0 (kτ = 0.5)", SF >= 1.0))
    sigma_ASV = 0.85 * (150 / t.d + 45)
    sigma_a = SD = None
    if dynamic and FA_kN > FA_min_kN:
        sigma_a = Phi * (FA - FA_min_kN * 1e3) / (2 * t.As)
        limit = sigma_ASV
        if rolled_after_heat_treatment:
            FSm = FMzul + Phi * (FA + FA_min_kN * 1e3) / 2
            limit = (2 - FSm / (pc.Rp02_min * t.As)) * sigma_ASV
        SD = limit / sigma_a
        steps.append(Step("R9 fatigue", {"sigma_a_MPa": sigma_a, "sigma_AS_MPa": limit, "safety_fatigue": SD},
                          "SD = σAS/σa >= 1.2 (rolled " + ("after" if rolled_after_heat_treatment else "before")
                          + " heat treatment)", SD >= 1.2))
    p = Sp = None
    if dw is not None and dh is not None:
        Ap = math.pi / 4 * (dw ** 2 - dh ** 2)
        p = (FMzul + Phi * FA) / Ap
        if pG_MPa is not None:
            Sp = pG_MPa / p
            steps.append(Step("R10 surface pressure", {"p_MPa": p, "safety_pressure": Sp},
                              "Sp = pG/pB,max >= 1.0", Sp >= 1.0))
        else:
            notes.append("R10 surface pressure computed but not judged (no pG given)")
    SG = None
    if FQ_kN > 0:
        SG = FKR * q_F * mu_T / (FQ_kN * 1e3)
        steps.append(Step("R12 slip", {"safety_slip": SG}, "SG = FKR,min·qF·μT/FQ >= 1.2 (static)", SG >= 1.2))
    steps.append(Step("R13 tightening torque", {"MA_Nm": MA}, "set the wrench to MA", None))
    passed = all(s.passed for s in steps if s.passed is not None)
    return BoltCheck(thread=t.designation, property_class=pc.name, As_mm2=t.As, FM_zul_kN=FMzul / 1e3,
                     FM_min_kN=FMmin / 1e3, MA_Nm=MA, sigma_red_MPa=sigma_red, safety_yield=SF, Phi=Phi,
                     FKR_min_kN=FKR / 1e3, sigma_a_MPa=sigma_a, sigma_ASV_MPa=sigma_ASV, safety_fatigue=SD,
                     p_MPa=p, safety_pressure=Sp, safety_slip=SG, passed=passed, steps=steps, notes=tuple(notes))
