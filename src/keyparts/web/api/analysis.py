"""Engines over the stored data: assessment, exposure, scenarios (analysts and admins: national
aggregates), life fit/compare/plan, bearing check, designations, demand matches, allocation.

Every response is the engine result's ``to_dict()``. Demand matching and allocation see only
the caller's visible rows (its demands, visible life tests and prices). Every engine runs off
the event loop with bounded concurrency (:mod:`keyparts.web.concurrency`); a cached national
result that is current is answered from the loop.
"""

from __future__ import annotations

from typing import Annotated, Any

import numpy as np
import pandas as pd
from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from keyparts.web.api.results import AllocationOut, AssessmentOut, ExposureOut, MatchOut, ScenarioOut
from keyparts.web.api.schemas import (
    TIME_MAX,
    AllocateIn,
    BearingIn,
    BoltIn,
    CylinderIn,
    LifeCompareIn,
    LifeFitIn,
    LifePlanIn,
    ScenarioIn,
)
from keyparts.web.deps import Cache, Caller, National, Repo
from keyparts.web.lifeio import fit_tests, probability_plot_svg, read_life_csv
from keyparts.web.concurrency import cached, heavy
from keyparts.web.services import analysis as svc
from keyparts.web.uploads import read_upload

router = APIRouter(tags=["analysis"])
J = dict[str, Any]  # TODO(issue 12 §4): the /life and /design routes below are typed by the calculators' work


@router.get("/assessment", response_model=AssessmentOut, operation_id="get_assessment")
async def get_assessment(p: National, cache: Cache) -> dict:
    """Key-category list: supply risk, economic importance, ranking (keyparts.priority)."""
    return await cached(cache, ["assessment_dict"], svc.assessment, cache)


@router.get("/exposure", response_model=ExposureOut, operation_id="get_exposure")
async def get_exposure(p: National, cache: Cache) -> dict:
    """Import exposure of end products (keyparts.supply.exposure): the caller's own products,
    and aggregates of at least k enterprises (docs/security.md, disclosure)."""
    return await cached(cache, svc.exposure_ready(cache, p), svc.exposure, cache, p)


@router.post("/scenarios", response_model=ScenarioOut, operation_id="run_scenario")
async def run_scenario(body: ScenarioIn, p: National, cache: Cache) -> dict:
    """Simulate an embargo / supplier failure and its losses (keyparts.supply.scenario): the
    caller's own products, and aggregates of at least k enterprises (docs/security.md)."""
    return await heavy(lambda: svc.scenario(cache, p, **body.model_dump()))


def _life_frame(body: LifeFitIn) -> pd.DataFrame:
    """The JSON arrays as a ``tests`` frame (no time_unit: the numbers are taken as they are)."""
    from keyparts.errors import InputError
    n = len(body.times)
    for name in ("status", "time_upper", "count"):
        v = getattr(body, name)
        if v is not None and len(v) != n:
            raise InputError(f"{name}: {len(v)} values, expected {n} (one per time)")
    return pd.DataFrame({"time": np.array([np.nan if t is None else t for t in body.times], float),
                         "status": body.status or ["F"] * n,
                         "time_upper": np.array([np.nan if t is None else t for t in (body.time_upper or [None] * n)],
                                                float),
                         "count": np.array(body.count or [1] * n, float)})


def _fit_out(df: pd.DataFrame, dist: str, method: str, cl: float, required_b10: float | None,
             plot: bool = False, to_unit: str | None = None) -> dict:
    """``{"fit": to_dict()}`` of a ``tests`` frame, with the verdict and the SVG plot if asked."""
    res, data = fit_tests(df, dist=dist, method=method, cl=cl, to_unit=to_unit)
    out = {"fit": res.to_dict()}
    if required_b10 is not None:
        from keyparts.life.compare import qualify
        out["verdict"] = qualify(res, required=required_b10, p=10.0, cl=cl).to_dict()
    if plot:
        out["plot_svg"] = probability_plot_svg(res, data)
    return out


@router.post("/life/fit", response_model=J, operation_id="life_fit")
async def life_fit(body: LifeFitIn, p: Caller) -> dict:
    """Fit a life distribution to censored data; with ``required_b10`` also the verdict."""
    return await heavy(lambda: _fit_out(_life_frame(body), body.dist, body.method, body.cl, body.required_b10))


