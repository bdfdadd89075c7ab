"""Calculators and life-data analysis over the API (``/design/*``, ``/life/*``): the inputs of
the CLI commands, the engine's ``to_dict()`` as the body, a typed response model derived from
the engine's result (:mod:`keyparts.web.api.engineering_schemas`). Every route calls
:mod:`keyparts.web.services.engineering`; fits and plots run off the event loop.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from keyparts.web.api import engineering_schemas as m
from keyparts.web.api.schemas import TIME_MAX, LifeCompareIn, LifeFitIn
from keyparts.web.concurrency import heavy
from keyparts.web.deps import Caller
from keyparts.web.lifeio import read_life_csv
from keyparts.web.services import engineering as svc
from keyparts.web.uploads import read_upload

router = APIRouter(tags=["engineering"])
Dist = Form("weibull2p", max_length=40, description="a distribution of keyparts.life.DISTRIBUTIONS, or 'all' "
                                                    "(every one by MLE, ranked by AICc; the best is `fit`)")


@router.post("/life/fit", response_model=m.LifeFitOut, operation_id="life_fit")
async def life_fit(body: LifeFitIn, p: Caller) -> dict:
    """Fit a life distribution to censored data; with ``required_b10`` also the verdict."""
    df = svc.life_frame(body.times, body.status, body.time_upper, body.count)
    return await heavy(lambda: svc.analyse_life(df, dist=body.dist, method=body.method, cl=body.cl,
                                                required=body.required_b10, bounds="lr").to_dict())


@router.post("/life/fit-csv", response_model=m.LifeFitOut, operation_id="life_fit_csv")
async def life_fit_csv(p: Caller, file: Annotated[UploadFile, File()],
                       dist: str = Dist,
                       method: str = Form("mle", pattern="^(mle|rrx|rry)$"),
                       cl: float = Form(0.9, ge=0.01, le=0.999999),
                       required_b10: float | None = Form(None, gt=0, le=TIME_MAX),
                       bounds: str = Form("lr", pattern="^(lr|fisher)$"),
                       plot: bool = Form(False),
                       table: bool = Form(False),
                       to_unit: str | None = Form(None, max_length=20)) -> JSONResponse:
    """Fit an uploaded life-test CSV (not stored; checked by the ``tests.csv`` rules of the
    dataset contract); mixed units go to the most used one or ``to_unit``; ``plot`` adds an
    SVG probability plot; ``table`` the Bp lives and R(t) with bounds; ``dist=all`` ranks
    every distribution by AICc."""
    data = await read_upload(file)

    def run() -> JSONResponse:  # parsing, fitting, plotting and JSON encoding (MBs of SVG) off the loop
        df = read_life_csv(data, file.filename or "upload.csv")
        out = svc.analyse_life(df, dist=dist, method=method, cl=cl, required=required_b10, bounds=bounds,
                               plot=plot, table=table, to_unit=to_unit or None).to_dict()
        return JSONResponse(jsonable_encoder(m.LifeFitOut.model_validate(out).model_dump(exclude_unset=True)))
    return await heavy(run)


@router.post("/life/compare", response_model=m.ComparisonOut, operation_id="life_compare")
async def life_compare(body: LifeCompareIn, p: Caller) -> dict:
    """Likelihood-ratio comparison of groups (keyparts.life.compare)."""
    from keyparts.life import compare, from_tests_frame

    def run() -> dict:
        groups = [from_tests_frame(svc.life_frame(g.times, g.status, g.time_upper, g.count))
                  for g in body.groups.values()]
        return compare(groups, dist=body.dist, cl=body.cl).to_dict()
    return await heavy(run)


@router.post("/life/plan", response_model=m.PlanOut, response_model_exclude_unset=True, operation_id="life_plan")
async def life_plan(body: m.PlanIn, p: Caller) -> dict:
    """Demonstration test plan (``keyparts life plan``): Weibayes units for a duration or
    duration for ``units``; substantiation against ``benchmark_eta``; exponential χ² for ``mtbf``."""
    return await heavy(lambda: svc.plan(**body.model_dump()))


@router.post("/life/alt-csv", response_model=m.ALTOut, operation_id="life_alt_csv")
async def life_alt_csv(p: Caller, file: Annotated[UploadFile, File()],
                       model: str = Form("ipl", pattern="^(ipl|arrhenius)$"),
                       dist: str = Form("weibull2p", pattern="^(weibull2p|lognormal)$"),
                       exponent: float | None = Form(None, gt=0, le=100),
                       use_stress: float | None = Form(None, gt=0, le=1e12),
                       cl: float = Form(0.9, ge=0.5, le=0.999999),
                       to_unit: str | None = Form(None, max_length=20)) -> dict:
    """Accelerated life (``keyparts life alt``): Arrhenius (stress in K) or inverse power law
    fitted jointly over the stress levels of an uploaded tests CSV; life at ``use_stress``."""
    data = await read_upload(file)

    def run() -> dict:
        res, _unit = svc.alt(read_life_csv(data, file.filename or "upload.csv"), model=model, dist=dist,
                             exponent=exponent, use_stress=use_stress, cl=cl, to_unit=to_unit or None)
        return res.to_dict()
    return await heavy(run)


@router.post("/design/bearing", response_model=m.BearingOut, operation_id="bearing_check")
def bearing_check(body: m.BearingIn, p: Caller) -> dict:
    """Rolling-bearing check (``keyparts design bearing``): ISO 281:2007 rating life with
    a_ISO, ISO 76:2006 static safety; a designation gives type, d, D."""
    return svc.bearing(body).check.to_dict()


@router.post("/design/bolt", response_model=m.BoltOut, operation_id="bolt_check")
def bolt_check(body: m.BoltIn, p: Caller) -> dict:
    """Bolted joint check, VDI 2230-1:2015 with ISO 898-1 property classes (keyparts.design.bolts)."""
    return svc.bolt(body).to_dict()


@router.post("/design/cylinder", response_model=m.CylinderOut, operation_id="cylinder_check")
def cylinder_check(body: m.CylinderIn, p: Caller) -> dict:
    """Hydraulic cylinder forces, speeds and Euler/Tetmajer rod buckling (keyparts.design.hydraulics)."""
    return svc.cylinder(body).to_dict()


@router.get("/design/designation", response_model=m.DesignationOut, operation_id="parse_designation")
def parse_designation(p: Caller, text: Annotated[str, Query(min_length=1, max_length=100)]) -> dict:
    """Parse a bearing designation (ISO 15 / GB/T 272, old Chinese codes)."""
    return svc.designation(text).to_dict()


@router.get("/design/interchange", response_model=m.InterchangeOut, operation_id="designation_interchange")
def designation_interchange(p: Caller, a: Annotated[str, Query(min_length=1, max_length=100)],
                            b: Annotated[str, Query(min_length=1, max_length=100)]) -> dict:
    """Interchange grade between two designations."""
    return svc.interchange(a, b).to_dict()
