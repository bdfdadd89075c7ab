"""Work that does not surprise (issue 12 §6), through the test client: error pages in HTML for
browsers and JSON for the API, validation errors in words, the settings page's API tokens
(create, use, revoke), the admin page (users, audit trail) and its API, on SQLite and
PostgreSQL where rows are stored."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import PASSWORD

HTML = {"Accept": "text/html,application/xhtml+xml"}


def signed_in(env, user: str, lang: str | None = None) -> tuple[TestClient, dict]:
    c = TestClient(env.app, raise_server_exceptions=False)
    if lang:
        c.cookies.set("lang", lang)
    r = c.post("/login", data={"username": user, "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303
    csrf = c.get("/api/v1/me").json()["csrf_token"]
    return c, {"X-CSRF-Token": csrf, "HX-Request": "true"}


def text(html: str) -> str:
    """The words of a page's <main>, tags removed."""
    main = html.split("<main>", 1)[-1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).strip()


# ------------------------------------------------------------------ error pages
def test_error_pages_are_html_for_the_browser_and_json_for_the_api(sqlite_env):
    c, hx = signed_in(sqlite_env, "oem")
    r = c.get("/no-such-page", headers=HTML)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "Page not found" in text(r.text) and 'href="/"' in r.text and "Not Found" not in r.text
    assert 'id="main-nav"' in r.text  # the signed-in menu, to go on from there
    r = c.get("/no-such-page")  # a script (no Accept: text/html)
    assert r.status_code == 404 and r.json() == {"detail": "Not Found", "problems": []}
    r = c.get("/api/v1/no-such-route", headers=HTML)  # the API answers JSON whatever it is asked
    assert r.status_code == 404 and r.json()["detail"] == "Not Found"
    r = c.post("/settings", headers={**HTML, "X-CSRF-Token": hx["X-CSRF-Token"]})
    assert r.status_code == 405 and "Method not allowed" in text(r.text)
    r = c.get("/admin", headers=HTML)
    assert r.status_code == 403 and "Not allowed" in text(r.text) and "needs the role admin" in text(r.text)
    r = c.get("/api/v1/users", headers=HTML)
    assert r.status_code == 403 and "admin" in r.json()["detail"]
    # an htmx request gets the fragment (shown in place by static/ui.js), not a whole page
    r = c.get("/demands/NOPE/matches", headers={"HX-Request": "true"})
    assert "<html" not in r.text and 'class="error"' in r.text


def test_server_failure_is_a_500_page_without_internals(sqlite_env):
    def boom() -> dict:
        raise RuntimeError("secret internals: /srv/keyparts/db password=hunter2")
    sqlite_env.app.add_api_route("/boom", boom)
    sqlite_env.app.add_api_route("/api/v1/boom", boom)
    c, _ = signed_in(sqlite_env, "oem")
    r = c.get("/boom", headers=HTML)
    assert r.status_code == 500 and "Something went wrong on the server" in text(r.text)
    assert "hunter2" not in r.text and "RuntimeError" not in r.text
    r = c.get("/api/v1/boom", headers=HTML)
    assert r.status_code == 500 and "logged" in r.json()["detail"] and "hunter2" not in r.text


def test_error_pages_in_chinese(sqlite_env):
    c, _ = signed_in(sqlite_env, "oem", lang="zh_CN")
    assert "页面不存在" in text(c.get("/no-such-page", headers=HTML).text)
    page = text(c.get("/admin", headers=HTML).text)
    assert "无权访问" in page and "管理员" in page


def test_form_errors_in_words_naming_the_field(sqlite_env):
    """A missing form field is a 422 fragment "quantity: a value is required" (never pydantic's
    "1 validation error for ..."), in the interface language."""
    c, hx = signed_in(sqlite_env, "oem")
    r = c.post("/demands", data={"id": "X1", "category_id": "BRG-DGBB"}, headers=hx)
    assert r.status_code == 422 and "<html" not in r.text
    assert "quantity: a value is required" in text(r.text) and "validation error" not in r.text
    r = c.post("/demands", data={"id": "X1", "category_id": "BRG-DGBB", "quantity": "many"}, headers=hx)
    assert r.headers["X-Keyparts-Error"] == "400" and "quantity" in r.text and "validation error for" not in r.text
    c.cookies.set("lang", "zh_CN")
    r = c.post("/demands", data={"id": "X1", "category_id": "BRG-DGBB"}, headers=hx)
    assert "quantity：必须填写" in text(r.text)


