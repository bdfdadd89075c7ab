"""User management and the platform's audit trail (admin): the same service as the admin page
(:mod:`keyparts.web.services.accounts`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import Field

from keyparts.web import auth
from keyparts.web.api.schemas import AuditEntry, Page, Strict, UserOut
from keyparts.web.deps import Admin
from keyparts.web.services import accounts

router = APIRouter(tags=["accounts"])


class UserChange(Strict):
    role: Literal["admin", "analyst", "member"] | None = None
    disabled: bool | None = Field(default=None, description="true ends the user's sessions and revokes its tokens")


class PasswordReset(Strict):
    new_password: str = Field(min_length=1, max_length=auth.MAX_PASSWORD)


@router.patch("/users/{username}", response_model=UserOut, operation_id="change_user")
def change_user(username: str, body: UserChange, p: Admin, request: Request) -> dict:
    """Change a user's role or disable/enable it (admin; not oneself)."""
    return accounts.change_user(request.app.state.engine, p, username, role=body.role, disabled=body.disabled)


@router.put("/users/{username}/password", status_code=204, operation_id="reset_password")
def reset_password(username: str, body: PasswordReset, p: Admin, request: Request) -> Response:
    """Set a user's password (admin); the user's sessions end, its API tokens stay."""
    accounts.reset_password(request.app.state.engine, p, username, body.new_password)
    return Response(status_code=204)


@router.get("/admin/audit", response_model=Page[AuditEntry], operation_id="list_platform_audit")
def platform_audit(p: Admin, request: Request,
                   username: Annotated[str, Query(max_length=100)] = "",
                   action: Annotated[str, Query(max_length=40)] = "",
                   since: dt.date | None = None, until: dt.date | None = None,
                   limit: Annotated[int, Query(ge=1, le=500)] = 50,
                   offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> dict:
    """The whole platform's audit trail (admin), newest first, filtered by user, action and days
    (UTC, inclusive); before/after values only for entries of the admin's own enterprise."""
    items, total = accounts.audit_trail(request.app.state.engine, p, username=username, action=action,
                                        since=since, until=until, limit=limit, offset=offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset}
