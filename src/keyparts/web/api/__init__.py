"""REST API v1 under ``/api/v1``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from keyparts.web.api import account, analysis, catalog, catalogue, datasets, makers, owned, programme, qualification, sharing
from keyparts.web.api.schemas import ErrorOut
from keyparts.web.version import API_VERSION, CHANGELOG

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "bad input (field and reason)"},
    401: {"model": ErrorOut, "description": "not signed in"},
    403: {"model": ErrorOut, "description": "role or CSRF token"},
    404: {"model": ErrorOut, "description": "not found (or not visible to the caller's enterprise)"},
    422: {"model": ErrorOut, "description": "validation failed (field and reason)"},
}

router = APIRouter(prefix="/api/v1", responses=ERRORS)


class Change(BaseModel):
    version: int
    date: str
    changes: list[str]


class VersionOut(BaseModel):
    api_version: int
    changelog: list[Change]


@router.get("/version", tags=["meta"], response_model=VersionOut, operation_id="get_version")
def get_version() -> dict:
    """API version (an integer, bumped on every visible change) and the changelog."""
    return {"api_version": API_VERSION, "changelog": CHANGELOG}


for _m in (account, catalogue, catalog, owned, analysis, datasets, qualification, makers, sharing, programme):
    router.include_router(_m.router)

# Imported here, after `router` and ERRORS exist (modules added by later issues).
from keyparts.web.api import admin as _admin  # noqa: E402  (users and the platform audit: admin)
from keyparts.web.api import dynamics as _dynamics  # noqa: E402  (scenario day by day, issue 15)
from keyparts.web.api import engineering as _engineering  # noqa: E402  (calculators and life data)

for _m in (_engineering, _dynamics, _admin):
    router.include_router(_m.router)
