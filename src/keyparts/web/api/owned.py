"""Owned rows through the tenant repository: demands, sourcing, life tests, visibility, audit,
and CSV export (formula cells neutralised)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Response, UploadFile

from keyparts.web.api.results import FitOut
from keyparts.web.api.schemas import (
    AuditEntry,
    Campaign,
    Demand,
    DemandIn,
    DemandPatch,
    Page,
    Sourcing,
    SourcingIn,
    SourcingPatch,
    TestRecord,
    Visibility,
    VisibilityIn,
)
from keyparts.web.deps import Cache, Caller, Repo
from keyparts.web.exports import XLSX_TYPE, csv_response, neutralise, to_csv, xlsx_response  # noqa: F401
from keyparts.web.lifeio import read_life_csv, records
from keyparts.web.services import owned as svc
from keyparts.web.uploads import heavy, read_upload

router = APIRouter(tags=["owned rows"])
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Kind = Literal["demands", "sourcing", "tests", "prices"]


def _page(rows: list, total: int, limit: int, offset: int) -> dict:
    return {"items": rows, "total": total, "limit": limit, "offset": offset}


# ------------------------------------------------------------------ demands
@router.get("/demands", response_model=Page[Demand], operation_id="list_demands")
def list_demands(p: Caller, repo: Repo, limit: Limit = 50, offset: Offset = 0) -> dict:
    """Demands the caller's enterprise posted or that were shared with it."""
    rows, total = repo.list("demands", limit=limit, offset=offset)
    return _page(rows, total, limit, offset)


@router.post("/demands", response_model=Demand, status_code=201, operation_id="create_demand")
def create_demand(body: DemandIn, p: Caller, repo: Repo, cache: Cache) -> dict:
    """Post a demand of the caller's enterprise (private until shared). Each clause of
    ``constraints`` and ``loads`` must fit its parameter (``d=25kg`` is refused: d is a length)."""
    return svc.create_demand(body.model_dump(), repo, cache)


@router.get("/demands/{demand_id}", response_model=Demand, operation_id="get_demand")
def get_demand(demand_id: str, p: Caller, repo: Repo) -> dict:
    return repo.get("demands", demand_id)


@router.patch("/demands/{demand_id}", response_model=Demand, operation_id="update_demand")
def update_demand(demand_id: str, body: DemandPatch, p: Caller, repo: Repo, cache: Cache) -> dict:
    return svc.update_demand(demand_id, body.model_dump(exclude_unset=True), repo, cache)


@router.delete("/demands/{demand_id}", status_code=204, operation_id="delete_demand")
def delete_demand(demand_id: str, p: Caller, repo: Repo) -> Response:
    repo.delete("demands", demand_id)
    return Response(status_code=204)


# ------------------------------------------------------------------ sourcing
_sourcing = svc.sourcing_row


@router.get("/sourcing", response_model=Page[Sourcing], operation_id="list_sourcing")
def list_sourcing(p: Caller, repo: Repo, limit: Limit = 50, offset: Offset = 0) -> dict:
    """The caller's enterprise's sourcing (who it buys what from), plus rows shared with it."""
    rows, total = repo.list("sourcing", limit=limit, offset=offset)
    return _page([_sourcing(r) for r in rows], total, limit, offset)


@router.post("/sourcing", response_model=Sourcing, status_code=201, operation_id="create_sourcing")
def create_sourcing(body: SourcingIn, p: Caller, repo: Repo) -> dict:
    return _sourcing(repo.create("sourcing", body.model_dump()))


@router.get("/sourcing/{key}", response_model=Sourcing, operation_id="get_sourcing")
def get_sourcing(key: str, p: Caller, repo: Repo) -> dict:
    """One row by key ``buyer|item|supplier|origin``."""
    return _sourcing(repo.get("sourcing", key))


@router.patch("/sourcing/{key}", response_model=Sourcing, operation_id="update_sourcing")
def update_sourcing(key: str, body: SourcingPatch, p: Caller, repo: Repo) -> dict:
    return _sourcing(repo.update("sourcing", key, body.model_dump()))


@router.delete("/sourcing/{key}", status_code=204, operation_id="delete_sourcing")
def delete_sourcing(key: str, p: Caller, repo: Repo) -> Response:
    repo.delete("sourcing", key)
    return Response(status_code=204)


