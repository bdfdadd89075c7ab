"""Input and response models of the calculators and life routes (``/api/v1/design/*``,
``/api/v1/life/*``) and of the pages that post the same forms.

Inputs take every option of the CLI (``keyparts design bearing --help`` ...) under the
engine's argument names; quantities as numbers in the unit the name says or as text with a
unit (:func:`keyparts.web.api.schemas.Qty`). Responses are derived from the engines' result
dataclasses (:func:`keyparts.web.api.result_models.result_model`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, create_model

from keyparts.design import BearingCheck, BearingDesignation, Interchange
from keyparts.design.bolts import BoltCheck
from keyparts.design.hydraulics import CylinderCheck
from keyparts.design.loads import BearingType
from keyparts.life import ALTResult, FitResult, ParamBounds, TestPlan, Verdict
from keyparts.life.compare import Comparison
from keyparts.life.summary import LifeTable
from keyparts.web.api import schemas as s
from keyparts.web.api.result_models import Open, result_model
from keyparts.web.api.schemas import Qty

# ------------------------------------------------------------------ inputs
class BearingIn(s.BearingIn):
    """Every input of ``keyparts design bearing``: a designation gives type, d, D, clearance
    and contact angle; ν is the operating viscosity, or comes from the oil (ISO VG grade or
    ν40, with ν100 and the operating temperature, ASTM D341)."""

    designation: str | None = Field(default=None, max_length=100, description="e.g. 6309-2RS/C3, NU2205, 180205")
    bearing_type: BearingType | None = Field(default=None, description="default: from the designation, else deep_groove")
    f0: float | None = Field(default=None, gt=0, le=100, description="catalogue calculation factor f0 (deep groove)")
    iso_vg: int | None = Field(default=None, ge=2, le=3200, description="ISO 3448 grade: ν40 = the grade")
    nu40_cSt: Qty("mm^2/s") | None = Field(default=None, gt=0, le=1e5)
    nu100_cSt: Qty("mm^2/s") | None = Field(default=None, gt=0, le=1e5)
    temperature_C: Qty("degC") | None = Field(default=None, ge=-60, le=300, description="operating temperature")
    nu1_cSt: Qty("mm^2/s") | None = Field(default=None, gt=0, le=1e5, description="rated viscosity ν1 "
                                          "(default: ISO 281 eq. A.3/A.4)")
    cleanliness: Literal["extreme", "high", "normal", "slight", "typical", "severe", "very_severe"] | None = \
        Field(default=None, description="ISO 281:2007 Table 13 contamination level")
    eC: float | None = Field(default=None, ge=0, le=1, description="contamination factor (overrides cleanliness)")
    reliability: float = Field(default=0.9, ge=0.9, le=0.9995)
    clearance: Literal["CN", "C2", "C3", "C4", "C5"] | None = Field(default=None)
    contact_angle_deg: float | None = Field(default=None, ge=0, le=90)
    e: float | None = Field(default=None, gt=0, le=10, description="catalogue e (tapered, spherical)")
    Y: float | None = Field(default=None, gt=0, le=20, description="catalogue Y (tapered)")
    Y1: float | None = Field(default=None, gt=0, le=20, description="catalogue Y1 (spherical)")
    Y2: float | None = Field(default=None, gt=0, le=20, description="catalogue Y2 (spherical)")
    Y0: float | None = Field(default=None, gt=0, le=20, description="catalogue Y0")


class BoltIn(s.BoltIn):
    """Every input of ``keyparts design bolt``."""

    mu_T: float = Field(default=0.1, ge=0.01, le=1, description="interface friction μT for slip")
    DA_mm: Qty("mm") | None = Field(default=None, gt=0, le=1e4, description="outer diameter of the clamped parts")
    pG_MPa: Qty("MPa") | None = Field(default=None, gt=0, le=1e4, description="limiting surface pressure")
    rolled_after_heat_treatment: bool = False
    Phi: float | None = Field(default=None, ge=0, le=1, description="load factor Φ if known")


class CylinderIn(s.CylinderIn):
    """Every input of ``keyparts design cylinder``."""

    buckling_length_mm: Qty("mm") | None = Field(default=None, gt=0, le=1e5, description="LK directly")


class PlanIn(s.LifePlanIn):
    """Every input of ``keyparts life plan``: a Weibayes plan (reliability at a time), a
    substantiation plan (``benchmark_eta``) or an exponential χ² test (``mtbf``)."""

    reliability: float | None = Field(default=None, ge=0.01, le=0.999999)
    at: float | None = Field(default=None, ge=s.TIME_MIN, le=s.TIME_MAX)
    beta: float | None = Field(default=None, ge=0.1, le=50)
    benchmark_eta: float | None = Field(default=None, ge=s.TIME_MIN, le=s.TIME_MAX)
    mtbf: float | None = Field(default=None, ge=s.TIME_MIN, le=s.TIME_MAX)
    true_eta: float | None = Field(default=None, ge=s.TIME_MIN, le=s.TIME_MAX)


# ------------------------------------------------------------------ responses
BearingOut = result_model(BearingCheck, name="BearingCheckOut")
BoltOut = result_model(BoltCheck, name="BoltCheckOut")
CylinderOut = result_model(CylinderCheck, name="CylinderCheckOut")
DesignationOut = result_model(BearingDesignation, add={"basic": str, "canonical": str,
                                                       "old_code_equivalent": str | None})
InterchangeOut = result_model(Interchange)
ParamBoundsOut = result_model(ParamBounds, rename={"kind": "method"}, add={"params": dict[str, list[float | None]]},
                              drop=("params",))
#: A fit (``keyparts life fit --json``); method-specific extras (rank regression's ``rho``) as extra keys.
FitOut = result_model(FitResult, name="FitOut", nullable_floats=True, base=Open,
                      drop=("cl", "bounds_kind", "sides", "extra"),
                      add={"bounds": ParamBoundsOut, "b10": float | None, "b10_bounds": list[float | None]})
VerdictOut = result_model(Verdict)
LifeTableOut = result_model(LifeTable)
RankedFit = create_model("RankedFit", __base__=FitOut, rank=(int, ...))


class NotRanked(BaseModel):
    distribution: str
    reason: str


class RankingOut(BaseModel):
    """Every distribution fitted by MLE, best (lowest AICc) first (``keyparts.life.Ranking``)."""

    ranked: list[RankedFit]  # type: ignore[valid-type]
    not_ranked: list[NotRanked]


class LifeFitOut(BaseModel):
    """A life fit (``fit``), with the verdict against ``required_b10``, the SVG plot, the
    ranking of all distributions and the B-life / R(t) table when asked for."""

    fit: FitOut  # type: ignore[valid-type]
    verdict: VerdictOut | None = None  # type: ignore[valid-type]
    plot_svg: str | None = None
    ranking: RankingOut | None = None
    table: LifeTableOut | None = None  # type: ignore[valid-type]


ComparisonOut = result_model(Comparison, drop=("fits",), add={"groups": list[FitOut]},  # type: ignore[valid-type]
                             nullable_floats=True)
ALTOut = result_model(ALTResult, nullable_floats=True)
#: ``keyparts life plan --json``: a Weibayes or substantiation plan (a TestPlan), or an
#: exponential χ² test (no units, reliability, at or beta; ``mtbf`` and the total ``duration``).
PlanOut = result_model(TestPlan, name="PlanOut", optional=("units", "reliability", "at", "beta"),
                       add={"method": str, "benchmark_eta": float | None, "mtbf": float | None,
                            "pass_probability": float | None})
