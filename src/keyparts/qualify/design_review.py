"""design_review gate: the part against the application with the design engine.

Bearings (:func:`design_review_bearing`): the modified rating life L_nmh at the application's
reliability, ISO 281:2007 eq. (2) L_nm = a1·a_ISO·L10 with a1 from Table 1 and a_ISO from
Annex A when the lubrication (viscosity, cleanliness or eC, Pu) is known, else a_ISO = 1
(computed by :func:`keyparts.design.bearing_check`); with a duty cycle the lives of the steps
are combined by ISO 281:2007 clause 6.3 / Palmgren–Miner (:func:`keyparts.design.duty_cycle_life`).
Passes when L_nmh ≥ the required life; ``evidence["life_h"]`` carries L_nmh in hours.
Without a speed the life in hours cannot be computed: ``passed`` is None with the reason.

Bolted joints (VDI 2230-1:2015) and hydraulic cylinders / pumps: :func:`design_review_check`
takes the result of :func:`keyparts.design.bolts.bolt_check`,
:func:`keyparts.design.hydraulics.cylinder_check` (anything with ``passed`` and ``to_dict()``)
and turns it into the gate; the failed VDI 2230 steps are the reasons.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from keyparts.design import bearing_check, duty_cycle_life
from keyparts.errors import InputError

from .gate import Gate, hours, make_gate

STAGE = "design_review"


def _loads(loads: str | Mapping[str, float] | None) -> dict[str, float]:
    if loads is None:
        return {}
    if isinstance(loads, str):
        from keyparts.match.query import LOAD_UNITS, parse_loads  # the demands' load syntax, one parser
        return parse_loads(loads, LOAD_UNITS)
    return {str(k): float(v) for k, v in loads.items()}


def design_review_bearing(*, bearing: Mapping[str, Any], required_life_h: float,
                          loads: str | Mapping[str, float] | None = None,
                          duty_cycle: Mapping[str, Any] | None = None, reliability: float = 0.9,
                          viscosity_cSt: float | None = None, cleanliness: str | None = None,
                          eC: float | None = None) -> Gate:
    """Judge a rolling bearing against an application envelope.

    bearing: the part's catalogue values, keyword arguments of :func:`keyparts.design.bearing_check`
    (``C_kN`` required; ``C0_kN``, ``Pu_kN``, ``d_mm``, ``D_mm``, ``bearing_type``, ``f0`` …).
    loads: ``"Fr=4kN; Fa=0kN; n=1800rpm"`` (the demands' syntax) or ``{"Fr": kN, "Fa": kN,
    "n": r/min}``. duty_cycle: ``{"Fr_kN": [...], "Fa_kN": [...], "speed_rpm": [...],
    "time_share": [...]}`` instead of ``loads``. required_life_h: h, > 0. reliability: the
    application's (a1 of ISO 281:2007 Table 1). viscosity_cSt (mm²/s at operating temperature),
    cleanliness or eC: the lubrication, for a_ISO.
    """
    if not required_life_h > 0:
        raise InputError(f"required_life_h: {required_life_h} is not a life in hours > 0")
    if "C_kN" not in bearing:
        raise InputError("bearing: C_kN (basic dynamic load rating, kN) is required for a life")
    if (loads is None) == (duty_cycle is None):
        raise InputError("design review needs exactly one of loads (one operating point) or "
                         "duty_cycle (a table of steps)")
    criteria = {"required_life_h": float(required_life_h), "reliability": float(reliability),
                "rule": "L_nmh >= required life (ISO 281:2007 eq. (2), a1 Table 1, a_ISO Annex A)"}
    lube = {"viscosity_cSt": viscosity_cSt, "cleanliness": cleanliness, "eC": eC}
    if duty_cycle is not None:
        steps = {k: np.atleast_1d(np.asarray(duty_cycle[k], float)) for k in ("Fr_kN", "speed_rpm",
                                                                             "time_share")
                 if k in duty_cycle}
        missing = {"Fr_kN", "speed_rpm", "time_share"} - set(steps)
        if missing:
            raise InputError(f"duty_cycle: missing {', '.join(sorted(missing))} (one value per step)")
        Fa = np.atleast_1d(np.asarray(duty_cycle.get("Fa_kN", 0.0), float))
        chk = bearing_check(**bearing, Fr_kN=steps["Fr_kN"], Fa_kN=Fa, speed_rpm=steps["speed_rpm"],
                            reliability=reliability, **lube)
        a_iso = None if chk.a_iso is None else np.asarray(chk.a_iso, float)
        dc = duty_cycle_life(C_kN=float(bearing["C_kN"]), P_kN=chk.P_kN, speed_rpm=steps["speed_rpm"],
                             time_share=steps["time_share"], kind=chk.kind,
                             a_iso=a_iso if a_iso is not None else np.ones_like(steps["Fr_kN"]),
                             a1=float(chk.a1))
        life = float(dc.L10mh_h)  # type: ignore[arg-type]
        evidence = {"life_h": life, "P_eq_kN": dc.P_eq_kN, "n_mean_rpm": dc.n_mean_rpm,
                    "L10h_h": dc.L10h_h, "a1": chk.a1, "a_iso": chk.a_iso, "steps": dc.steps,
                    "method": dc.method, "notes": list(chk.notes)}
    else:
        ld = _loads(loads)
        if "Fr" not in ld and "Fa" not in ld:
            raise InputError(f"loads: {loads!r} has no Fr or Fa (expected e.g. Fr=4kN; Fa=0kN; n=1800rpm)")
        speed = ld.get("n")
        chk = bearing_check(**bearing, Fr_kN=ld.get("Fr", 0.0), Fa_kN=ld.get("Fa", 0.0),
                            speed_rpm=speed, reliability=reliability, **lube)
        evidence = {k: v for k, v in chk.to_dict().items() if k in
                    ("P_kN", "L10_Mrev", "L10h_h", "a1", "kappa", "a_iso", "L10m_Mrev", "s0")}
        evidence.update(method=chk.method, notes=list(chk.notes))
        if speed is None:
            evidence["life_h"] = None
            return make_gate(STAGE, None, criteria, evidence, [
                f"no speed in the application's loads: L10m = {float(chk.L10m_Mrev):.4g} Mrev cannot be "
                "turned into hours; give n (r/min)"])
        life = float(chk.L10mh_h)  # type: ignore[arg-type]
        evidence = {"life_h": life, **evidence}
    ok = life >= required_life_h
    a = "with a_ISO" if chk.a_iso is not None else "a_ISO = 1: lubrication not known"
    word = ">=" if ok else "<"
    reason = (f"L{_pct(reliability)}mh {hours(life)} {word} required {hours(required_life_h)} "
              f"({a})")
    return make_gate(STAGE, ok, criteria, evidence, [reason])


def _pct(reliability: float) -> str:
    """ISO 281 life name: L10 for 90 %, L5 for 95 %, L1 for 99 % …"""
    return f"{100 * (1 - reliability):g}"


def design_review_check(check: Any, *, what: str | None = None) -> Gate:
    """Gate from a design-engine check (VDI 2230 ``BoltCheck``, ``CylinderCheck``, ``PumpCheck`` …).

    ``passed`` is the check's own verdict (None stays None: the check could not judge);
    reasons list the failed steps with their requirement (VDI 2230 R2–R12) or the check's
    method when it has no steps.
    """
    if not hasattr(check, "passed") or not hasattr(check, "to_dict"):
        raise InputError(f"check: {type(check).__name__} is not a design-engine result "
                         "(expected a result with passed and to_dict())")
    name = what or type(check).__name__
    d = check.to_dict()
    steps = getattr(check, "steps", None) or ()
    reasons = [f"{s.step}: {s.requirement} not met ("
               + ", ".join(f"{k} = {v:.4g}" for k, v in s.values.items()) + ")"
               for s in steps if s.passed is False]
    passed = check.passed
    if passed is None:
        reasons.append(f"{name}: the check could not be judged with the inputs given")
    elif passed:
        reasons.append(f"{name}: every judged requirement is met")
    elif not reasons and d.get("F_perm_kN") is not None:
        reasons.append(f"{name}: rod buckling: the push load exceeds F_perm = FK/S = "
                       f"{d['F_perm_kN']:.4g} kN (FK = {d['F_K_kN']:.4g} kN, actual safety "
                       f"{d['safety_buckling']:.3g})")
    elif not reasons:
        reasons.append(f"{name}: failed ({d.get('method', 'design check')})")
    return make_gate(STAGE, passed, {"rule": d.get("method", name)}, d, reasons)
