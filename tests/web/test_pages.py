"""Pages through the same tenant layer: signed-in pages render, forms need the CSRF token,
foreign objects are 404 / absent, category names appear in Chinese and English."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.conftest import PASSWORD


def signed_in(env, user: str) -> tuple[TestClient, str]:
    c = TestClient(env.app)
    r = c.post("/login", data={"username": user, "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303 and "kp_session" in r.headers["set-cookie"]
    csrf = c.get("/api/v1/me").json()["csrf_token"]
    return c, csrf


def test_pages_need_sign_in(sqlite_env):
    c = TestClient(sqlite_env.app)
    r = c.get("/parts", headers={"Accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    r = c.post("/login", data={"username": "oem", "password": "wrong"})
    assert "wrong user name or password" in r.text


def test_every_page_renders_with_bilingual_category_names(sqlite_env):
    c, _ = signed_in(sqlite_env, "analyst")
    for path in ("/", "/parts", "/parts/P1", "/demands", "/life", "/calculators", "/scenario", "/import",
                 "/categories/BRG-DGBB"):
        r = c.get(path)
        assert r.status_code == 200, (path, r.text[:300])
    assert "深沟球轴承 · Deep-groove ball bearings" in c.get("/parts").text
    assert "P5级深沟球轴承 · Deep-groove ball bearings P5" in c.get("/").text


def test_page_forms_require_csrf(sqlite_env):
    c, csrf = signed_in(sqlite_env, "oem")
    form = {"id": "DP1", "category_id": "BRG-DGBB", "quantity": "10"}
    assert c.post("/demands", data=form).status_code == 403
    r = c.post("/demands", data=form, headers={"X-CSRF-Token": csrf, "HX-Request": "true"})
    assert r.status_code == 200 and 'id="d-DP1"' in r.text
    r = c.post("/demands", data={**form, "id": "DP2", "csrf_token": csrf})
    assert r.status_code == 200 and 'id="d-DP2"' in r.text
    r = c.post("/demands", data={**form, "id": "DP3", "quantity": "many"}, headers={"X-CSRF-Token": csrf})
    assert "quantity" in r.text and "error" in r.text


def test_foreign_objects_on_pages(sqlite_env):
    """D1 belongs to O1, P1's price (4.50) and test T1 to M1: M2 sees none of them."""
    c, _ = signed_in(sqlite_env, "rival")
    assert 'id="d-D1"' not in c.get("/demands").text
    r = c.get("/demands/D1/matches")
    assert r.status_code == 404 and "not found" in r.text
    page = c.get("/parts/P1").text
    assert "confidential" in page and "4.50" not in page and "T1" not in page
    assert c.get("/parts/NOPE", headers={"Accept": "text/html"}).status_code == 404
    c2, _ = signed_in(sqlite_env, "maker")
    page = c2.get("/parts/P1").text
    assert "4.50 USD" in page and "<h3>T1</h3>" in page and "<svg" in page


def test_member_cannot_run_scenario_page(sqlite_env):
    c, csrf = signed_in(sqlite_env, "oem")
    assert "cannot open" in c.get("/scenario").text
    r = c.post("/scenario", data={"embargo": "JP"}, headers={"X-CSRF-Token": csrf, "HX-Request": "true"})
    assert "analyst" in r.text and "total-lost" not in r.text


def test_category_page_lists_dependent_products(sqlite_env):
    """tiny.py BOM: X1 (excavator) -> A1 (spindle unit) -> P1 (a BRG-DGBB-P5 part) and -> the
    BRG-DGBB category line: X1 depends on BRG-DGBB-P5 and on BRG-DGBB."""
    c, _ = signed_in(sqlite_env, "oem")
    for cid in ("BRG-DGBB-P5", "BRG-DGBB", "BRG"):
        page = c.get(f"/categories/{cid}").text
        assert "<td>X1</td><td>Excavator 20 t</td>" in page, cid
