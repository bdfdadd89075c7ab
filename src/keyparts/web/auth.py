"""Accounts: users, Argon2 passwords, server-side sessions, API tokens, login rate limiting.

Passwords are hashed with pwdlib's recommended Argon2id; the browser gets a random session
token in an HttpOnly, SameSite=Lax cookie and the database keeps only its SHA-256, with the
session's CSRF token. Scripts use ``Authorization: Bearer kp_...`` tokens (also stored as
SHA-256). Sign-ins are throttled per (user name, client address) pair in the database
(:class:`LoginLimiter`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import unicodedata
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from pwdlib import PasswordHash
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine

from keyparts.errors import InputError, NotFoundError
from keyparts.store.accounts import ROLES, api_tokens, login_throttle, sessions, users
from keyparts.store.versions import bump

# The data-version name of the accounts: bumped when a session ends or a user, token or password
# stops being valid, so that every process drops the principals it remembers (PrincipalCache).
ACCOUNTS = "accounts"

SESSION_COOKIE = "kp_session"
SESSION_HOURS = 12
TOKEN_DAYS = 90
MIN_PASSWORD = 10
MAX_PASSWORD = 1000
_hasher = PasswordHash.recommended()
# A valid hash to verify against when the user does not exist (same cost, no user-name oracle);
# made at the first sign-in, not at import (one Argon2 hash: a second of a loaded server's start).
_DUMMY_HASH: str | None = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher.hash("keyparts-dummy-password")
    return _DUMMY_HASH


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: who, which enterprise, which role, and how."""

    user_id: int
    username: str
    enterprise_id: str
    role: str
    via: str = "session"  # "session" | "token"
    csrf: str = ""
    locale: str | None = None  # the user's interface language (users.locale), None: the browser's

    @property
    def national(self) -> bool:
        """May see aggregated national views (assessment, scenarios, exposure)."""
        return self.role in ("admin", "analyst")


# C0/C1 controls, DEL, and the Unicode bidirectional marks, embeddings, overrides and isolates
# (Unicode TR #9; CVE-2021-42574 "Trojan Source"), refused in names and ids.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe_name(field: str, value: str, *, forbid: str = "", max_len: int = 200) -> str:
    """``value`` normalised to Unicode NFKC (so that look-alike compatibility forms such as
    full-width letters become one name, UAX #15) and stripped; InputError when empty, longer
    than ``max_len``, or holding a control or bidi character or one of ``forbid``."""
    v = unicodedata.normalize("NFKC", value).strip()
    bad = _UNSAFE.search(v) or next((c for c in forbid if c in v), None)
    if not v or len(v) > max_len or bad:
        what = f"contains {bad.group() if isinstance(bad, re.Match) else bad!r}" if bad else \
            f"has {len(v)} characters"
        extra = f" and none of {' '.join(forbid)}" if forbid else ""
        raise InputError(f"{field}: {value!r} {what}, expected 1-{max_len} characters without control or "
                         f"bidi characters{extra}")
    return v


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(t: dt.datetime) -> dt.datetime:
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


# ---------------------------------------------------------------- users
_COMMON: frozenset[str] | None = None


def _common_passwords() -> frozenset[str]:
    """The 30 000 most common passwords (Burnett's 10 million passwords set, as shipped by
    zxcvbn, MIT licence), lower case."""
    global _COMMON
    if _COMMON is None:
        from zxcvbn.frequency_lists import FREQUENCY_LISTS
        _COMMON = frozenset(p.casefold() for p in FREQUENCY_LISTS["passwords"])
    return _COMMON


def check_password(password: str, username: str = "") -> None:
    """NIST SP 800-63B §5.1.1.2: at least MIN_PASSWORD characters, not a commonly used
    password, not the user name; InputError otherwise (the password is never echoed)."""
    if len(password) < MIN_PASSWORD or len(password) > MAX_PASSWORD:
        raise InputError(f"password: {len(password)} characters, expected {MIN_PASSWORD}-{MAX_PASSWORD}")
    low = unicodedata.normalize("NFKC", password).casefold()
    if low in _common_passwords():
        raise InputError("password: one of the 30 000 most common passwords, expected one that is not")
    if username and unicodedata.normalize("NFKC", username).casefold() in low:
        raise InputError("password: contains the user name, expected one that does not")


