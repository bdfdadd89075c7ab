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

import pandas as pd
from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from keyparts.errors import InputError, NotFoundError
from keyparts.web.api.schemas import Id, Page, Strict, table_model
from keyparts.web.deps import Cache, Caller, National, Repo

router = APIRouter(prefix="/qualification", tags=["qualification"])
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Stage = Literal["design_review", "first_article", "bench_test", "system_test", "field_trial",
                "small_batch", "batch_supply", "rejected"]
# what a case's status is judged from (cache.frame per table: parts without prices)
CASE_TABLES = ("qualification_cases", "qualification_events", "inspections", "applications", "parts",
               "part_values", "categories", "tests")


# ------------------------------------------------------------------ schemas
Application = table_model("Application", "applications")
Event = table_model("QualificationEvent", "qualification_events")


class ApplicationIn(Strict):
    id: str = Id
    category_id: str = Id
    product_id: str | None = Field(default=None, min_length=1, max_length=200)
    loads: str | None = Field(default=None, max_length=2000, description="e.g. Fr=4kN; Fa=0kN; n=1800rpm")
    viscosity_cSt: float | None = Field(default=None, gt=0, le=1e6)
    lubricant: str | None = Field(default=None, max_length=200)
    temperature_C: float | None = Field(default=None, ge=-273.15, le=3000)
    cleanliness: str | None = Field(default=None, max_length=100)
    required_life_h: float = Field(gt=0, le=1e9)
    reliability: float | None = Field(default=None, gt=0, le=1)
    beta: float | None = Field(default=None, gt=0, le=100)
    duty_hours_per_year: float | None = Field(default=None, gt=0, le=8784)
    notes: str | None = Field(default=None, max_length=2000)


class ApplicationPatch(Strict):
    category_id: str | None = Field(default=None, min_length=1, max_length=200)
    product_id: str | None = Field(default=None, min_length=1, max_length=200)
    loads: str | None = Field(default=None, max_length=2000)
    viscosity_cSt: float | None = Field(default=None, gt=0, le=1e6)
    lubricant: str | None = Field(default=None, max_length=200)
    temperature_C: float | None = Field(default=None, ge=-273.15, le=3000)
    cleanliness: str | None = Field(default=None, max_length=100)
    required_life_h: float | None = Field(default=None, gt=0, le=1e9)
    reliability: float | None = Field(default=None, gt=0, le=1)
    beta: float | None = Field(default=None, gt=0, le=100)
    duty_hours_per_year: float | None = Field(default=None, gt=0, le=8784)
    notes: str | None = Field(default=None, max_length=2000)


class CaseIn(Strict):
    id: str = Id
    part_id: str = Id
    application_id: str = Id
    lab_id: str | None = Field(default=None, min_length=1, max_length=200)
    opened: dt.date | None = None
    notes: str | None = Field(default=None, max_length=2000)


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


class OverrideOut(BaseModel):
    by: str
    reason: str
    engine_passed: bool | None
    date: str | None


class GateOut(BaseModel):
    stage: str
    passed: bool | None = Field(description="true, false, or null when the evidence cannot decide")
    criteria: dict[str, Any]
    evidence: dict[str, Any]
    reasons: list[str]
    override: OverrideOut | None


class CaseStatusOut(BaseModel):
    """Exactly ``keyparts qualify status CASE --json``."""
    case_id: str
    part_id: str
    oem_id: str
    application_id: str | None
    stage: Stage
    gates: list[GateOut]
    next: str | None


class PlanOut(GateOut):
    case_id: str


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


class PremiumOut(BaseModel):
    case_id: str
    eligible: bool
    period_h: float
    confidence: float
    method: str
    failure_probability: float | None
    failure_probability_upper: float
    units: int
    unit_value: float
    insured_value: float
    expected_claims: float
    loading: float
    rate_cap: float
    premium: float
    capped: bool
    premium_rate: float
    subsidised_share: float
    subsidy: float
    paid_by_insured: float


# ------------------------------------------------------------------ service
def case_frames(cache: Cache) -> dict[str, pd.DataFrame]:
    """The tables a case is judged from, at the current data version (parts without prices)."""
    return {n: cache.frame(n) for n in CASE_TABLES}


def visible_cases(repo: Repo, cache: Cache, **filters: str | None) -> list[dict]:
    """:func:`keyparts.qualify.cases.case_list` restricted to the caller's visible cases."""
    from keyparts.qualify.cases import case_list
    mine, _ = repo.list("qualification_cases", limit=1_000_000)
    ids = {r["id"] for r in mine}
    return [r for r in case_list(case_frames(cache), **filters) if r["case_id"] in ids]


