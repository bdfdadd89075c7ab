"""Accounts: sign-in (origin check, throttle, password), the session cookie, API tokens and
users with their audit entries. Called by the REST API (``/api/v1/auth``, ``/tokens``,
``/users``) and by the sign-in page alike."""

from __future__ import annotations

import math
import os

from fastapi import HTTPException, Request, Response

from keyparts.errors import InputError
from keyparts.web import auth
from keyparts.web.tenancy import audit_system


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


def create_token(engine, p: auth.Principal, name: str) -> tuple[int, str]:
    """A new bearer token of the caller (audited); the secret is returned once."""
    tid, token = auth.create_token(engine, p.user_id, name)
    audit_system(engine, p, "create", "api_tokens", str(tid), {"name": name})
    return tid, token


def revoke_token(engine, p: auth.Principal, token_id: int) -> None:
    auth.revoke_token(engine, p.user_id, token_id)
    audit_system(engine, p, "revoke", "api_tokens", str(token_id))


def create_user(engine, p: auth.Principal, username: str, password: str, enterprise_id: str, role: str) -> dict:
    """A new user (the caller is an admin: :func:`keyparts.web.deps.admin`), audited in the
    target enterprise's trail so that its members see who was given access to their rows."""
    uid = auth.add_user(engine, username, password, enterprise_id, role)
    audit_system(engine, p, "create", "users", username, {"enterprise_id": enterprise_id, "role": role},
                 enterprise_id=enterprise_id)
    return next(u for u in auth.list_users(engine) if u["id"] == uid)


def change_password(engine, p: auth.Principal, current: str, new: str) -> None:
    auth.change_password(engine, p, current, new)
    audit_system(engine, p, "password", "users", p.username)
