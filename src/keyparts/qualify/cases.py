"""A stored qualification case judged by the gates: the dataset's rows in, a CaseStatus out.

Pure functions over the typed frames of a dataset (:class:`keyparts.dataset.model.Dataset`,
from a folder or the store); no I/O. What each gate is given:

* **design_review**: the part's catalogue values (``part_values``: C, C0, Pu, d, D, f0, e, Y,
  Y0, Y1, Y2 and alpha in the parameters' canonical units, kN, mm, deg) against the
  application's ``loads``, ``required_life_h``, ``reliability``, ``viscosity_cSt`` and
  ``cleanliness`` (:func:`design_review_bearing`, bearings: parts with a rating C). Other
  categories have no stored design check: the gate cannot be judged (``passed`` None).
* **first_article**: the case's ``inspections`` rows (:func:`first_article`).
* **bench_test**: the part's ``tests.csv`` campaigns named in the case's ``test_ids`` (all
  campaigns of the part when empty), in hours (:func:`keyparts.life.from_tests_frame`),
  against the application's life at its reliability, with the application's ``beta`` as the
  assumed Weibull shape (:func:`life_demonstration`); no campaign yet → a test plan.
* **system_test, field_trial, small_batch**: no evidence of these kinds is stored yet; the
  gate cannot be judged.

Recorded decisions (``qualification_events``) are the people's verdicts: the last ``pass`` or
``fail`` on a stage sets that gate through :func:`override` (by ``decided_by``, for the
``note``) when it differs from the engine's result, which the gate keeps
(``override.engine_passed``). Gates are listed from design_review to the case's stage (for a
rejected case, to the stage it failed at); ``next`` follows the gate of the current stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from keyparts.errors import InputError, NotFoundError

from .demonstration import life_demonstration
from .design_review import design_review_bearing
from .gate import CaseStatus, Gate, case_status, make_gate, override
from .inspection import first_article
from .premium import Premium, first_use_premium, premium_eligible
from .stages import REJECTED, STAGES, history_order

# part_values parameter -> keyword of keyparts.design.bearing_check (canonical units kN, mm, deg)
BEARING_VALUES = {"C": "C_kN", "C0": "C0_kN", "Pu": "Pu_kN", "d": "d_mm", "D": "D_mm", "f0": "f0",
                  "e": "e", "Y": "Y", "Y0": "Y0", "Y1": "Y1", "Y2": "Y2", "alpha": "contact_angle_deg"}
NO_EVIDENCE = {
    "system_test": "no system-test records are stored for the case yet",
    "field_trial": "no field failures and suspensions are stored for the case yet",
    "small_batch": "no PPAP elements or capability study are stored for the case yet",
}


def _frame(frames: Mapping[str, pd.DataFrame], name: str) -> pd.DataFrame:
    df = frames.get(name)
    if df is None:
        raise NotFoundError(f"the dataset has no {name}.csv")
    return df


def _row(df: pd.DataFrame, key: str, value: str, what: str) -> dict[str, Any]:
    hit = df[df[key].astype(str) == str(value)]
    if hit.empty:
        raise NotFoundError(f"{what} {value!r} not found")
    return {k: (None if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA else v)
            for k, v in hit.iloc[0].to_dict().items()}


def case_record(frames: Mapping[str, pd.DataFrame], case_id: str) -> dict[str, Any]:
    """The case row with its ``application`` and ``part`` rows (NotFoundError when missing)."""
    case = _row(_frame(frames, "qualification_cases"), "id", case_id, "qualification case")
    case["application"] = _row(_frame(frames, "applications"), "id", case["application_id"], "application")
    case["part"] = _row(_frame(frames, "parts"), "id", case["part_id"], "part")
    return case


def history(frames: Mapping[str, pd.DataFrame], case_id: str) -> pd.DataFrame:
    """The case's events in order (date, then stage, a hold before a pass or fail)."""
    ev = frames.get("qualification_events")
    cols = ["case_id", "date", "stage", "decision", "decided_by", "note"]
    if ev is None:
        return pd.DataFrame(columns=cols)
    g = ev[ev["case_id"].astype(str) == str(case_id)].copy()
    for c in cols:
        if c not in g.columns:
            g[c] = None
    g["_k"] = [history_order(s, d) for s, d in zip(g["stage"], g["decision"])]
    return g.sort_values(["date", "_k"], kind="stable")[cols].reset_index(drop=True)


def bearing_values(frames: Mapping[str, pd.DataFrame], part_id: str) -> dict[str, float]:
    """The part's catalogue values as :func:`keyparts.design.bearing_check` keywords."""
    pv = frames.get("part_values")
    if pv is None:
        return {}
    g = pv[pv["part_id"].astype(str) == str(part_id)]
    vals = g["value_canonical"] if "value_canonical" in g.columns else g["value"]
    num = pd.to_numeric(vals, errors="coerce")
    return {BEARING_VALUES[p]: float(v) for p, v in zip(g["parameter"], num)
            if p in BEARING_VALUES and np.isfinite(v)}