def case_status(case_id: str, repo: Repo, cache: Cache, beta: float | None = None) -> Any:
    """The case's status (404 unless the caller is a party)."""
    from keyparts.qualify.cases import status
    repo.get("qualification_cases", case_id)
    return status(case_frames(cache), case_id, beta=beta)


def _engine_verdict(case_id: str, repo: Repo, cache: Cache) -> tuple[str, bool | None]:
    """The case's stage and the engine's own result on that stage's gate (before any decision)."""
    st = case_status(case_id, repo, cache)
    g = st.gate(st.stage)
    if g is None:
        return st.stage, None
    return st.stage, g.override.engine_passed if g.override is not None else g.passed


def advance(case_id: str, body: AdvanceIn, repo: Repo, cache: Cache) -> dict:
    """Record the OEM's decision; a decision against the gate's result (pass on a gate that did
    not pass, fail on one that passed) is an override and needs a reason."""
    _, engine = _engine_verdict(case_id, repo, cache)
    over = (body.decision == "pass" and engine is not True) or (body.decision == "fail" and engine is True)
    if over and not (body.reason or "").strip():
        word = {True: "passed", False: "failed", None: "cannot be judged from the evidence"}[engine]
        raise InputError(f"reason: the gate {word}; a '{body.decision}' overrides it and needs a reason in words")
    ev = repo.decide(case_id, body.decision, by=body.by, note=body.reason, date=body.date,
                     engine_passed=engine)
    return {**ev, "engine_passed": engine, "override": over}


def _unit_value(case_id: str, repo: Repo, given: float | None) -> float:
    if given is not None:
        return given
    part = repo.get("qualification_cases", case_id)["part_id"]
    v = repo.prices([part]).get(part)
    if v is None:
        raise InputError(f"unit_value: the price of part {part} is not visible to you; give the insured unit value")
    return float(v)


# ------------------------------------------------------------------ applications (the OEM's)
def _check_application(values: dict, cache: Cache) -> None:
    from keyparts.match.demand import demand_problems
    if values.get("category_id") not in cache.categories():
        raise InputError(f"category_id: {values.get('category_id')!r} is not a category")
    for column, msg in demand_problems({"loads": values.get("loads")}, {}):
        raise InputError(f"{column}: {msg}")


@router.get("/applications", response_model=Page[Application], operation_id="list_applications")
def list_applications(p: Caller, repo: Repo, limit: Limit = 50, offset: Offset = 0) -> dict:
    """The caller's (an OEM's) applications: operating envelopes its parts are qualified for."""
    rows, total = repo.list("applications", limit=limit, offset=offset)
    return {"items": rows, "total": total, "limit": limit, "offset": offset}


@router.post("/applications", response_model=Application, status_code=201, operation_id="create_application")
def create_application(body: ApplicationIn, p: Caller, repo: Repo, cache: Cache) -> dict:
    """Add an application of the caller's enterprise (stored as ``ENTERPRISE:id``); ``loads`` in
    the demands' syntax."""
    _check_application(body.model_dump(), cache)
    return repo.create("applications", body.model_dump())


@router.get("/applications/{application_id}", response_model=Application, operation_id="get_application")
def get_application(application_id: str, p: Caller, repo: Repo) -> dict:
    return repo.get("applications", application_id)


@router.patch("/applications/{application_id}", response_model=Application, operation_id="update_application")
def update_application(application_id: str, body: ApplicationPatch, p: Caller, repo: Repo, cache: Cache) -> dict:
    patch = body.model_dump(exclude_unset=True)
    _check_application({**repo.get("applications", application_id), **patch}, cache)
    return repo.update("applications", application_id, patch)


@router.delete("/applications/{application_id}", status_code=204, operation_id="delete_application")
def delete_application(application_id: str, p: Caller, repo: Repo) -> Response:
    """Delete an application that no case refers to (409 otherwise)."""
    from keyparts.errors import ConflictError
    from keyparts.store.tables import TABLE
    repo.get("applications", application_id)
    _, n = repo.list("qualification_cases", limit=1,
                     where=[TABLE["qualification_cases"].c.application_id == application_id])
    if n:
        raise ConflictError(f"application {application_id!r} has {n} qualification case(s); close them first")
    repo.delete("applications", application_id)
    return Response(status_code=204)


