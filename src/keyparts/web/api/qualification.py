"""Qualification cases under ``/api/v1/qualification`` (issue 13): the OEM's applications, the
cases of a substitute part through the OEM's gates, decisions (audited overrides), test plans,
first-use premiums; national aggregates and the chain (一条龙) view for analysts.

Who sees what (:mod:`keyparts.web.tenancy`): an application is its OEM's; a case is visible to
its parties only (the part's maker, the OEM, the lab), 404 to every other enterprise; only the
OEM records decisions (403 for the maker and the lab). Analysts see aggregates (k rule of
:mod:`keyparts.web.disclosure`), never a case.

A case's status is ``keyparts qualify status CASE --json`` (:meth:`CaseStatus.to_dict`).
"""


from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from keyparts.web.api.results import CaseStatusOut, ChainOut, GateOut, PlanOut, PremiumOut, Stage
from keyparts.web.api.schemas import Page, Strict, input_model, table_model
from keyparts.web.deps import Cache, Caller, National, Repo
from keyparts.web.services import qualification as svc

router = APIRouter(prefix="/qualification", tags=["qualification"])
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


# ------------------------------------------------------------------ schemas
Application = table_model("Application", "applications")
Event = table_model("QualificationEvent", "qualification_events")
# inputs derived from the dataset contract (applications.csv, qualification_cases.csv): the OEM
# is the caller's enterprise; a case starts at design_review with every campaign of the part
ApplicationIn = input_model("ApplicationIn", "applications", owner="oem_id",
                            examples={"loads": "e.g. Fr=4kN; Fa=0kN; n=1800rpm"})
ApplicationPatch = input_model("ApplicationPatch", "applications", owner="oem_id", partial=True)
CaseIn = input_model("CaseIn", "qualification_cases", owner="oem_id", exclude=("test_ids", "stage"),
                     optional=("opened",))


class LastDecision(BaseModel):
    date: str
    stage: str
    decision: str
    decided_by: str | None = None


class CaseRow(BaseModel):
    case_id: str
    part_id: str
    maker_id: str | None
    designation: str | None
    oem_id: str
    application_id: str
    stage: str
    opened: str
    last_decision: LastDecision | None


class AdvanceIn(Strict):
    decision: Literal["pass", "fail", "hold"]
    by: str = Field(min_length=1, max_length=200, description="name of the person who decides")
    reason: str | None = Field(default=None, max_length=2000,
                               description="required when the decision overrides the gate's result")
    date: dt.date | None = None


class AdvanceOut(BaseModel):
    case_id: str
    date: str
    stage: str
    decision: str
    decided_by: str
    note: str | None
    stage_before: str
    stage_after: str
    engine_passed: bool | None = Field(description="the gate's result from the evidence")
    override: bool = Field(description="the decision differs from the gate's result")


class SummaryRow(BaseModel):
    category_id: str
    cases: int | None
    by_stage: dict[str, int] | None
    qualified_parts: int | None
    qualified_oems: int | None
    time_to_qualify_days: dict[str, float | int | None] | None
    conversion: list[dict[str, Any]] | None
    enterprises: int | None
    suppressed: bool



# ------------------------------------------------------------------ applications (the OEM's)
@router.get("/applications", response_model=Page[Application], operation_id="list_applications")
def list_applications(p: Caller, repo: Repo, limit: Limit = 50, offset: Offset = 0) -> dict:
    """The caller's (an OEM's) applications: operating envelopes its parts are qualified for."""
    rows, total = repo.list("applications", limit=limit, offset=offset)
    return {"items": rows, "total": total, "limit": limit, "offset": offset}


@router.post("/applications", response_model=Application, status_code=201, operation_id="create_application")
def create_application(body: ApplicationIn, p: Caller, repo: Repo, cache: Cache) -> dict:
    """Add an application of the caller's enterprise (stored as ``ENTERPRISE:id``); ``loads`` in
    the demands' syntax."""
    return svc.create_application(body.model_dump(), repo, cache)


@router.get("/applications/{application_id}", response_model=Application, operation_id="get_application")
def get_application(application_id: str, p: Caller, repo: Repo) -> dict:
    return repo.get("applications", application_id)


@router.patch("/applications/{application_id}", response_model=Application, operation_id="update_application")
def update_application(application_id: str, body: ApplicationPatch, p: Caller, repo: Repo, cache: Cache) -> dict:
    return svc.update_application(application_id, body.model_dump(exclude_unset=True), repo, cache)


@router.delete("/applications/{application_id}", status_code=204, response_class=Response,
               operation_id="delete_application")
def delete_application(application_id: str, p: Caller, repo: Repo) -> Response:
    """Delete an application that no case refers to (409 otherwise)."""
    svc.delete_application(application_id, repo)
    return Response(status_code=204)


