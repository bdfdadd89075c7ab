"""REST API v1 under ``/api/v1``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

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


@router.get("/version", tags=["meta"], operation_id="get_version")
def get_version() -> dict:
    """API version (an integer, bumped on every visible change) and the changelog."""
    return {"api_version": API_VERSION, "changelog": CHANGELOG}


from keyparts.web.api import engineering as _engineering  # noqa: E402  (calculators and life data)

router.include_router(_engineering.router)

for _m in (account, catalogue, catalog, owned, analysis, datasets, qualification, makers, sharing):
    router.include_router(_m.router)