# ------------------------------------------------------------------ cases (parties only)
@router.get("/cases", response_model=list[CaseRow], operation_id="list_cases")
def list_cases(p: Caller, repo: Repo, cache: Cache, stage: Stage | None = None,
               part_id: Annotated[str | None, Query(max_length=200)] = None,
               application_id: Annotated[str | None, Query(max_length=200)] = None) -> list[dict]:
    """Cases the caller's enterprise is a party to (maker, OEM or lab) with their stage and last
    decision (``keyparts qualify list --json``)."""
    rows = visible_cases(repo, cache, part_id=part_id, stage=stage)
    return [r for r in rows if application_id is None or r["application_id"] == application_id]


@router.post("/cases", response_model=CaseRow, status_code=201, operation_id="open_case")
def open_case(body: CaseIn, p: Caller, repo: Repo, cache: Cache) -> dict:
    """Open a case (at design_review) for a part on one of the caller's applications; the part
    must be of the application's category or one below it. Its bench evidence is every life-test
    campaign of the part (the OEM cannot see, so does not name, the maker's campaigns)."""
    app = repo.get("applications", body.application_id)
    parts = cache.frame("parts")
    hit = parts[parts["id"] == body.part_id]
    if hit.empty:
        raise InputError(f"part_id: {body.part_id!r} is not a part")
    cat = hit.iloc[0]["category_id"]
    if cat != app["category_id"] and cat not in cache.categories_under(app["category_id"]):
        raise InputError(f"part_id: {body.part_id} is a {cat}, not of the application's category "
                         f"{app['category_id']} (or one below it)")
    values = body.model_dump()
    values["opened"] = values["opened"] or dt.datetime.now(dt.UTC).date()
    case = repo.open_case(values)
    return next(r for r in visible_cases(repo, cache) if r["case_id"] == case["id"])


@router.get("/cases/{case_id}", response_model=CaseStatusOut, operation_id="get_case_status")
def get_case_status(case_id: str, p: Caller, repo: Repo, cache: Cache,
                    beta: Annotated[float | None, Query(gt=0, le=100)] = None) -> dict:
    """Every gate judged from the stored evidence and decisions, with reasons in words, and the
    proposed next stage (``keyparts qualify status CASE --json``)."""
    return case_status(case_id, repo, cache, beta).to_dict()


@router.get("/cases/{case_id}/history", response_model=list[Event], operation_id="get_case_history")
def get_case_history(case_id: str, p: Caller, repo: Repo) -> list[dict]:
    """The case's decisions in date order (who decided, the reason)."""
    repo.get("qualification_cases", case_id)
    return repo.case_history(case_id)


@router.post("/cases/{case_id}/decisions", response_model=AdvanceOut, status_code=201,
             operation_id="advance_case")
def advance_case(case_id: str, body: AdvanceIn, p: Caller, repo: Repo, cache: Cache) -> dict:
    """Record the OEM's decision on the current stage (``keyparts qualify advance``): pass → next
    stage, hold → stays, fail → rejected. Deciding against the gate's result is an override by
    the named person and needs a reason; it is audited with the engine's result."""
    return advance(case_id, body, repo, cache)


@router.get("/cases/{case_id}/plan", response_model=PlanOut, operation_id="get_case_plan")
def get_case_plan(case_id: str, p: Caller, repo: Repo, cache: Cache,
                  beta: Annotated[float | None, Query(gt=0, le=100)] = None,
                  units: Annotated[int | None, Query(ge=1, le=100_000)] = None,
                  duration_h: Annotated[float | None, Query(gt=0, le=1e9)] = None) -> dict:
    """A zero-failure bench test plan (units × duration) with its operating characteristic
    (``keyparts qualify plan``)."""
    from keyparts.qualify.cases import plan
    repo.get("qualification_cases", case_id)
    if units is not None and duration_h is not None:
        raise InputError("give units or duration_h, not both (the other one follows)")
    g = plan(case_frames(cache), case_id, beta=beta, units=units, duration_h=duration_h)
    return {"case_id": case_id, **g.to_dict()}


def case_premium(case_id: str, repo: Repo, cache: Cache, *, units: int, unit_value: float | None = None,
                 beta: float | None = None, key_category: bool | None = None, listed: bool = False,
                 rate_cap: float = 0.03, subsidised_share: float = 0.8) -> dict:
    """Eligibility and indicative first-use premium; ``key_category`` None: from the assessment
    (the part's category or one above it is ranked critical)."""
    from keyparts.qualify.cases import premium
    case = repo.get("qualification_cases", case_id)
    if key_category is None:
        key_category = is_key_category(cache, case["part_id"])
    ok, prem = premium(case_frames(cache), case_id, units=units, beta=beta,
                       unit_value=_unit_value(case_id, repo, unit_value), key_category=key_category,
                       listed=listed, rate_cap=rate_cap, subsidised_share=subsidised_share)
    return {"case_id": case_id, "eligible": ok, **prem.to_dict()}