# ------------------------------------------------------------------ cases (parties only)
@router.get("/cases", response_model=list[CaseRow], operation_id="list_cases")
def list_cases(p: Caller, repo: Repo, cache: Cache, stage: Stage | None = None,
               part_id: Annotated[str | None, Query(max_length=200)] = None,
               application_id: Annotated[str | None, Query(max_length=200)] = None) -> list[dict]:
    """Cases the caller's enterprise is a party to (maker, OEM or lab) with their stage and last
    decision (``keyparts qualify list --json``)."""
    rows = svc.visible_cases(repo, cache, part_id=part_id, stage=stage)
    return [r for r in rows if application_id is None or r["application_id"] == application_id]


@router.post("/cases", response_model=CaseRow, status_code=201, operation_id="open_case")
def open_case(body: CaseIn, p: Caller, repo: Repo, cache: Cache) -> dict:
    """Open a case (at design_review) for a part on one of the caller's applications; the part
    must be of the application's category or one below it. Its bench evidence is every life-test
    campaign of the part (the OEM cannot see, so does not name, the maker's campaigns)."""
    return svc.open_case(body.model_dump(), repo, cache)


@router.get("/cases/{case_id}", response_model=CaseStatusOut, operation_id="get_case_status")
def get_case_status(case_id: str, p: Caller, repo: Repo, cache: Cache,
                    beta: Annotated[float | None, Query(gt=0, le=100)] = None) -> dict:
    """Every gate judged from the stored evidence and decisions, with reasons in words, and the
    proposed next stage (``keyparts qualify status CASE --json``)."""
    return svc.case_status(case_id, repo, cache, beta).to_dict()


@router.get("/cases/{case_id}/history", response_model=list[Event], operation_id="get_case_history")
def get_case_history(case_id: str, p: Caller, repo: Repo) -> list[dict]:
    """The case's decisions in date order (who decided, the reason)."""
    return svc.case_history(case_id, repo)


@router.post("/cases/{case_id}/decisions", response_model=AdvanceOut, status_code=201,
             operation_id="advance_case")
def advance_case(case_id: str, body: AdvanceIn, p: Caller, repo: Repo, cache: Cache) -> dict:
    """Record the OEM's decision on the current stage (``keyparts qualify advance``): pass → next
    stage, hold → stays, fail → rejected. Deciding against the gate's result is an override by
    the named person and needs a reason; it is audited with the engine's result."""
    return svc.advance(case_id, body.decision, body.by, body.reason, body.date, repo, cache)


@router.get("/cases/{case_id}/plan", response_model=PlanOut, operation_id="get_case_plan")
def get_case_plan(case_id: str, p: Caller, repo: Repo, cache: Cache,
                  beta: Annotated[float | None, Query(gt=0, le=100)] = None,
                  units: Annotated[int | None, Query(ge=1, le=100_000)] = None,
                  duration_h: Annotated[float | None, Query(gt=0, le=1e9)] = None) -> dict:
    """A zero-failure bench test plan (units × duration) with its operating characteristic
    (``keyparts qualify plan``)."""
    return svc.case_plan(case_id, repo, cache, beta=beta, units=units, duration_h=duration_h)


@router.get("/cases/{case_id}/premium", response_model=PremiumOut, operation_id="get_case_premium")
def get_case_premium(case_id: str, p: Caller, repo: Repo, cache: Cache,
                     units: Annotated[int, Query(ge=1, le=10_000_000)],
                     unit_value: Annotated[float | None, Query(ge=0, le=1e12)] = None,
                     beta: Annotated[float | None, Query(gt=0, le=100)] = None,
                     key_category: bool | None = None, listed: bool = False,
                     rate_cap: Annotated[float, Query(gt=0, le=1)] = 0.03,
                     subsidised_share: Annotated[float, Query(ge=0, le=1)] = 0.8) -> dict:
    """Indicative first-use (首台(套)/首批次) premium from the case's bench evidence
    (``keyparts qualify premium``); ``unit_value`` defaults to the part's price when visible."""
    return svc.case_premium(case_id, repo, cache, units=units, unit_value=unit_value, beta=beta,
                            key_category=key_category, listed=listed, rate_cap=rate_cap,
                            subsidised_share=subsidised_share)


# ------------------------------------------------------------------ national aggregates (analysts)
@router.get("/summary", response_model=list[SummaryRow], operation_id="qualification_summary")
def get_summary(p: National, cache: Cache) -> list[dict]:
    """Analysts and admins: qualification per category in aggregate (no case, no party named);
    rows behind fewer than k enterprises suppressed."""
    return svc.summary(cache)


@router.get("/chain/{category_id}", response_model=ChainOut, operation_id="qualification_chain")
def get_chain(category_id: str, p: National, cache: Cache) -> dict:
    """Analysts and admins: material → part → subsystem → product for a key category, each
    link with its qualification state, domestic capacity, coverage and the bottleneck; and a
    proposed chain (domestic maker, user OEM, test lab)."""
    return svc.chain_view(category_id, cache)


__all__ = ["Any", "GateOut", "router"]