# ------------------------------------------------------------------ life tests
@router.get("/tests", response_model=Page[Campaign], operation_id="list_test_campaigns")
def list_test_campaigns(p: Caller, repo: Repo, limit: Limit = 50, offset: Offset = 0) -> dict:
    """Life-test campaigns of the caller's parts, plus campaigns shared with it."""
    rows, total = repo.test_campaigns(limit=limit, offset=offset)
    return _page(rows, total, limit, offset)


@router.get("/tests/{test_id}", response_model=list[TestRecord], operation_id="get_test_campaign")
def get_test_campaign(test_id: str, p: Caller, repo: Repo) -> list[dict]:
    return repo.test_campaign(test_id)


@router.get("/tests/{test_id}/fit", response_model=FitOut, operation_id="fit_test_campaign")
def fit_test_campaign(test_id: str, p: Caller, repo: Repo,
                      dist: Annotated[str, Query(max_length=40)] = "weibull2p",
                      method: Literal["mle", "rrx", "rry"] = "mle",
                      cl: Annotated[float, Query(gt=0, lt=1)] = 0.9) -> dict:
    """Fit a life distribution to a stored campaign (keyparts.life.fit)."""
    return svc.fit_campaign(test_id, repo, dist=dist, method=method, cl=cl)


@router.post("/parts/{part_id}/tests", response_model=list[TestRecord], status_code=201,
             operation_id="upload_test_campaign")
async def upload_test_campaign(part_id: str, p: Caller, repo: Repo, file: Annotated[UploadFile, File()],
                               test_id: str = Form(min_length=1, max_length=200, pattern=r"^[^|;\x00-\x1f]+$")
                               ) -> list[dict]:
    """Store a life-test CSV (time, status[, time_upper, count, unit_id, stress, time_unit]) as a
    new campaign of a part the caller's enterprise makes."""
    data = await read_upload(file)
    df = await heavy(read_life_csv, data, file.filename or "upload.csv")  # off the event loop
    return repo.add_test_records(part_id, test_id, records(df))


@router.delete("/tests/{test_id}", status_code=204, operation_id="delete_test_campaign")
def delete_test_campaign(test_id: str, p: Caller, repo: Repo) -> Response:
    repo.delete("tests", test_id)
    return Response(status_code=204)


# ------------------------------------------------------------------ visibility and audit
@router.get("/visibility/{kind}/{key}", response_model=Visibility, operation_id="get_visibility")
def get_visibility(kind: Kind, key: str, p: Caller, repo: Repo) -> dict:
    """Visibility of an owned row (owners only)."""
    return repo.get_visibility(kind, key)


@router.put("/visibility/{kind}/{key}", response_model=Visibility, operation_id="set_visibility")
def set_visibility(kind: Kind, key: str, body: VisibilityIn, p: Caller, repo: Repo) -> dict:
    """Make an owned row private, shared with named enterprises, or public."""
    return repo.set_visibility(kind, key, body.visibility, body.shared_with)


@router.get("/audit", response_model=Page[AuditEntry], operation_id="list_audit")
def list_audit(p: Caller, repo: Repo, limit: Limit = 50, offset: Offset = 0) -> dict:
    """Writes made by the caller's enterprise: who, when, what changed."""
    rows, total = repo.audit_entries(limit=limit, offset=offset)
    return _page(rows, total, limit, offset)


# ------------------------------------------------------------------ export
@router.get("/export/{kind}.csv", response_class=Response, operation_id="export_csv",
            responses={200: {"content": {"text/csv": {}}, "description": "CSV"}})
def export_csv(kind: Literal["demands", "sourcing", "tests"], p: Caller, repo: Repo) -> Response:
    """The visible rows of ``kind`` as CSV (UTF-8 with a byte-order mark, so that Excel on a
    Chinese system opens it correctly); cells starting with = + - @ are neutralised."""
    rows, _ = repo.list(kind, limit=1_000_000)
    return csv_response(rows, kind)


@router.get("/export/{kind}.xlsx", response_class=Response, operation_id="export_xlsx",
            responses={200: {"content": {XLSX_TYPE: {}}, "description": "XLSX workbook"}})
def export_xlsx(kind: Literal["demands", "sourcing", "tests"], p: Caller, repo: Repo) -> Response:
    """The visible rows of ``kind`` as an XLSX workbook of one sheet (text never a formula)."""
    rows, _ = repo.list(kind, limit=1_000_000)
    return xlsx_response(rows, kind)
