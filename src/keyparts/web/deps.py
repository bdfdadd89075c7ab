"""Request dependencies: who is calling (session cookie or bearer token), CSRF on cookie writes,
roles, and the tenant-scoped repository. Authorisation happens here, never in route bodies."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from keyparts.web import i18n
from keyparts.web.auth import (
    ACCOUNTS,
    SESSION_COOKIE,
    Principal,
    PrincipalCache,
    session_principal,
    token_principal,
)
from keyparts.web.data import DataCache
from keyparts.web.tenancy import TenantRepo

SAFE = {"GET", "HEAD", "OPTIONS"}
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"


def optional_principal(request: Request) -> Principal | None:
    """The caller, or None when not signed in (cached on the request; remembered by the
    worker while the ``accounts`` data version, read once per request, does not change)."""
    if hasattr(request.state, "principal"):
        return request.state.principal
    engine = request.app.state.engine
    p = None
    cached: PrincipalCache = request.app.state.principals
    auth = request.headers.get("authorization", "")
    tok = request.cookies.get(SESSION_COOKIE)
    if auth.lower().startswith("bearer ") or tok:
        version = request.app.state.cache.versions().get(ACCOUNTS, "")
    if auth.lower().startswith("bearer "):
        p = cached.get("t:" + auth[7:].strip(), lambda t: token_principal(engine, t[2:]), version)
    elif tok:
        p = cached.get("s:" + tok, lambda t: session_principal(engine, t[2:]), version)
    request.state.principal = p
    return p


async def _form_csrf(request: Request) -> str:
    ctype = request.headers.get("content-type", "")
    if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        return str(form.get(CSRF_FIELD, ""))
    return ""


async def principal(request: Request) -> Principal:
    """The signed-in caller (401 otherwise); cookie sessions must send the CSRF token on writes."""
    p = optional_principal(request)
    if p is None:
        raise HTTPException(401, "not signed in: send a session cookie (POST /api/v1/auth/login) or "
                                 "'Authorization: Bearer <token>'", headers={"WWW-Authenticate": "Bearer"})
    if p.via == "session" and request.method not in SAFE:
        sent = request.headers.get(CSRF_HEADER) or await _form_csrf(request)
        if not sent or not secrets.compare_digest(sent, p.csrf):
            raise HTTPException(403, f"CSRF token missing or wrong: send the session's token in the "
                                     f"{CSRF_HEADER} header or the {CSRF_FIELD} form field")
    i18n.prefer_user(p.locale, request.cookies.get(i18n.COOKIE))
    return p


async def national(p: Annotated[Principal, Depends(principal)]) -> Principal:
    """Admins and analysts: aggregated national views."""
    if not p.national:
        raise HTTPException(403, f"role {p.role!r}: national views need the role analyst or admin")
    return p


async def admin(p: Annotated[Principal, Depends(principal)]) -> Principal:
    if p.role != "admin":
        raise HTTPException(403, f"role {p.role!r}: this needs the role admin")
    return p


async def cache(request: Request) -> DataCache:
    return request.app.state.cache


async def repo(request: Request, p: Annotated[Principal, Depends(principal)]) -> TenantRepo:
    """The tenant-scoped repository of the caller."""
    c = request.app.state.cache
    return TenantRepo(request.app.state.engine, p, on_write=c.bump, cache=c)


Caller = Annotated[Principal, Depends(principal)]
National = Annotated[Principal, Depends(national)]
Admin = Annotated[Principal, Depends(admin)]
Repo = Annotated[TenantRepo, Depends(repo)]
Cache = Annotated[DataCache, Depends(cache)]