@router.post("/life/fit-csv", response_model=J, operation_id="life_fit_csv")
async def life_fit_csv(p: Caller, file: Annotated[UploadFile, File()],
                       dist: str = Form("weibull2p", max_length=40),
                       method: str = Form("mle", pattern="^(mle|rrx|rry)$"),
                       cl: float = Form(0.9, ge=0.01, le=0.999999),
                       required_b10: float | None = Form(None, gt=0, le=TIME_MAX),
                       plot: bool = Form(False),
                       to_unit: str | None = Form(None, max_length=20)) -> dict:
    """Fit an uploaded life-test CSV (not stored; checked by the ``tests.csv`` rules of the
    dataset contract); mixed units go to the most used one or ``to_unit``; ``plot`` adds an
    SVG probability plot."""
    data = await read_upload(file)

    def run() -> JSONResponse:  # parsing, fitting, plotting and JSON encoding (MBs of SVG) off the loop
        df = read_life_csv(data, file.filename or "upload.csv")
        return JSONResponse(jsonable_encoder(_fit_out(df, dist, method, cl, required_b10, plot, to_unit or None)))
    return await heavy(run)


@router.post("/life/compare", response_model=J, operation_id="life_compare")
async def life_compare(body: LifeCompareIn, p: Caller) -> dict:
    """Likelihood-ratio comparison of groups (keyparts.life.compare)."""
    from keyparts.life import from_tests_frame
    from keyparts.life.compare import compare

    def run() -> dict:
        groups = [from_tests_frame(_life_frame(g)) for g in body.groups.values()]
        return compare(groups, dist=body.dist, cl=body.cl).to_dict()
    return await heavy(run)


@router.post("/life/plan", response_model=J, operation_id="life_plan")
async def life_plan(body: LifePlanIn, p: Caller) -> dict:
    """Zero/few-failure Weibull test plan (keyparts.life.planning.plan_test): units for a
    duration, or duration for ``units``."""
    from keyparts.life.planning import plan_test

    kw = {"reliability": body.reliability, "at": body.at, "confidence": body.confidence, "beta": body.beta,
              "failures": body.failures}
    return await heavy(lambda: plan_test(units=body.units, duration=body.duration, **kw).to_dict())


@router.post("/design/bearing", response_model=J, operation_id="bearing_check")
def bearing_check(body: BearingIn, p: Caller) -> dict:
    """Rolling-bearing check: ISO 281 rating life, ISO 76 static safety (keyparts.design)."""
    from keyparts.design import bearing_check as check
    return check(**body.model_dump(exclude_none=True)).to_dict()


@router.post("/design/bolt", response_model=J, operation_id="bolt_check")
def bolt_check(body: BoltIn, p: Caller) -> dict:
    """Bolted joint check, VDI 2230-1:2015 with ISO 898-1 property classes (keyparts.design.bolts)."""
    from keyparts.design.bolts import bolt_check as check
    return check(**body.model_dump(exclude_none=True)).to_dict()


@router.post("/design/cylinder", response_model=J, operation_id="cylinder_check")
def cylinder_check(body: CylinderIn, p: Caller) -> dict:
    """Hydraulic cylinder forces, speeds and Euler/Tetmajer rod buckling (keyparts.design.hydraulics)."""
    from keyparts.design.hydraulics import cylinder_check as check
    return check(**body.model_dump(exclude_none=True)).to_dict()


@router.get("/design/designation", response_model=J, operation_id="parse_designation")
def parse_designation(p: Caller, text: Annotated[str, Query(min_length=1, max_length=100)]) -> dict:
    """Parse a bearing designation (ISO 15 / GB/T 272, old Chinese codes)."""
    from keyparts.design import parse_designation as parse
    return parse(text).to_dict()


@router.get("/design/interchange", response_model=J, operation_id="designation_interchange")
def designation_interchange(p: Caller, a: Annotated[str, Query(min_length=1, max_length=100)],
                            b: Annotated[str, Query(min_length=1, max_length=100)]) -> dict:
    """Interchange grade between two designations."""
    from keyparts.design import interchange
    return interchange(a, b).to_dict()


@router.get("/demands/{demand_id}/matches", response_model=MatchOut, operation_id="match_demand")
async def match_demand(demand_id: str, p: Caller, cache: Cache, repo: Repo,
                       top: Annotated[int, Query(ge=1, le=200)] = 10) -> dict:
    """Explained matches for a visible demand (keyparts.match.demand)."""
    return await heavy(svc.match_demand, demand_id, cache, repo, top)


@router.post("/allocations", response_model=AllocationOut, operation_id="allocate_demands")
async def allocate_demands(body: AllocateIn, p: Caller, cache: Cache, repo: Repo) -> dict:
    """Share the caller's demands among eligible parts at least cost plus risk (MILP) using the
    makers' offers and the prices the caller may see (keyparts.match.allocate). Every unmet
    quantity says why (``shortfall[].reasons``); the run is saved for audit (``run_id``)."""
    return await heavy(svc.allocate, cache, repo, p, body.demand_ids, max_suppliers=body.max_suppliers,
                       max_share=body.max_share, min_domestic=body.min_domestic_share)
