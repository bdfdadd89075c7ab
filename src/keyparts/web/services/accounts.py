"""Accounts as a service: sign-in (origin check, throttle, password) and the session cookie,
the caller's API tokens, users (admin) and the platform's audit trail (admin). The settings and admin pages and the API routes call these functions; who may call
them is decided by the routes' dependencies (``Caller``, ``Admin``), not here.

Every write is audited (:func:`keyparts.web.tenancy.audit_system`); a change to a user goes
into the trail of that user's enterprise (its members see who was given access to their rows).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os

import sqlalchemy as sa
from fastapi import HTTPException, Request, Response
from sqlalchemy.engine import Engine

from keyparts.errors import InputError, NotFoundError
from keyparts.store.accounts import ROLES, audit_log, users
from keyparts.store.versions import bump
from keyparts.web import auth
from keyparts.web.auth import Principal
from keyparts.web.tenancy import audit_system


# ------------------------------------------------------------------ sign-in
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


# ------------------------------------------------------------------ API tokens (the caller's)
def tokens(engine: Engine, p: Principal) -> list[dict]:
    """The caller's API tokens, without their secret: ``{id, name, created_at, revoked}``."""
    return auth.list_tokens(engine, p.user_id)


def create_token(engine: Engine, p: Principal, name: str) -> dict:
    """A new bearer token of the caller: ``{id, name, token}``; the secret is returned only here."""
    name = auth.safe_name("name", name, max_len=100)
    tid, token = auth.create_token(engine, p.user_id, name)
    audit_system(engine, p, "create", "api_tokens", str(tid), {"name": name})
    return {"id": tid, "name": name, "token": token}


def revoke_token(engine: Engine, p: Principal, token_id: int) -> None:
    """Revoke one of the caller's tokens (NotFoundError for a token of someone else)."""
    auth.revoke_token(engine, p.user_id, token_id)
    audit_system(engine, p, "revoke", "api_tokens", str(token_id))


# ------------------------------------------------------------------ users (admin)
def list_users(engine: Engine) -> list[dict]:
    return auth.list_users(engine)


def _user(engine: Engine, username: str) -> dict:
    u = next((u for u in auth.list_users(engine) if u["username"] == username), None)
    if u is None:
        raise NotFoundError(f"user {username!r} not found")
    return u


def create_user(engine: Engine, p: Principal, username: str, password: str, enterprise_id: str,
                role: str = "member") -> dict:
    """Create a user of a dataset enterprise; recorded in that enterprise's trail."""
    uid = auth.add_user(engine, username, password, enterprise_id, role)
    u = next(u for u in auth.list_users(engine) if u["id"] == uid)
    audit_system(engine, p, "create", "users", u["username"], {"enterprise_id": u["enterprise_id"], "role": role},
                 enterprise_id=u["enterprise_id"])
    return u


def change_user(engine: Engine, p: Principal, username: str, *, role: str | None = None,
                disabled: bool | None = None) -> dict:
    """Change a user's role and/or disable (or enable) it. An admin cannot demote or disable
    itself (the platform would be left without the admin who could undo it). Disabling ends
    the user's sessions and revokes its tokens (:func:`keyparts.web.auth.set_disabled`)."""
    u = _user(engine, username)
    if u["id"] == p.user_id and (role not in (None, u["role"]) or disabled):
        raise InputError(f"username: {username!r} is you; another admin must change your role or disable you")
    before, after = {}, {}
    if role is not None and role != u["role"]:
        if role not in ROLES:
            raise InputError(f"role: {role!r} is not one of {', '.join(ROLES)}")
        with engine.begin() as conn:
            conn.execute(users.update().where(users.c.id == u["id"]).values(role=role))
            bump(conn, auth.ACCOUNTS)  # every worker forgets the principal with the old role
        auth._forget_principals()
        before["role"], after["role"] = u["role"], role
    if disabled is not None and disabled != u["disabled"]:
        auth.set_disabled(engine, username, disabled)
        before["disabled"], after["disabled"] = u["disabled"], disabled
    if after:
        _audit_user(engine, p, "update", u, before, after)
    return _user(engine, username)


def reset_password(engine: Engine, p: Principal, username: str, new_password: str) -> None:
    """Set a user's password (the admin tells it to the user); the user's sessions end."""
    u = _user(engine, username)
    auth.set_password(engine, username, new_password)
    _audit_user(engine, p, "password", u, None, None)


def change_password(engine, p: auth.Principal, current: str, new: str) -> None:
    auth.change_password(engine, p, current, new)
    audit_system(engine, p, "password", "users", p.username)


def _audit_user(engine: Engine, p: Principal, action: str, u: dict, before: dict | None, after: dict | None) -> None:
    with engine.begin() as conn:
        conn.execute(audit_log.insert().values(
            at=auth.now(), user_id=p.user_id, username=p.username, enterprise_id=u["enterprise_id"],
            action=action, table_name="users", row_key=u["username"],
            before=json.dumps(before) if before else None, after=json.dumps(after) if after else None))


# ------------------------------------------------------------------ audit trail (admin)
AUDIT_PAGE = 50


def audit_trail(engine: Engine, viewer: Principal, *, username: str = "", action: str = "",
                since: dt.date | None = None, until: dt.date | None = None,
                limit: int = AUDIT_PAGE, offset: int = 0) -> tuple[list[dict], int]:
    """The platform's audit trail, newest first, filtered by user name (exact), action (exact)
    and day range ``since``..``until`` (UTC, both days included); (page of entries, total).
    Entries of other enterprises than the viewer's come without their before/after values:
    the admin sees who did what to which row, not the confidential values
    (docs/security.md: an enterprise's rows)."""
    cond = [sa.true()]
    if username.strip():
        cond.append(audit_log.c.username == username.strip())
    if action.strip():
        cond.append(audit_log.c.action == action.strip())
    if since is not None:
        cond.append(audit_log.c.at >= dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC))
    if until is not None:
        cond.append(audit_log.c.at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC))
    where = sa.and_(*cond)
    with engine.connect() as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(audit_log).where(where)).scalar_one()
        rows = conn.execute(sa.select(audit_log).where(where).order_by(audit_log.c.id.desc())
                            .limit(limit).offset(offset)).all()
    out = []
    for r in rows:
        d = r._asdict()
        d["at"] = r.at.isoformat()
        own = r.enterprise_id == viewer.enterprise_id
        for k in ("before", "after"):
            d[k] = json.loads(d[k]) if d[k] and own else None
        out.append(d)
    return out, int(total)


def audit_choices(engine: Engine) -> dict[str, list[str]]:
    """The user names and actions present in the trail (for the filter's lists)."""
    with engine.connect() as conn:
        names = [x for x in conn.execute(sa.select(audit_log.c.username).distinct()).scalars() if x]
        actions = [x for x in conn.execute(sa.select(audit_log.c.action).distinct()).scalars() if x]
    return {"usernames": sorted(names), "actions": sorted(actions)}
