"""REST API v1 under ``/api/v1``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from keyparts.web.api import account, analysis, catalog, catalogue, datasets, makers, owned, qualification, sharing
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


for _m in (account, catalogue, catalog, owned, analysis, datasets, qualification, makers, sharing):
    router.include_router(_m.router)