def _bearing_type(frames: Mapping[str, pd.DataFrame], category_id: str) -> str:
    from keyparts.match.demand import _bearing_type as by_name  # the matcher's one word rule

    cats = frames.get("categories")
    name = category_id
    if cats is not None:
        hit = cats.loc[cats["id"] == category_id, "name"]
        name = str(hit.iloc[0]) if len(hit) else category_id
    return by_name(name)


def _reliability(app: Mapping[str, Any]) -> float:
    r = app.get("reliability")
    return 0.9 if r is None else float(r)


def design_gate(frames: Mapping[str, pd.DataFrame], case: Mapping[str, Any]) -> Gate:
    app, part = case["application"], case["part"]
    bearing = bearing_values(frames, part["id"])
    if "C_kN" not in bearing:
        return make_gate("design_review", None, {"required_life_h": app["required_life_h"]}, {}, [
            f"no design check from stored data for category {part['category_id']} (bearings with "
            "a rating C only): the recorded decision stands"])
    if not app.get("loads"):
        return make_gate("design_review", None, {"required_life_h": app["required_life_h"]}, {}, [
            f"application {app['id']} has no loads (e.g. Fr=4kN; Fa=0kN; n=1800rpm)"])
    kind = _bearing_type(frames, part["category_id"])
    if kind != "deep_groove":
        bearing.pop("f0", None)
    if kind not in ("angular_contact",):
        bearing.pop("contact_angle_deg", None)
    return design_review_bearing(bearing={**bearing, "bearing_type": kind},
                                 required_life_h=float(app["required_life_h"]), loads=app["loads"],
                                 reliability=_reliability(app),
                                 viscosity_cSt=app.get("viscosity_cSt"),
                                 cleanliness=app.get("cleanliness"))


def inspection_gate(frames: Mapping[str, pd.DataFrame], case_id: str) -> Gate:
    ins = frames.get("inspections")
    rows = None if ins is None else ins[ins["case_id"].astype(str) == str(case_id)]
    if rows is None or rows.empty:
        return make_gate("first_article", None, {}, {}, [
            "no first-article inspection records for the case in inspections.csv"])
    return first_article(rows.rename(columns={"measured": "value"}))


def bench_tests(frames: Mapping[str, pd.DataFrame], case: Mapping[str, Any]) -> pd.DataFrame:
    """The tests.csv rows that are the case's bench evidence (``test_ids``, else the part's)."""
    tests = frames.get("tests")
    if tests is None:
        return pd.DataFrame()
    rows = tests[tests["part_id"].astype(str) == str(case["part_id"])]
    ids = [t for t in str(case.get("test_ids") or "").split(";") if t]
    return rows[rows["test_id"].isin(ids)] if ids else rows


def life_gate(frames: Mapping[str, pd.DataFrame], case: Mapping[str, Any], stage: str = "bench_test",
              *, beta: float | None = None, plan_units: int | None = None,
              plan_duration_h: float | None = None) -> Gate:
    """The bench-test gate from the case's campaigns, or a plan when there is none."""
    from keyparts.life import from_tests_frame

    app = case["application"]
    b = beta if beta is not None else app.get("beta")
    kw = dict(required_life_h=float(app["required_life_h"]), reliability=_reliability(app),
              beta=None if b is None else float(b), plan_units=plan_units,
              plan_duration_h=plan_duration_h)
    rows = bench_tests(frames, case) if stage == "bench_test" else pd.DataFrame()
    if rows.empty:
        return life_demonstration(stage, None, None, **kw)
    if rows["status"].isin(["L", "I"]).any():
        return make_gate(stage, None, {"required_life_h": kw["required_life_h"]}, {}, [
            "the campaign has interval- or left-censored records: the demonstration gate takes "
            "exact failure and suspension times (F/S)"])
    data = from_tests_frame(rows, to_unit="h")
    status = np.where(data.kind == 0, "F", "S")  # F = 0, S = 1 (no L/I here)
    return life_demonstration(stage, data.lower, status, count=data.count, **kw)


def _gate(frames: Mapping[str, pd.DataFrame], case: Mapping[str, Any], stage: str,
          beta: float | None) -> Gate:
    if stage == "design_review":
        return design_gate(frames, case)
    if stage == "first_article":
        return inspection_gate(frames, case["id"])
    if stage == "bench_test":
        return life_gate(frames, case, beta=beta)
    return make_gate(stage, None, {}, {}, [f"{NO_EVIDENCE[stage]}: the recorded decision stands"])


def _with_decision(gate: Gate, events: pd.DataFrame) -> Gate:
    """The gate set by the last recorded pass/fail on its stage (an audited override)."""
    ev = events[(events["stage"] == gate.stage) & events["decision"].isin(["pass", "fail"])]
    if ev.empty:
        return gate
    last = ev.iloc[-1]
    passed = last["decision"] == "pass"
    if gate.passed is passed:
        return gate
    return override(gate, by=last["decided_by"] or "(name not recorded)",
                    reason=last["note"] or f"decision {last['decision']} recorded", passed=passed,
                    date=str(last["date"]))


