"""Request dependencies: who is calling (session cookie or bearer token), CSRF on cookie writes,
roles, and the tenant-scoped repository. Authorisation happens here, never in route bodies."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from keyparts.errors import ForbiddenError
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
# How callers authenticate, as OpenAPI securitySchemes (the Authorize button of /docs): a bearer
# API token (POST /api/v1/tokens), or the session cookie of POST /api/v1/auth/login (writes made
# with the cookie also send X-CSRF-Token). Both with auto_error=False: :func:`principal` decides.
BEARER = HTTPBearer(scheme_name="bearerToken", auto_error=False,
                    description="An API token: create one with POST /api/v1/tokens "
                                "and paste it here; writes need no CSRF token.")
SESSION = APIKeyCookie(name=SESSION_COOKIE, scheme_name="sessionCookie", auto_error=False,
                       description="The HttpOnly session cookie set by POST /api/v1/auth/login; writes "
                                   "also send its CSRF token in the X-CSRF-Token header.")
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


async def principal(request: Request,
                    _bearer: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)] = None,
                    _cookie: Annotated[str | None, Security(SESSION)] = None) -> Principal:
    """The signed-in caller (401 otherwise); cookie sessions must send the CSRF token on writes.
    ``_bearer`` and ``_cookie`` declare the two ways in the OpenAPI document (read here from
    the request itself)."""
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


def _page_forbidden(p: Principal, what: str, needs: str) -> ForbiddenError:
    """403 for a page: rendered as the HTML error page (:mod:`keyparts.web.errors`) saying in
    the interface language which role cannot open what, and which roles can."""
    return ForbiddenError(i18n.gettext("Your role (%(role)s) cannot open %(what)s.") % {
        "role": p.role, "what": i18n.gettext(what)} + f" ({needs})")


def national_page(what: str = "national views"):
    """A page dependency: analysts and admins, else the HTML 403 page naming ``what``."""
    async def dep(p: Annotated[Principal, Depends(principal)]) -> Principal:
        if not p.national:
            raise _page_forbidden(p, what, "analyst, admin")
        return p
    return dep


async def import_action(request: Request, p: Annotated[Principal, Depends(principal)]) -> str:
    """The import form's ``action`` (``validate`` for anyone signed in, ``import`` for admins:
    403 otherwise), read from the form (parsed once per request)."""
    form = await request.form()
    action = str(form.get("action") or "validate")
    if action == "import" and p.role != "admin":
        raise ForbiddenError("importing needs the role admin")
    return action


async def national_or_none(p: Annotated[Principal, Depends(principal)]) -> Principal | None:
    """The caller when it may see national views, else None: a page that shows a national
    panel only to analysts asks for this instead of testing the role in its body."""
    return p if p.national else None


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
# pages: a 403 as the HTML error page instead of JSON
NationalPage = Annotated[Principal, Depends(national_page(i18n.N_("national views")))]
ScenarioPage = Annotated[Principal, Depends(national_page(i18n.N_("scenarios (national views)")))]
ImportAction = Annotated[str, Depends(import_action)]
NationalOrNone = Annotated[Principal | None, Depends(national_or_none)]
