"""Engineering calculations for the web (the calculators and the life pages, and the
``/api/v1/design/*`` and ``/api/v1/life/*`` routes): the same inputs and the same resolution
as the CLI (``keyparts design bearing``, ``keyparts life fit`` ...), one function per question.

Each returns the engine's frozen result (``to_dict()`` is the API body and the CLI's
``--json``) or, for a page, a small bundle of results with the inputs that were used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from keyparts.errors import InputError

#: ISO 3448:1992 viscosity grades: the grade number is the midpoint kinematic viscosity at 40 °C (mm²/s).
ISO_VG = (2, 3, 5, 7, 10, 15, 22, 32, 46, 68, 100, 150, 220, 320, 460, 680, 1000, 1500, 2200, 3200)


@dataclass(frozen=True)
class BearingRun:
    """A bearing check and the inputs it used after the designation and the oil were resolved
    (``inputs``: name -> value in the engine's unit; ``derived``: names taken from the
    designation or computed from the oil data)."""

    check: Any
    inputs: dict[str, Any]
    derived: tuple[str, ...] = ()
    designation: dict[str, Any] | None = None


def oil_viscosity(*, iso_vg: int | None, nu40: float | None, nu100: float | None,
                  temperature_C: float | None) -> float | None:
    """Operating viscosity ν (mm²/s) of an oil at ``temperature_C`` from ν40 and ν100 (ASTM
    D341, :func:`keyparts.design.viscosity_at_temperature`); ``iso_vg`` gives ν40 = the grade
    (ISO 3448 midpoint) when ν40 is not typed. None when no oil data are given."""
    from keyparts.design import viscosity_at_temperature
    if iso_vg is not None and iso_vg not in ISO_VG:
        raise InputError(f"iso_vg: {iso_vg} is not an ISO 3448 viscosity grade (expected one of "
                         f"{', '.join(map(str, ISO_VG))})")
    n40 = nu40 if nu40 is not None else (float(iso_vg) if iso_vg is not None else None)
    if n40 is None and nu100 is None and temperature_C is None:
        return None
    missing = [n for n, v in (("nu40_cSt (or iso_vg)", n40), ("nu100_cSt", nu100), ("temperature_C", temperature_C))
               if v is None]
    if missing:
        raise InputError(f"{missing[0]}: needed to compute the operating viscosity from the oil "
                         "(give ν40 or the ISO VG grade, ν100 and the operating temperature; or the "
                         "operating viscosity itself)")
    return float(viscosity_at_temperature(n40, nu100, temperature_C))


def bearing(body: Any) -> BearingRun:
    """``keyparts design bearing`` with the same resolution: a designation gives the type
    (unless chosen), d, D, clearance and contact angle; ν from the operating viscosity, else
    from the oil (ISO VG or ν40, ν100, temperature); then :func:`keyparts.design.bearing_check`."""
    from keyparts.design import bearing_check, parse_designation

    v = body.model_dump(exclude_none=True)
    derived: list[str] = []
    des = None
    text = v.pop("designation", None)
    btype = v.pop("bearing_type", None)
    if text:
        bd = parse_designation(text)
        des = bd.to_dict()
        if btype is None:
            btype = bd.check_type
            derived.append("bearing_type")
        for k, val in (("d_mm", bd.d_mm), ("D_mm", bd.D_mm), ("contact_angle_deg", bd.contact_angle_deg)):
            if k not in v and val is not None:
                v[k] = val
                derived.append(k)
        if "clearance" not in v and bd.clearance:
            v["clearance"] = bd.clearance
            derived.append("clearance")
        if btype is None:
            raise InputError(f"designation: {text!r} ({bd.type_name}) has no ISO 281 load model here "
                             "(choose the bearing type)")
    v["bearing_type"] = btype or "deep_groove"
    oil = {k: v.pop(k, None) for k in ("iso_vg", "nu40_cSt", "nu100_cSt", "temperature_C")}
    if "viscosity_cSt" not in v:
        nu = oil_viscosity(iso_vg=oil["iso_vg"], nu40=oil["nu40_cSt"], nu100=oil["nu100_cSt"],
                           temperature_C=oil["temperature_C"])
        if nu is not None:
            v["viscosity_cSt"] = nu
            derived.append("viscosity_cSt")
    check = bearing_check(**v)
    inputs = {**{k: x for k, x in oil.items() if x is not None}, **v}
    return BearingRun(check, inputs, tuple(derived), des)


def bolt(body: Any) -> Any:
    """``keyparts design bolt``: VDI 2230-1:2015 R7–R13 (:func:`keyparts.design.bolts.bolt_check`)."""
    from keyparts.design.bolts import bolt_check
    return bolt_check(**body.model_dump(exclude_none=True))


def cylinder(body: Any) -> Any:
    """``keyparts design cylinder`` (:func:`keyparts.design.hydraulics.cylinder_check`)."""
    from keyparts.design.hydraulics import cylinder_check
    return cylinder_check(**body.model_dump(exclude_none=True))


def designation(text: str) -> Any:
    from keyparts.design import parse_designation
    return parse_designation(text)


def interchange(a: str, b: str) -> Any:
    from keyparts.design import interchange as grade
    return grade(a, b)


# ------------------------------------------------------------------ life data
def life_frame(times: list, status: list | None = None, time_upper: list | None = None,
               count: list | None = None) -> pd.DataFrame:
    """JSON arrays as a ``tests`` frame (no time_unit: the numbers are taken as they are)."""
    n = len(times)
    for name, v in (("status", status), ("time_upper", time_upper), ("count", count)):
        if v is not None and len(v) != n:
            raise InputError(f"{name}: {len(v)} values, expected {n} (one per time)")
    return pd.DataFrame({"time": np.array([np.nan if t is None else t for t in times], float),
                         "status": status or ["F"] * n,
                         "time_upper": np.array([np.nan if t is None else t for t in (time_upper or [None] * n)],
                                                float),
                         "count": np.array(count or [1] * n, float)})


@dataclass(frozen=True)
class LifeAnalysis:
    """What the life page shows: the ranking (fit-all) or one fit, its B-life and R(t) table,
    the verdict against a required Bp life, the plot (SVG and plain arrays)."""

    fit: Any
    ranking: Any = None
    table: Any = None
    verdict: Any = None
    plot_svg: str | None = None
    plot: dict[str, Any] = field(default_factory=dict)
    read_as: str | None = None
    plot_option: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The API body: ``fit`` (and ``verdict``, ``plot_svg``, ``ranking``, ``table`` when made)."""
        out: dict[str, Any] = {"fit": self.fit.to_dict()}
        for k in ("verdict", "ranking", "table"):
            if getattr(self, k) is not None:
                out[k] = getattr(self, k).to_dict()
        if self.plot_svg is not None:
            out["plot_svg"] = self.plot_svg
        return out