def status(frames: Mapping[str, pd.DataFrame], case_id: str, *, beta: float | None = None) -> CaseStatus:
    """The case's gates from its stored evidence and decisions, and the proposed next stage.

    beta: Weibull shape for the bench demonstration instead of the application's.
    """
    case = case_record(frames, case_id)
    events = history(frames, case_id)
    stage = case["stage"]
    last = stage
    if stage == REJECTED:
        fails = events[events["decision"] == "fail"]
        last = fails["stage"].iloc[-1] if len(fails) else None
    upto = STAGES[: STAGES.index(last) + 1] if last in STAGES else ()
    gates = [_with_decision(_gate(frames, case, s, beta), events) for s in upto if s != "batch_supply"]
    return case_status(case_id=case["id"], part_id=case["part_id"], oem_id=case["oem_id"],
                       application_id=case["application_id"], stage=stage, gates=gates)


def plan(frames: Mapping[str, pd.DataFrame], case_id: str, *, beta: float | None = None,
         units: int | None = None, duration_h: float | None = None) -> Gate:
    """A zero-failure bench test plan for the case (units × duration, operating characteristic)."""
    case = case_record(frames, case_id)
    return life_gate({}, case, "bench_test", beta=beta, plan_units=units, plan_duration_h=duration_h)


def premium(frames: Mapping[str, pd.DataFrame], case_id: str, *, units: int,
            beta: float | None = None, unit_value: float | None = None, key_category: bool = False,
            listed: bool = False, **options: Any) -> tuple[bool, Premium]:
    """Whether the case may apply for first-use insurance, and its indicative premium.

    Evidence: the case's bench campaigns with the application's (or the given) β (Weibayes);
    the insured period is one year of the application's ``duty_hours_per_year``; unit_value
    defaults to the part's ``unit_price_usd``. options: years, confidence, loading, rate_cap,
    subsidised_share, claim_per_failure (see :func:`first_use_premium`).
    """
    from keyparts.life import from_tests_frame

    case = case_record(frames, case_id)
    app, part = case["application"], case["part"]
    duty = app.get("duty_hours_per_year")
    if duty is None:
        raise InputError(f"application {app['id']}: duty_hours_per_year is empty (the insured "
                         "period is a year of the application's duty)")
    value = unit_value if unit_value is not None else part.get("unit_price_usd")
    if value is None:
        raise InputError(f"part {part['id']}: no unit_price_usd; give the insured unit value")
    b = beta if beta is not None else app.get("beta")
    rows = bench_tests(frames, case)
    if rows.empty:
        raise InputError(f"case {case_id}: no bench-test campaign of part {part['id']} to base "
                         "the probability of failure on")
    if rows["status"].isin(["L", "I"]).any():
        raise InputError(f"case {case_id}: the campaign has interval- or left-censored records "
                         "(the premium takes exact failure and suspension times)")
    data = from_tests_frame(rows, to_unit="h")
    status_ = np.where(data.kind == 0, "F", "S")
    prem = first_use_premium(data.lower, status_, count=data.count,
                             beta=None if b is None else float(b), duty_hours_per_year=float(duty),
                             units=units, unit_value=float(value), **options)
    return premium_eligible(case["stage"], key_category=key_category, listed=listed), prem


def qualified_for(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """(part_id, oem_id) pairs of cases at small_batch or later: the part is a qualified
    substitute for that buyer (:func:`keyparts.qualify.stages.is_qualified`)."""
    from .stages import is_qualified

    cases = frames.get("qualification_cases")
    if cases is None or cases.empty:
        return pd.DataFrame(columns=["part_id", "oem_id"])
    ok = cases["stage"].map(is_qualified).astype(bool)
    return cases.loc[ok, ["part_id", "oem_id"]].drop_duplicates().reset_index(drop=True)


def case_list(frames: Mapping[str, pd.DataFrame], *, oem_id: str | None = None,
              part_id: str | None = None, stage: str | None = None) -> list[dict[str, Any]]:
    """The cases (optionally of one OEM, part or stage) with the part's maker and designation
    and the last recorded decision."""
    cases = frames.get("qualification_cases")
    if cases is None or cases.empty:
        return []
    if stage is not None:
        from .stages import check_stage
        check_stage(stage, "--stage")
    parts = frames.get("parts")
    info = {} if parts is None else {p: (m, d) for p, m, d in
                                     zip(parts["id"], parts["maker_id"], parts["designation"])}
    out = []
    for c in cases.sort_values("id").to_dict("records"):
        if (oem_id and c["oem_id"] != oem_id) or (part_id and c["part_id"] != part_id) or \
                (stage and c["stage"] != stage):
            continue
        ev = history(frames, c["id"])
        last = None if ev.empty else {k: ev.iloc[-1][k] for k in ("date", "stage", "decision", "decided_by")}
        maker, designation = info.get(c["part_id"], (None, None))
        out.append({"case_id": c["id"], "part_id": c["part_id"], "maker_id": maker,
                    "designation": designation, "oem_id": c["oem_id"],
                    "application_id": c["application_id"], "stage": c["stage"],
                    "opened": str(c["opened"]), "last_decision": last})
    return out
