"""Accounts: Argon2 hashes, session cookies, CSRF, API tokens, rate limiting, roles, CLI."""

from __future__ import annotations

import sqlalchemy as sa
from typer.testing import CliRunner

from keyparts.store.accounts import users
from keyparts.web import auth
from tests.web.conftest import PASSWORD


def login(client, user: str, password: str = PASSWORD):
    return client.post("/api/v1/auth/login", json={"username": user, "password": password})


def test_password_is_stored_as_argon2id_never_in_clear(sqlite_env):
    with sqlite_env.app.state.engine.connect() as c:
        hashes = [r.password_hash for r in c.execute(sa.select(users))]
    assert all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)


def test_production_hasher_is_argon2id_with_rfc9106_memory():
    """pwdlib's recommended hasher: Argon2id, m=65536 KiB, t=3 (RFC 9106 second recommended option)."""
    from pwdlib import PasswordHash
    h = PasswordHash.recommended().hash("x" * 12)
    assert h.startswith("$argon2id$v=19$m=65536,t=3")


def test_session_cookie_is_httponly_samesite_and_writes_need_csrf(sqlite_env):
    c = sqlite_env.client()
    r = login(c, "oem")
    assert r.status_code == 200
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "kp_session=" in cookie
    csrf = r.json()["csrf_token"]
    assert c.get("/api/v1/me").json()["enterprise_id"] == "O1"
    body = {"id": "D5", "category_id": "BRG", "quantity": 3}
    r = c.post("/api/v1/demands", json=body)
    assert r.status_code == 403 and "CSRF" in r.json()["detail"]
    r = c.post("/api/v1/demands", json=body, headers={"X-CSRF-Token": "wrong"})
    assert r.status_code == 403
    r = c.post("/api/v1/demands", json=body, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201
    assert c.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert c.get("/api/v1/me").status_code == 401


def test_unauthenticated_requests_get_401(sqlite_env):
    c = sqlite_env.client()
    for path in ("/api/v1/demands", "/api/v1/parts", "/api/v1/me", "/api/v1/categories"):
        assert c.get(path).status_code == 401
    c.headers["Authorization"] = "Bearer kp_not_a_token"
    assert c.get("/api/v1/me").status_code == 401


def test_login_rate_limited_after_five_failures(sqlite_env):
    c = sqlite_env.client()
    for _ in range(5):
        assert login(c, "maker", "wrong password!").status_code == 401
    r = login(c, "maker")  # even the right password is refused while limited
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0


def test_disabled_user_and_revoked_token_lose_access(sqlite_env):
    c = sqlite_env.client("rival")
    assert c.get("/api/v1/me").status_code == 200
    auth.set_disabled(sqlite_env.app.state.engine, "rival")
    assert c.get("/api/v1/me").status_code == 401
    assert login(sqlite_env.client(), "rival").status_code == 401
    m = sqlite_env.client("maker")
    r = m.post("/api/v1/tokens", json={"name": "ci"})
    assert r.status_code == 201
    tok = r.json()
    c2 = sqlite_env.client()
    c2.headers["Authorization"] = f"Bearer {tok['token']}"
    assert c2.get("/api/v1/me").json()["username"] == "maker"
    assert m.delete(f"/api/v1/tokens/{tok['id']}").status_code == 204
    assert c2.get("/api/v1/me").status_code == 401


def test_roles_member_analyst_admin(sqlite_env):
    assert sqlite_env.client("oem").get("/api/v1/assessment").status_code == 403
    assert sqlite_env.client("analyst").get("/api/v1/assessment").status_code == 200
    assert sqlite_env.client("analyst").get("/api/v1/users").status_code == 403
    r = sqlite_env.client("admin").post("/api/v1/users", json={"username": "new", "password": "0123456789ab",
                                                                "enterprise_id": "O1", "role": "member"})
    assert r.status_code == 201 and r.json()["enterprise_id"] == "O1"
    r = sqlite_env.client("admin").post("/api/v1/users", json={"username": "x", "password": "0123456789ab",
                                                                "enterprise_id": "NOPE"})
    assert r.status_code == 400 and "enterprise_id" in r.json()["detail"]


def test_fresh_platform_has_no_accounts(tmp_path):
    """No default credentials: a new database has no users at all."""
    from keyparts.web import create_app
    app = create_app(f"sqlite:///{tmp_path / 'x.db'}")
    assert auth.list_users(app.state.engine) == []


def test_cli_user_add_list_disable(tmp_path):
    from keyparts.cli import app
    from tests.security.test_accounts import _tiny_db
    db = _tiny_db(tmp_path)  # users belong to enterprises of the stored dataset
    r = CliRunner().invoke(app, ["user", "add", "zoe", "--enterprise", "O1", "--role", "analyst", "--db", db],
                           input="a-long-password\na-long-password\n")
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["user", "list", "--db", db, "--json"])
    assert r.exit_code == 0 and '"zoe"' in r.output and '"analyst"' in r.output
    r = CliRunner().invoke(app, ["user", "disable", "zoe", "--db", db])
    assert r.exit_code == 0
    assert auth.list_users(__import__("keyparts.store", fromlist=["make_engine"]).make_engine(db))[0]["disabled"]
    r = CliRunner().invoke(app, ["user", "add", "yan", "--enterprise", "O1", "--role", "boss", "--db", db],
                           input="a-long-password\na-long-password\n")
    from keyparts.errors import InputError
    # exit 2 (bad input), either raised as InputError for main() to map, or already mapped
    assert r.exit_code == 2 or (isinstance(r.exception, InputError) and r.exception.exit_code == 2)