def analyse_life(df: pd.DataFrame, *, dist: str = "weibull2p", method: str = "mle", cl: float = 0.9,
                 bounds: str = "fisher", required: float | None = None, p: float = 10.0,
                 times: list[float] | None = None, to_unit: str | None = None, plot: bool = False,
                 table: bool = False, plot_labels: dict[str, str] | None = None,
                 chart_gettext: Callable[[str], str] | None = None) -> LifeAnalysis:
    """Fit a ``tests`` frame. ``dist="all"``: every distribution by MLE ranked by AICc
    (:func:`keyparts.life.compare_distributions`, as `reliability`'s Fit_Everything), the best
    one carried on. ``required``: the qualification verdict, lower one-sided ``cl`` bound of
    the Bp life (``bounds``: lr or fisher) against the required Bp life (same time unit).
    ``table``: Bp lives and R(``times``) with two-sided bounds. ``plot``: the SVG and arrays (API);
    ``chart_gettext``: the probability plot as an ECharts option in that language (pages)."""
    from keyparts.life import compare_distributions, fit, from_tests_frame
    from keyparts.life.compare import qualify

    data = from_tests_frame(df, to_unit=to_unit)
    ranking = None
    if dist == "all":
        ranking = compare_distributions(data, cl=cl)
        if ranking.best is None:
            reasons = "; ".join(ranking.not_ranked.values())
            raise InputError(f"dist: no distribution could be fitted to these data ({reasons})")
        res = ranking.best
    else:
        res = fit(data, dist=dist, method=method, cl=cl)
    tab = None
    if table:
        from keyparts.life.summary import life_table
        kind = bounds if (bounds != "lr" or (res.method == "mle" and res.model.ls_factory is not None)) else "fisher"
        tab = life_table(res, times=times, bounds=kind)
    verdict = None
    if required is not None:
        kind = "lr" if bounds == "lr" and res.method == "mle" else "fisher"
        verdict = qualify(res, required=required, p=p, cl=cl, bounds=kind)
    svg, arrays, option = None, {}, None
    if plot or chart_gettext is not None:
        from keyparts.life.plots import plot_data
        kind = tab.bounds if tab is not None else None
        arrays = plot_data(res, data, kind=kind)
        if plot:
            from keyparts.web.lifeio import probability_plot_svg
            svg = probability_plot_svg(res, data, labels=plot_labels, kind=kind)
        if chart_gettext is not None:
            from keyparts.charts.life import probability_plot_of_fit
            option = probability_plot_of_fit(res, data, gettext=chart_gettext)
    return LifeAnalysis(res, ranking, tab, verdict, svg, arrays, df.attrs.get("read_as"), option)