# ------------------------------------------------------------------ API tokens from the settings page
def test_token_created_on_settings_page_opens_the_api_until_revoked(env):
    c, hx = signed_in(env, "oem")
    assert c.get("/settings", headers=HTML).status_code == 200
    r = c.post("/settings/tokens", data={"name": "nightly import"}, headers=hx)
    assert r.status_code == 200
    secret = re.search(r'id="token-secret">(kp_[\w-]+)<', r.text).group(1)
    tid = int(re.search(r'id="token-(\d+)"', r.text).group(1))
    api = TestClient(env.app)
    me = api.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200 and me.json()["username"] == "oem"
    # shown once: the page lists the token by name, never its secret again
    page = c.get("/settings", headers=HTML).text
    assert "nightly import" in page and secret not in page
    listed = api.get("/api/v1/tokens", headers={"Authorization": f"Bearer {secret}"}).json()
    assert {"id": tid, "name": "nightly import", "revoked": False}.items() <= next(
        t for t in listed if t["id"] == tid).items()
    r = c.post(f"/settings/tokens/{tid}/revoke", headers=hx)
    assert r.status_code == 200 and "revoked" in r.text
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    # both writes are in the enterprise's audit trail
    trail = env.client("oem").get("/api/v1/audit").json()["items"]
    assert [(e["action"], e["row_key"]) for e in trail[:2]] == [("revoke", str(tid)), ("create", str(tid))]


def test_token_of_another_user_cannot_be_revoked(env):
    c, hx = signed_in(env, "oem")
    mine = TestClient(env.app).get("/api/v1/tokens", headers={"Authorization": f"Bearer {env.tokens['maker']}"})
    other = mine.json()[0]["id"]
    r = c.post(f"/settings/tokens/{other}/revoke", headers=hx)
    assert r.headers["X-Keyparts-Error"] == "404" and "not found" in r.text
    assert env.client("maker").get("/api/v1/me").status_code == 200


# ------------------------------------------------------------------ admin page and API
def test_admin_page_manages_users(env):
    c, hx = signed_in(env, "admin")
    page = c.get("/admin", headers=HTML)
    assert page.status_code == 200 and all(u in page.text for u in ("oem", "maker", "rival", "analyst"))
    # create: a weak password is refused in words, then a good one creates the row
    r = c.post("/admin/users", data={"username": "newbie", "password": "short", "enterprise_id": "O1",
                                     "role": "member"}, headers=hx)
    assert r.headers["X-Keyparts-Error"] == "400" and "password: 5 characters, expected 10-1000" in r.text
    r = c.post("/admin/users", data={"username": "newbie", "password": PASSWORD, "enterprise_id": "O1",
                                     "role": "member"}, headers=hx)
    assert r.status_code == 200 and "newbie" in r.text and "X-Keyparts-Error" not in r.headers
    users = {u["username"]: u for u in env.client("admin").get("/api/v1/users").json()}
    assert (users["newbie"]["enterprise_id"], users["newbie"]["role"]) == ("O1", "member")
    # change the role, reset the password, disable
    r = c.post("/admin/users/newbie", data={"role": "analyst"}, headers=hx)
    assert "X-Keyparts-Error" not in r.headers
    r = c.post("/admin/users/newbie/password", data={"new_password": "another fine passphrase"}, headers=hx)
    assert r.status_code == 200 and "newbie" in r.text
    n = TestClient(env.app)
    assert n.post("/api/v1/auth/login", json={"username": "newbie", "password": "another fine passphrase"}
                  ).json()["role"] == "analyst"
    tok = env.client("admin").post("/api/v1/tokens", json={"name": "x"}).json()["token"]  # admin's own
    r = c.post("/admin/users/newbie", data={"disabled": "true"}, headers=hx)
    assert "X-Keyparts-Error" not in r.headers and "disabled" in r.text
    assert n.get("/api/v1/me").status_code == 401  # the session ended
    assert TestClient(env.app).get("/api/v1/me", headers={"Authorization": f"Bearer {tok}"}).status_code == 200
    # an admin cannot disable or demote itself
    r = c.post("/admin/users/admin", data={"disabled": "true"}, headers=hx)
    assert r.headers["X-Keyparts-Error"] == "400" and "is you" in r.text