def normal_username(username: str) -> str:
    """A user name as stored and looked up: NFKC, stripped, no control or bidi characters."""
    return safe_name("username", username, max_len=100)


def add_user(engine: Engine, username: str, password: str, enterprise_id: str, role: str = "member") -> int:
    """Create a user of an enterprise of the stored dataset; returns its id. InputError on a
    bad or taken name (case-insensitive), role, password, or an unknown enterprise."""
    from keyparts.store.tables import TABLE
    username = normal_username(username)
    if role not in ROLES:
        raise InputError(f"role: {role!r} is not one of {', '.join(ROLES)}")
    check_password(password, username)
    ent = TABLE["enterprises"]
    with engine.begin() as conn:
        if conn.execute(sa.select(ent.c.id).where(ent.c.id == enterprise_id.strip())).first() is None:
            raise InputError(f"enterprise_id: {enterprise_id!r} is not an enterprise of the stored dataset "
                             "(import the dataset first)")
        if conn.execute(sa.select(users.c.id).where(sa.func.lower(users.c.username) == username.lower())).first():
            raise InputError(f"username: {username!r} is already taken")
        return int(conn.execute(users.insert().values(
            username=username, enterprise_id=enterprise_id.strip(), role=role,
            password_hash=_hasher.hash(password), disabled=False, created_at=now())).inserted_primary_key[0])


def list_users(engine: Engine) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(users.c.id, users.c.username, users.c.enterprise_id, users.c.role,
                                      users.c.disabled, users.c.created_at).order_by(users.c.username))
        return [{**r._asdict(), "created_at": r.created_at.isoformat()} for r in rows]


def set_disabled(engine: Engine, username: str, disabled: bool = True) -> None:
    """Disable (or enable) a user. Disabling ends its sessions and revokes its tokens for good
    (enabling again does not bring them back)."""
    with engine.begin() as conn:
        uid = conn.execute(sa.select(users.c.id).where(users.c.username == username)).scalar()
        if uid is None:
            raise NotFoundError(f"user {username!r} not found")
        conn.execute(users.update().where(users.c.id == uid).values(disabled=disabled))
        if disabled:
            conn.execute(sessions.delete().where(sessions.c.user_id == uid))
            conn.execute(api_tokens.update().where(api_tokens.c.user_id == uid).values(revoked=True))
        bump(conn, ACCOUNTS)
    _forget_principals()


def change_password(engine: Engine, p: Principal, current: str, new: str) -> None:
    """The signed-in user replaces its own password, proving the current one; every session
    ends (sign in again)."""
    if authenticate(engine, p.username, current) is None:
        raise InputError("current_password: wrong, expected the password in use")
    set_password(engine, p.username, new)


def authenticate(engine: Engine, username: str, password: str) -> Principal | None:
    """The principal for a correct user name and password of an enabled user, else None."""
    try:
        username = normal_username(username)
    except InputError:
        username = ""
    with engine.begin() as conn:
        row = conn.execute(sa.select(users).where(users.c.username == username)).first()
        if row is None:
            _hasher.verify(password, _dummy_hash())
            return None
        ok, new_hash = _hasher.verify_and_update(password, row.password_hash)
        if not ok or row.disabled:
            return None
        if new_hash:
            conn.execute(users.update().where(users.c.id == row.id).values(password_hash=new_hash))
    return Principal(row.id, row.username, row.enterprise_id, row.role, locale=row.locale)


def set_locale(engine: Engine, user_id: int, locale: str | None) -> None:
    """Save the user's interface language (``en``, ``zh_CN``, or None for the browser's)."""
    from keyparts.web.i18n import LOCALES
    if locale is not None and locale not in LOCALES:
        raise InputError(f"locale: {locale!r}, expected one of {', '.join(LOCALES)}")
    with engine.begin() as conn:
        conn.execute(users.update().where(users.c.id == user_id).values(locale=locale))
    _forget_principals()


