"""The admin page (role admin, by the ``Admin`` dependency: others get the 403 page): users
(create, change role, disable/enable, reset password) and the platform's audit trail
(filtered by user, action and days, paginated). Calls :mod:`keyparts.web.services.accounts`,
as the API's /users and /admin/audit routes do."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse

from keyparts.errors import InputError, KeypartsError
from keyparts.store.accounts import ROLES
from keyparts.web.deps import Admin, Cache
from keyparts.web.pages import error_box, render
from keyparts.web.services import accounts

router = APIRouter(include_in_schema=False)


def _day(name: str, value: str) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(f"{name}: {value.strip()!r} is not a date, expected YYYY-MM-DD") from exc


def _enterprises(cache) -> list[dict]:
    ent = cache.dataset().frames["enterprises"]
    return ent[["id", "name"]].sort_values("id").to_dict("records")


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request, p: Admin, cache: Cache,
               user: Annotated[str, Query(max_length=100)] = "", action: Annotated[str, Query(max_length=40)] = "",
               since: Annotated[str, Query(max_length=20)] = "", until: Annotated[str, Query(max_length=20)] = "",
               page: Annotated[int, Query(ge=1, le=1_000_000)] = 1) -> HTMLResponse:
    eng = request.app.state.engine
    error = None
    entries, total = [], 0
    try:
        entries, total = accounts.audit_trail(eng, p, username=user, action=action, since=_day("since", since),
                                              until=_day("until", until), limit=accounts.AUDIT_PAGE,
                                              offset=(page - 1) * accounts.AUDIT_PAGE)
    except KeypartsError as exc:
        error = exc
    pages = max(1, -(-total // accounts.AUDIT_PAGE))
    return render(request, "admin.html", p, users=accounts.list_users(eng), roles=ROLES,
                  enterprises=_enterprises(cache), entries=entries, total=total, page=page, pages=pages,
                  f={"user": user, "action": action, "since": since, "until": until}, error=error,
                  choices=accounts.audit_choices(eng))


@router.post("/admin/users", response_class=HTMLResponse)
def user_create(request: Request, p: Admin, username: Annotated[str, Form(max_length=100)],
                password: Annotated[str, Form(max_length=1000)], enterprise_id: Annotated[str, Form(max_length=200)],
                role: Annotated[str, Form(max_length=20)] = "member") -> HTMLResponse:
    try:
        u = accounts.create_user(request.app.state.engine, p, username, password, enterprise_id, role)
    except KeypartsError as exc:
        return error_box(request, exc)
    return render(request, "_user_row.html", p, u=u, roles=ROLES, created=True)


@router.post("/admin/users/{username}", response_class=HTMLResponse)
def user_change(username: str, request: Request, p: Admin, role: Annotated[str, Form(max_length=20)] = "",
                disabled: Annotated[str, Form(max_length=5)] = "") -> HTMLResponse:
    """Change the role (``role``) or disable/enable (``disabled`` = "true"/"false")."""
    try:
        u = accounts.change_user(request.app.state.engine, p, username, role=role or None,
                                 disabled={"true": True, "false": False}.get(disabled))
    except KeypartsError as exc:
        return error_box(request, exc)
    return render(request, "_user_row.html", p, u=u, roles=ROLES, changed=True)


@router.post("/admin/users/{username}/password", response_class=HTMLResponse)
def user_password(username: str, request: Request, p: Admin,
                  new_password: Annotated[str, Form(max_length=1000)]) -> HTMLResponse:
    try:
        accounts.reset_password(request.app.state.engine, p, username, new_password)
    except KeypartsError as exc:
        return error_box(request, exc)
    return render(request, "_password_done.html", p, username=username)