def is_key_category(cache: Cache, part_id: str) -> bool:
    """The part's category, or one above it, is critical in the national assessment."""
    parts = cache.frame("parts")
    hit = parts.loc[parts["id"] == part_id, "category_id"]
    if hit.empty:
        return False
    cats, c = cache.categories(), hit.iloc[0]
    critical = {r["id"] for r in cache.assessment_dict()["categories"] if r.get("critical")}
    while c:
        if c in critical:
            return True
        c = (cats.get(c) or {}).get("parent_id")
    return False


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
    return case_premium(case_id, repo, cache, units=units, unit_value=unit_value, beta=beta,
                        key_category=key_category, listed=listed, rate_cap=rate_cap,
                        subsidised_share=subsidised_share)


# ------------------------------------------------------------------ national aggregates (analysts)
SUMMARY_DEPS = ("qualification_cases", "qualification_events", "parts", "categories")


def summary(cache: Cache) -> list[dict]:
    """Per category: cases by stage, qualified substitutes, time to qualify, conversion; a row
    behind fewer than k enterprises (the parts' makers and the OEMs) or a single case is
    suppressed (:mod:`keyparts.web.disclosure`)."""
    from keyparts.qualify.summary import category_summary
    from keyparts.web.disclosure import min_enterprises

    def build() -> list[dict]:
        k = min_enterprises()
        frames = {n: cache.frame(n) for n in SUMMARY_DEPS}
        out = []
        for r in category_summary(frames):
            if r["enterprises"] < k or r["cases"] < 2:  # one case is never an aggregate
                r = {"category_id": r["category_id"], "cases": None, "by_stage": None, "qualified_parts": None,
                     "qualified_oems": None, "time_to_qualify_days": None, "conversion": None,
                     "enterprises": None, "suppressed": True}
            else:
                r["suppressed"] = False
            out.append(r)
        return out
    return cache._get(f"qualification-summary:k={min_enterprises()}", build, SUMMARY_DEPS)


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


@router.get("/summary", response_model=list[SummaryRow], operation_id="qualification_summary")
def get_summary(p: National, cache: Cache) -> list[dict]:
    """Analysts and admins: qualification per category in aggregate (no case, no party named);
    rows behind fewer than k enterprises suppressed."""
    return summary(cache)


class ChainLink(BaseModel):
    tier: Literal["material", "part", "subsystem", "product"]
    node_id: str
    name: str
    category_id: str | None
    need_units: float | None
    domestic_capacity_units: float | None
    coverage: float | None
    origin: str | None
    state: str
    best_stage: str | None
    bottleneck: bool


class ChainProposal(BaseModel):
    maker_id: str | None
    part_id: str | None
    oem_id: str | None
    lab_id: str | None
    reasons: list[str]


class ChainOut(BaseModel):
    category_id: str
    product_id: str | None
    oem_id: str | None
    links: list[ChainLink]
    bottleneck: str | None
    proposal: ChainProposal
    names: dict[str, str]


def chain_view(category_id: str, cache: Cache) -> dict:
    """The chain (一条龙) of a category (:func:`keyparts.qualify.chain.chain`); the cases behind
    a link inform it only when at least 2 cases of k enterprises stand behind them (the k rule)."""
    from keyparts.qualify.chain import chain
    from keyparts.web.data import SUPPLY
    from keyparts.web.disclosure import min_enterprises
    if category_id not in cache.categories():
        raise NotFoundError(f"category {category_id!r} not found")
    k = min_enterprises()
    return cache._get(f"chain:{category_id}:k={k}",
                      lambda: chain(cache.model(), cache.dataset().frames, category_id, min_enterprises=k,
                                    min_cases=2).to_dict(),
                      (*SUPPLY, "tests", "capabilities"))


@router.get("/chain/{category_id}", response_model=ChainOut, operation_id="qualification_chain")
def get_chain(category_id: str, p: National, cache: Cache) -> dict:
    """Analysts and admins: material → part → subsystem → product for a key category, each
    link with its qualification state, domestic capacity, coverage and the bottleneck; and a
    proposed chain (domestic maker, user OEM, test lab)."""
    return chain_view(category_id, cache)


__all__ = ["NotFoundError", "router"]