# ---------------------------------------------------------------- sessions
def create_session(engine: Engine, p: Principal) -> tuple[str, str]:
    """A new session for ``p``: (cookie token, CSRF token)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    with engine.begin() as conn:
        conn.execute(sessions.delete().where(sessions.c.expires_at < now()))
        conn.execute(sessions.insert().values(token_hash=_sha(token), user_id=p.user_id, csrf=csrf,
                                              created_at=now(),
                                              expires_at=now() + dt.timedelta(hours=SESSION_HOURS)))
    return token, csrf


def _principal_from(conn: Connection, where: sa.ColumnElement, extra: sa.Table, via: str) -> Principal | None:
    cols = [users.c.id, users.c.username, users.c.enterprise_id, users.c.role, users.c.disabled, users.c.locale]
    if extra is sessions:
        cols += [sessions.c.csrf, sessions.c.expires_at]
    else:
        cols += [api_tokens.c.created_at, api_tokens.c.expires_at]
    row = conn.execute(sa.select(*cols).select_from(extra.join(users, users.c.id == extra.c.user_id))
                       .where(where)).first()
    if row is None or row.disabled:
        return None
    if via == "session" and _aware(row.expires_at) < now():
        return None
    if via == "token" and _aware(row.expires_at or row.created_at + dt.timedelta(days=TOKEN_DAYS)) < now():
        return None  # tokens made before expiry existed end TOKEN_DAYS after creation
    return Principal(row.id, row.username, row.enterprise_id, row.role, via,
                     row.csrf if via == "session" else "", row.locale)


def session_principal(engine: Engine, token: str) -> Principal | None:
    with engine.connect() as conn:
        return _principal_from(conn, sessions.c.token_hash == _sha(token), sessions, "session")


def end_session(engine: Engine, token: str) -> None:
    with engine.begin() as conn:
        conn.execute(sessions.delete().where(sessions.c.token_hash == _sha(token)))
        bump(conn, ACCOUNTS)
    _forget_principals()


# ---------------------------------------------------------------- API tokens
def create_token(engine: Engine, user_id: int, name: str, days: float = TOKEN_DAYS) -> tuple[int, str]:
    """A new bearer token (shown once), valid for ``days``: (id, token)."""
    token = "kp_" + secrets.token_urlsafe(32)
    with engine.begin() as conn:
        tid = conn.execute(api_tokens.insert().values(user_id=user_id, name=name or "token",
                                                      token_hash=_sha(token), created_at=now(),
                                                      expires_at=now() + dt.timedelta(days=days),
                                                      revoked=False)).inserted_primary_key[0]
    return int(tid), token


def token_principal(engine: Engine, token: str) -> Principal | None:
    with engine.connect() as conn:
        return _principal_from(conn, sa.and_(api_tokens.c.token_hash == _sha(token),
                                             api_tokens.c.revoked.is_(False)), api_tokens, "token")


def revoke_token(engine: Engine, user_id: int, token_id: int) -> None:
    with engine.begin() as conn:
        n = conn.execute(api_tokens.update().where(api_tokens.c.id == token_id, api_tokens.c.user_id == user_id)
                         .values(revoked=True)).rowcount
        bump(conn, ACCOUNTS)
    _forget_principals()
    if not n:
        raise NotFoundError(f"token {token_id} not found")


def list_tokens(engine: Engine, user_id: int) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(api_tokens.c.id, api_tokens.c.name, api_tokens.c.created_at,
                                      api_tokens.c.revoked).where(api_tokens.c.user_id == user_id)
                            .order_by(api_tokens.c.id))
        return [{**r._asdict(), "created_at": r.created_at.isoformat()} for r in rows]


# ---------------------------------------------------------------- principal cache
class PrincipalCache:
    """Token/session -> principal for ``ttl_s`` seconds (saves a query per request), as long as
    the ``accounts`` data version it was read at is current: sign-out, disabling a user,
    revoking a token and a new password bump that version in their transaction, so every
    server worker and process stops accepting the session or token on its next request (the
    caller passes the version it read for the request; without one, within ``ttl_s``)."""

    def __init__(self, ttl_s: float = 2.0, max_items: int = 10_000):
        self.ttl_s, self.max_items = ttl_s, max_items
        self._items: dict[str, tuple[float, Principal | None, str | None]] = {}
        self._lock = threading.Lock()

    def get(self, key: str, load: Callable[[str], Principal | None], version: str | None = None) -> Principal | None:
        t = time.monotonic()
        hit = self._items.get(key)
        if hit is not None and hit[0] > t and hit[2] == version:
            return hit[1]
        p = load(key)
        with self._lock:
            if len(self._items) >= self.max_items:
                self._items.clear()
            self._items[key] = (t + self.ttl_s, p, version)
        return p

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_CACHES: list[PrincipalCache] = []


def principal_cache() -> PrincipalCache:
    c = PrincipalCache()
    _CACHES.append(c)
    return c


def _forget_principals() -> None:
    for c in _CACHES:
        c.clear()


# ---------------------------------------------------------------- sign-in throttling
_clock = time.time  # Unix seconds (tests move it)


def throttle_key(username: str, address: str) -> str:
    """SHA-256 of the (user name, client address) pair: one fixed-size row per pair, whatever
    the length of the name tried."""
    name = unicodedata.normalize("NFKC", username).strip().casefold()
    return _sha(name + "\x00" + address)


class LoginLimiter:
    """Sign-in throttling per (user name, client address) pair with growing delays (OWASP
    Authentication Cheat Sheet, "Login Throttling"; NIST SP 800-63B §5.2.2 rate limiting).

    Every attempt is counted *before* the password is checked, in the database (one atomic
    ``UPDATE ... SET attempts = attempts + 1 ... WHERE next_at <= now``), so parallel
    requests and several workers share one count. The first ``free`` attempts since the last
    success may follow each other at once; from the ``free``-th on, the pair must wait
    ``base_s``, then twice as long after each further attempt, up to ``max_s``. A success
    resets the pair. Another address (the real user elsewhere) or another user name is not
    slowed down, so an attacker cannot lock anyone out. The object holds settings only.
    """

    def __init__(self, free: int = 5, base_s: float = 2.0, max_s: float = 900.0, keep_s: float = 86_400.0,
                 cleanup_batch: int = 200):
        self.free, self.base_s, self.max_s = free, base_s, max_s
        self.keep_s, self.cleanup_batch = keep_s, cleanup_batch

    def attempt(self, engine: Engine, username: str, address: str) -> float:
        """Reserve one sign-in attempt for the pair: 0.0 when it may go ahead, else the seconds
        to wait (nothing is counted then)."""
        t, key, lt = _clock(), throttle_key(username, address), login_throttle
        n1 = lt.c.attempts + 1
        delay = sa.case((n1 < self.free, 0.0), (lt.c.delay_s * 2 >= self.max_s, self.max_s),
                        (lt.c.delay_s * 2 < self.base_s, self.base_s), else_=lt.c.delay_s * 2)
        with engine.begin() as conn:
            ins = (sqlite_insert if conn.dialect.name == "sqlite" else pg_insert)(lt)
            new = conn.execute(ins.values(key=key, attempts=0, delay_s=0.0, next_at=0.0, updated_at=t)
                               .on_conflict_do_nothing(index_elements=["key"])).rowcount
            if new:
                self._cleanup(conn, t)
            ok = conn.execute(lt.update().where(lt.c.key == key, lt.c.next_at <= t)
                              .values(attempts=n1, delay_s=delay, next_at=t + delay, updated_at=t)).rowcount
            if ok:
                return 0.0
            nxt = conn.execute(sa.select(lt.c.next_at).where(lt.c.key == key)).scalar()
        return max((nxt or t) - t, 0.001)

    def _cleanup(self, conn: Connection, t: float) -> None:
        """Bounded: at most ``cleanup_batch`` pairs idle for ``keep_s`` go per new pair."""
        lt = login_throttle
        stale = sa.select(lt.c.key).where(lt.c.updated_at < t - self.keep_s, lt.c.next_at < t) \
            .limit(self.cleanup_batch)
        conn.execute(lt.delete().where(lt.c.key.in_(stale)))

    def succeeded(self, engine: Engine, username: str, address: str) -> None:
        with engine.begin() as conn:
            conn.execute(login_throttle.delete().where(login_throttle.c.key == throttle_key(username, address)))


def set_password(engine: Engine, username: str, password: str) -> None:
    """Replace a user's password (and end its sessions)."""
    check_password(password, username)
    with engine.begin() as conn:
        uid = conn.execute(sa.select(users.c.id).where(users.c.username == username)).scalar()
        if uid is None:
            raise NotFoundError(f"user {username!r} not found")
        conn.execute(users.update().where(users.c.id == uid).values(password_hash=_hasher.hash(password)))
        conn.execute(sessions.delete().where(sessions.c.user_id == uid))
        bump(conn, ACCOUNTS)
    _forget_principals()
