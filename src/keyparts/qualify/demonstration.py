"""bench_test, system_test and field_trial gates: a life demonstration with keyparts.life.

The application requires reliability R at its required life t_R (h) — the B_{100(1−R)} life —
shown at confidence C. With the test (or field) times of the substitute:

* **no failures** (or one): Weibayes with the assumed shape β of the benchmark part
  (Abernethy 2006, *The New Weibull Handbook* §6.2; Nelson 1985, *J. Qual. Tech.* 17):
  η_L = (2 Σ t_i^β / χ²(C; 2r+2))^{1/β} (r = 0: (Σ t_i^β / −ln(1−C))^{1/β}); the lower bound
  of the life is B_L = η_L·(−ln R)^{1/β}; pass when B_L ≥ t_R
  (:func:`keyparts.life.weibayes`).
* **two or more failures**: a Weibull 2P MLE fit and its one-sided lower likelihood-ratio
  bound on the B-life at C; pass when it reaches t_R (:func:`keyparts.life.qualify`). When the
  MLE does not exist (all failures at the longest time) Weibayes with β is used.
* **no data yet**: ``passed`` is None and the gate proposes a zero-failure test plan
  (:func:`keyparts.life.plan_test`): units × duration that demonstrate R(t_R) at C for the
  benchmark's β, n = ln(1−C) / ((t/t_R)^β ln R), with its operating characteristic
  P(pass) at true scales 1, 1.5, 2 and 3 times η_R = t_R/(−ln R)^{1/β} (the η that just meets
  the requirement).

Times are in hours of operation (the unit of ``required_life_h``); suspensions are units
still running (field: in service without failure).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from keyparts.errors import InputError, InsufficientDataError
from keyparts.life import FitResult, fit, life_data, plan_test, qualify, weibayes

from .gate import Gate, hours, make_gate

LIFE_STAGES = ("bench_test", "system_test", "field_trial")
OC_MULTIPLES = (1.0, 1.5, 2.0, 3.0)


def _b(reliability: float) -> str:
    return f"B{100 * (1 - reliability):.3g}"


def life_demonstration(stage: str, times: ArrayLike | None = None, status: ArrayLike | None = None,
                       *, required_life_h: float, reliability: float = 0.9,
                       confidence: float = 0.9, beta: float | None = None,
                       count: ArrayLike | None = None, benchmark: FitResult | None = None,
                       plan_units: int | None = None, plan_duration_h: float | None = None) -> Gate:
    """Gate ``stage`` (bench_test, system_test or field_trial) from life data.

    times (h), status (F failure / S suspension, or 1/0), count: the substitute's test or field
    record (None or empty → a test plan is proposed). required_life_h: t_R; reliability: R at
    t_R; confidence: C (one-sided). beta: the assumed Weibull shape (the benchmark part's),
    needed with fewer than two failures and for a plan. benchmark: a Weibull fit of the
    benchmark part's tests; its β is used when ``beta`` is not given, and its B-life (point
    estimate) is shown in the evidence beside the substitute's. plan_units or
    plan_duration_h: fix one side of the plan (default: run each unit to t_R).
    """
    if benchmark is not None:
        if benchmark.distribution != "weibull2p":
            raise InputError(f"benchmark: a weibull2p fit is needed for its shape β, not "
                             f"{benchmark.distribution}")
        beta = float(benchmark.params["beta"]) if beta is None else beta
    if stage not in LIFE_STAGES:
        raise InputError(f"stage: {stage!r} is not a life-demonstration gate ({', '.join(LIFE_STAGES)})")
    if not required_life_h > 0:
        raise InputError(f"required_life_h: {required_life_h} is not a life in hours > 0")
    if beta is not None and not beta > 0:
        raise InputError(f"beta: {beta} is not a Weibull shape > 0")
    if not 0 < reliability < 1 or not 0 < confidence < 1:
        raise InputError(f"reliability {reliability} and confidence {confidence} must both be "
                         "between 0 and 1 (e.g. 0.9)")
    b = _b(reliability)
    p = 100.0 * (1.0 - reliability)
    criteria = {"required_life_h": float(required_life_h), "reliability": float(reliability),
                "confidence": float(confidence), "beta_assumed": beta,
                "rule": f"lower {confidence:.0%} one-sided bound on {b} >= required life"}
    gate = _judge(stage, times, status, count, criteria, required_life_h, reliability,
                  confidence, beta, plan_units, plan_duration_h)
    if benchmark is None:
        return gate
    ref = float(benchmark.b_life(p))
    line = f"benchmark {b} (point estimate, β = {benchmark.params['beta']:.3g}) = {hours(ref)}"
    return replace(gate, evidence={**gate.evidence, "benchmark_b_life_h": ref},
                   reasons=(*gate.reasons, line))


def _judge(stage: str, times: ArrayLike | None, status: ArrayLike | None,
           count: ArrayLike | None, criteria: dict[str, Any], required_life_h: float,
           reliability: float, confidence: float, beta: float | None, plan_units: int | None,
           plan_duration_h: float | None) -> Gate:
    b = _b(reliability)
    p = 100.0 * (1.0 - reliability)
    n_rows = 0 if times is None else np.asarray(times).size
    if n_rows == 0:
        return _plan_gate(stage, criteria, required_life_h, reliability, confidence, beta,
                          plan_units, plan_duration_h)
    data = life_data(times, status, count=count)
    r = int(data.failures)
    ev: dict[str, Any] = {"units": int(data.n), "failures": r,
                          "total_time_h": float((data.count * data.lower).sum())}
    if r >= 2:
        try:
            res = fit(data, dist="weibull2p", method="mle", bounds="lr", cl=confidence, sides=1)
            v = qualify(res, required=required_life_h, p=p, cl=confidence, bounds="lr")
            ev.update(method="Weibull 2P MLE, likelihood-ratio bound", beta=res.params["beta"],
                      eta_h=res.params["eta"], b_life_h=v.substitute_b, b_life_lower_h=v.substitute_b_lower)
            word = ">=" if v.passed else "<"
            return make_gate(stage, v.passed, criteria, ev, [
                f"{b} lower {confidence:.0%} bound {hours(v.substitute_b_lower)} {word} required "
                f"{hours(required_life_h)} ({r} of {data.n} units failed; Weibull MLE β = "
                f"{res.params['beta']:.3g}, η = {hours(res.params['eta'])})"])
        except InsufficientDataError as exc:
            if beta is None:
                return make_gate(stage, None, criteria, ev, [f"no Weibull fit: {exc}"])
    if beta is None:
        return make_gate(stage, None, criteria, ev, [
            f"{r} failure(s): a demonstration needs the benchmark's Weibull shape β (Weibayes)"])
    wb = weibayes(data, beta=beta, confidence=confidence)
    lower = wb.b_life(p)
    ok = lower >= required_life_h
    ev.update(method="Weibayes", beta=beta, eta_lower_h=wb.eta_lower, b_life_lower_h=lower)
    word = ">=" if ok else "<"
    return make_gate(stage, ok, criteria, ev, [
        f"Weibayes (β = {beta:g}, {r} of {data.n} units failed): η lower {confidence:.0%} = "
        f"{hours(wb.eta_lower)}, {b} lower bound {hours(lower)} {word} required "
        f"{hours(required_life_h)}"])


def _plan_gate(stage: str, criteria: dict[str, Any], t_R: float, R: float, C: float,
               beta: float | None, units: int | None, duration: float | None) -> Gate:
    if beta is None:
        return make_gate(stage, None, criteria, {"plan": None}, [
            "no test data yet, and no benchmark β to plan a demonstration test with"])
    if units is None and duration is None:
        duration = t_R
    plan = plan_test(reliability=R, at=t_R, confidence=C, beta=beta, units=units, duration=duration)
    eta_R = t_R / (-math.log(R)) ** (1.0 / beta)
    oc = [{"eta_h": k * eta_R, "pass_probability": plan.pass_probability(k * eta_R)}
          for k in OC_MULTIPLES]
    return make_gate(stage, None, criteria, {"plan": plan.to_dict(), "operating_characteristic": oc}, [
        f"no test data yet: run {plan.units} units for {hours(plan.duration)} each with no failure "
        f"to show R({hours(t_R)}) >= {R:g} at {C:.0%} confidence (Weibayes plan, β = {beta:g})"])