def alt(df: pd.DataFrame, *, model: str = "ipl", dist: str = "weibull2p", exponent: float | None = None,
        use_stress: float | None = None, cl: float = 0.9, to_unit: str | None = None) -> Any:
    """``keyparts life alt``: Arrhenius or IPL life–stress model fitted jointly
    (:func:`keyparts.life.fit_alt`) to a ``tests`` frame with a stress column; returns the
    result and the time unit of its lives."""
    from keyparts.life import fit_alt, from_tests_frame
    data = from_tests_frame(df, to_unit=to_unit)
    if data.stress is None:
        raise InputError("stress: the file has no stress column (K for Arrhenius, load for IPL)")
    return fit_alt(data, model=model, dist=dist, exponent=exponent, use_stress=use_stress, cl=cl), data.unit


def plan(*, confidence: float, beta: float | None = None, reliability: float | None = None,
         at: float | None = None, units: int | None = None, duration: float | None = None,
         failures: int = 0, benchmark_eta: float | None = None, mtbf: float | None = None,
         true_eta: float | None = None) -> dict[str, Any]:
    """``keyparts life plan`` (same JSON): an exponential χ² test for ``mtbf``; a
    substantiation plan against a benchmark Weibull(``beta``, ``benchmark_eta``); else a
    Weibayes plan demonstrating R(``at``) >= ``reliability``."""
    from keyparts.life.planning import exponential_test_time, plan_test, substantiation_plan

    if mtbf is not None:
        total = exponential_test_time(mtbf=mtbf, confidence=confidence, failures=failures)
        return {"units": None, "duration": total, "failures": failures, "confidence": confidence,
                "mtbf": mtbf, "method": "exponential chi-square (time-terminated)"}
    if beta is None:
        raise InputError("beta: the assumed Weibull shape is required")
    if benchmark_eta is not None:
        p = substantiation_plan(benchmark_beta=beta, benchmark_eta=benchmark_eta, confidence=confidence,
                                units=units, duration=duration, failures=failures)
    else:
        if reliability is None or at is None:
            raise InputError("reliability: the reliability and the time it holds at are required "
                             "(or a benchmark η, or an MTBF)")
        p = plan_test(reliability=reliability, at=at, confidence=confidence, beta=beta, units=units,
                      duration=duration, failures=failures)
    d = p.to_dict()
    if benchmark_eta is not None:
        d.update(method="substantiation vs benchmark Weibull", benchmark_eta=benchmark_eta)
    if true_eta is not None:
        d["pass_probability"] = p.pass_probability(true_eta)
    return d


#: The downloadable template of the life page (tests.csv columns, docs/data-format.md):
#: failures (F), suspensions (S, a unit removed unfailed), an interval (I, failed between two
#: inspections), a left-censored row (L, failed before the first inspection) and a grouped row.
TEMPLATE_CSV = ("time,time_upper,status,count,unit_id,stress,time_unit\n"
                "72,,F,1,u1,,h\n82,,F,1,u2,,h\n97,,F,1,u3,,h\n103,,F,1,u4,,h\n113,,F,1,u5,,h\n"
                "150,,S,1,u6,,h\n120,140,I,1,u7,,h\n,60,L,1,u8,,h\n160,,S,3,u9-u11,,h\n")

