"""Sign in/out, the caller, API tokens, and user management (admin)."""

from __future__ import annotations

import math
import os

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from keyparts.errors import InputError
from keyparts.web import auth
from keyparts.web.api.schemas import LoginIn, Me, TokenCreated, TokenIn, TokenOut, UserIn, UserOut
from keyparts.web.deps import Admin, Caller
from keyparts.web.services import accounts
from keyparts.web.tenancy import audit_system

router = APIRouter(tags=["accounts"])


def _trusted_proxies() -> list:
    """``KEYPARTS_TRUSTED_PROXIES``: comma-separated addresses or networks (CIDR) of the
    reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed; default none."""
    import ipaddress
    nets = []
    for part in os.environ.get("KEYPARTS_TRUSTED_PROXIES", "").split(","):
        if part.strip():
            try:
                nets.append(ipaddress.ip_network(part.strip(), strict=False))
            except ValueError as exc:
                raise InputError(f"KEYPARTS_TRUSTED_PROXIES: {part.strip()!r} is not an IP address or "
                                 "network (e.g. 10.0.0.5 or 10.0.0.0/24)") from exc
    return nets


def _trusted(address: str, nets: list) -> bool:
    import ipaddress
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in n for n in nets)


def client_ip(request: Request) -> str:
    """The client's address: the peer, or, when the peer is a trusted proxy, the right-most
    X-Forwarded-For address that is not a trusted proxy (a client can prepend any value)."""
    peer = request.client.host if request.client else "unknown"
    nets = _trusted_proxies()
    if not nets or not _trusted(peer, nets):
        return peer
    chain = [a.strip() for h in request.headers.getlist("x-forwarded-for") for a in h.split(",") if a.strip()]
    for addr in reversed(chain):
        if not _trusted(addr, nets):
            return addr
    return chain[0] if chain else peer


def is_https(request: Request) -> bool:
    """The browser talks HTTPS: directly, or to a trusted proxy that says so (X-Forwarded-Proto)."""
    if request.url.scheme == "https":
        return True
    peer = request.client.host if request.client else ""
    proto = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return proto == "https" and _trusted(peer, _trusted_proxies())


def check_origin(request: Request) -> None:
    """Refuse a cross-site sign-in (login CSRF): a browser's Origin, else Referer, must name
    this site (OWASP CSRF Prevention Cheat Sheet, "Verifying Origin With Standard Headers").
    Scripts that send neither are let through: they carry no victim's cookies."""
    from urllib.parse import urlsplit
    sent = request.headers.get("origin") or request.headers.get("referer")
    if not sent:
        return
    u = urlsplit(sent)
    host = request.headers.get("host", request.url.netloc)
    if sent == "null" or u.netloc.lower() != host.lower():
        raise HTTPException(403, f"cross-site sign-in refused: Origin/Referer {sent[:100]!r} is not this site")


def login_or_raise(request: Request, username: str, password: str) -> auth.Principal:
    """Check the origin, the throttle of the (user name, address) pair and the password;
    raises HTTP 403, 429 or 401."""
    check_origin(request)
    lim: auth.LoginLimiter = request.app.state.limiter
    eng, addr = request.app.state.engine, client_ip(request)
    wait = lim.attempt(eng, username, addr)
    if wait:
        s = math.ceil(wait)
        raise HTTPException(429, f"too many failed sign-ins from this address; try again in {s} s",
                            headers={"Retry-After": str(s)})
    p = auth.authenticate(eng, username, password)
    if p is None:
        raise HTTPException(401, "wrong user name or password (or the account is disabled)")
    lim.succeeded(eng, username, addr)
    return p


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(auth.SESSION_COOKIE, token, max_age=auth.SESSION_HOURS * 3600, httponly=True,
                        samesite="lax", secure=is_https(request), path="/")


@router.post("/auth/login", response_model=Me, operation_id="login")
def login(body: LoginIn, request: Request, response: Response) -> Me:
    """Sign in: sets the HttpOnly session cookie; returns the caller and the CSRF token to send
    in ``X-CSRF-Token`` on writes made with the cookie."""
    p = login_or_raise(request, body.username, body.password)
    token, csrf = auth.create_session(request.app.state.engine, p)
    set_session_cookie(request, response, token)
    return Me(id=p.user_id, username=p.username, enterprise_id=p.enterprise_id, role=p.role, csrf_token=csrf)


@router.post("/auth/logout", status_code=204, operation_id="logout")
def logout(p: Caller, request: Request, response: Response) -> Response:
    """End the session."""
    if (tok := request.cookies.get(auth.SESSION_COOKIE)):
        auth.end_session(request.app.state.engine, tok)
    response = Response(status_code=204)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response


@router.get("/me", response_model=Me, operation_id="get_me")
def me(p: Caller) -> Me:
    """The signed-in caller."""
    return Me(id=p.user_id, username=p.username, enterprise_id=p.enterprise_id, role=p.role,
              csrf_token=p.csrf or None)


@router.get("/tokens", response_model=list[TokenOut], operation_id="list_tokens")
def list_tokens(p: Caller, request: Request) -> list[dict]:
    """The caller's API tokens (without their secret)."""
    return accounts.tokens(request.app.state.engine, p)


@router.post("/tokens", response_model=TokenCreated, status_code=201, operation_id="create_token")
def create_token(body: TokenIn, p: Caller, request: Request) -> TokenCreated:
    """A new bearer token for scripts; the secret is shown only in this response."""
    return TokenCreated(**accounts.create_token(request.app.state.engine, p, body.name))


@router.delete("/tokens/{token_id}", status_code=204, operation_id="revoke_token")
def revoke_token(token_id: int, p: Caller, request: Request) -> Response:
    """Revoke one of the caller's tokens."""
    accounts.revoke_token(request.app.state.engine, p, token_id)
    return Response(status_code=204)


@router.get("/users", response_model=list[UserOut], operation_id="list_users")
def list_users(p: Admin, request: Request) -> list[dict]:
    """Every user (admin)."""
    return accounts.list_users(request.app.state.engine)


@router.post("/users", response_model=UserOut, status_code=201, operation_id="create_user")
def create_user(body: UserIn, p: Admin, request: Request) -> dict:
    """Create a user (admin)."""
    return accounts.create_user(request.app.state.engine, p, body.username, body.password, body.enterprise_id,
                                body.role)


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    current_password: str = Field(min_length=1, max_length=auth.MAX_PASSWORD)
    new_password: str = Field(min_length=1, max_length=auth.MAX_PASSWORD)


@router.post("/me/password", status_code=204, operation_id="change_password")
def change_password(body: PasswordChange, p: Caller, request: Request) -> Response:
    """Change the caller's own password (the current one is required); every session of the
    caller ends, its API tokens stay."""
    eng = request.app.state.engine
    auth.change_password(eng, p, body.current_password, body.new_password)
    audit_system(eng, p, "password", "users", p.username)
    response = Response(status_code=204)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response