def test_admin_audit_trail_filters_and_pages(env, monkeypatch):
    c, hx = signed_in(env, "admin")
    for name in ("u1", "u2", "u3"):
        c.post("/admin/users", data={"username": name, "password": PASSWORD, "enterprise_id": "O1"}, headers=hx)
    c.post("/admin/users/u1", data={"role": "analyst"}, headers=hx)
    api = env.client("admin")
    # three creations and one update by admin, in O1's trail (values hidden from M1's admin)
    got = api.get("/api/v1/admin/audit", params={"username": "admin", "action": "create"}).json()
    assert got["total"] == 3 and [e["row_key"] for e in got["items"]] == ["u3", "u2", "u1"]
    assert all(e["after"] is None and e["enterprise_id"] == "O1" for e in got["items"])
    upd = api.get("/api/v1/admin/audit", params={"action": "update"}).json()["items"]
    assert [(e["row_key"], e["username"]) for e in upd] == [("u1", "admin")]
    today = dt.datetime.now(dt.UTC).date()
    assert api.get("/api/v1/admin/audit", params={"since": str(today + dt.timedelta(days=1))}).json()["total"] == 0
    assert api.get("/api/v1/admin/audit", params={"until": str(today - dt.timedelta(days=1))}).json()["total"] == 0
    assert api.get("/api/v1/admin/audit", params={"since": str(today), "until": str(today),
                                                   "username": "admin"}).json()["total"] == 4
    # the page: the same filter, 2 entries a page -> pages 1 and 2 of 2
    from keyparts.web.services import accounts
    monkeypatch.setattr(accounts, "AUDIT_PAGE", 2)
    p1 = c.get("/admin", params={"user": "admin", "action": "create"}, headers=HTML).text
    assert "3 entries" in text(p1) and "Page 1 of 2" in text(p1)
    rows = re.findall(r"<td>create</td><td>users</td><td>(u\d)</td>", p1)
    assert rows == ["u3", "u2"]
    p2 = c.get("/admin", params={"user": "admin", "action": "create", "page": 2}, headers=HTML).text
    assert re.findall(r"<td>create</td><td>users</td><td>(u\d)</td>", p2) == ["u1"]
    bad = c.get("/admin", params={"since": "yesterday"}, headers=HTML)
    assert bad.status_code == 200 and "since: yesterday is not a date, expected YYYY-MM-DD" in text(bad.text)
    # members may not read it
    assert env.client("oem").get("/api/v1/admin/audit").status_code == 403


def test_admin_api_changes_users(env):
    api = env.client("admin")
    r = api.patch("/api/v1/users/rival", json={"role": "analyst"})
    assert r.status_code == 200 and r.json()["role"] == "analyst"
    assert env.client("rival").get("/api/v1/me").json()["role"] == "analyst"
    assert api.patch("/api/v1/users/rival", json={"disabled": True}).json()["disabled"] is True
    assert env.client("rival").get("/api/v1/me").status_code == 401
    assert api.put("/api/v1/users/oem/password", json={"new_password": "a brand new passphrase"}).status_code == 204
    assert TestClient(env.app).post("/api/v1/auth/login", json={
        "username": "oem", "password": "a brand new passphrase"}).status_code == 200
    assert api.patch("/api/v1/users/nobody", json={"role": "member"}).status_code == 404
    assert api.patch("/api/v1/users/rival", json={"role": "king"}).status_code == 422
    assert env.client("oem").patch("/api/v1/users/rival", json={"role": "admin"}).status_code == 403


@pytest.mark.parametrize("path", ["/", "/demands", "/settings", "/parts"])
def test_nav_marks_the_active_page(sqlite_env, path):
    c, _ = signed_in(sqlite_env, "oem")
    html = c.get(path, headers=HTML).text
    current = re.findall(r'<a href="([^"]+)" aria-current="page"', html.split('id="main-nav"', 1)[1].split("</nav>")[0])
    assert current == [path]


def test_expired_session_on_an_htmx_form_sends_the_page_to_sign_in(sqlite_env):
    """An htmx request without a session gets 401 with HX-Redirect (htmx then loads the sign-in
    page in the window, returning to the page after), not the sign-in page inside the form."""
    c = TestClient(sqlite_env.app)
    r = c.post("/demands", data={"id": "X"}, headers={"HX-Request": "true",
                                                      "HX-Current-URL": "http://testserver/demands"},
               follow_redirects=False)
    assert r.status_code == 401 and r.headers["HX-Redirect"] == "/login?next=/demands"
    r = c.get("/demands", headers=HTML, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/demands"
