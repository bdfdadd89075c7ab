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


def test_every_page_renders_with_category_names_in_the_interface_language(sqlite_env):
    c, _ = signed_in(sqlite_env, "analyst")
    for path in ("/", "/parts", "/parts/P1", "/demands", "/life", "/calculators", "/scenario", "/import",
                 "/categories/BRG-DGBB"):
        r = c.get(path)
        assert r.status_code == 200, (path, r.text[:300])
    assert "Deep-groove ball bearings" in c.get("/parts").text
    assert "Deep-groove ball bearings P5" in c.get("/").text
    c.cookies.set("lang", "zh_CN")
    assert "深沟球轴承" in c.get("/parts").text and "Deep-groove ball bearings" not in c.get("/parts").text
    assert "P5级深沟球轴承" in c.get("/").text


def test_page_forms_require_csrf(sqlite_env):
    c, csrf = signed_in(sqlite_env, "oem")
    form = {"id": "DP1", "category_id": "BRG-DGBB", "quantity": "10"}
    assert c.post("/demands", data=form).status_code == 403
    r = c.post("/demands", data=form, headers={"X-CSRF-Token": csrf, "HX-Request": "true"})
    assert r.status_code == 200 and 'id="d-O1:DP1"' in r.text  # ids namespaced by the creator
    r = c.post("/demands", data={**form, "id": "DP2", "csrf_token": csrf})
    assert r.status_code == 200 and 'id="d-O1:DP2"' in r.text
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
    assert "4.50 USD" in page and "<h3>T1</h3>" in page and 'data-chart="life-plot-1-option"' in page  # the plot, drawn by ECharts


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


def test_life_page_stores_campaign_only_for_own_part(sqlite_env):
    csv = b"time,status\n100,F\n150,F\n220,F\n300,S\n"
    c, csrf = signed_in(sqlite_env, "maker")
    h = {"X-CSRF-Token": csrf, "HX-Request": "true"}
    r = c.post("/life", files={"file": ("t.csv", csv, "text/csv")}, data={"part_id": "P1", "test_id": "T9"}, headers=h)
    assert 'id="saved"' in r.text and 'id="life-plot"' in r.text
    assert len(sqlite_env.client("maker").get("/api/v1/tests/M1:T9").json()) == 4
    r = c.post("/life", files={"file": ("t.csv", csv, "text/csv")}, data={"part_id": "P2", "test_id": "T10"}, headers=h)
    assert "not found" in r.text and 'id="saved"' not in r.text  # P2 is made by M2
    assert sqlite_env.client("rival").get("/api/v1/tests/T10").status_code == 404


def test_demo_accounts_have_random_passwords_and_the_four_roles(tmp_path):
    """No fixed credentials: a created account gets a random password; a second call leaves
    existing accounts' passwords alone (issue 12: `make run` no longer resets them), unless
    asked to reset; roles admin/analyst/member."""
    from keyparts.cli.web import demo_accounts
    from keyparts.dataset import read_dataset, validate_and_type
    from keyparts.store.repository import import_dataset
    from keyparts.store import make_engine
    from keyparts.web import auth
    from tests.dataset.tiny import write_tiny

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    import_dataset(validate_and_type(read_dataset(write_tiny(tmp_path / "t"))), url)
    first = demo_accounts(url)
    assert {pw for _, pw, _ in demo_accounts(url)} == {"(unchanged)"}
    assert auth.authenticate(make_engine(url), "oem", dict((u, pw) for u, pw, _ in first)["oem"]) is not None
    second = demo_accounts(url, reset=True)
    assert [u for u, _, _ in first] == ["admin", "analyst", "oem", "maker"]
    assert all(a[1] != b[1] and len(a[1]) >= 10 for a, b in zip(first, second))
    ents = {u: e for u, _, e in second}
    assert ents["oem"] == "O1" and ents["maker"] == "M1"  # owner of demand D1, maker of tested part P1
    roles = {u["username"]: u["role"] for u in auth.list_users(make_engine(url))}
    assert roles == {"admin": "admin", "analyst": "analyst", "oem": "member", "maker": "member"}


def test_category_page_lists_its_projects(sqlite_env):
    """tiny.py projects.csv: PRJ1 on BRG-DGBB-P5, led by M1 (Liaoning Precision Bearing), budget
    1 200 000 USD, from 2023, TRL 4. It shows on its category and on the parent categories."""
    c, _ = signed_in(sqlite_env, "oem")
    for cid in ("BRG-DGBB-P5", "BRG"):
        page = c.get(f"/categories/{cid}").text
        assert "PRJ1 P5 deep-groove bearings for spindles" in page, cid
        assert "<td>Liaoning Precision Bearing</td><td>M2, O1</td><td>1,200,000</td><td>2023–</td><td>4</td>" in page


def test_part_page_interchange_lists_other_parts_with_maker_and_country(sqlite_env):
    """P1 (6205-2RS/P5 of M1) and P2 (6205-2RS1/P5 of M2 'Kansai Bearing', JP) share the
    25 x 52 x 15 mm geometry (ISO 15): P1's page offers P2 with its maker and country, and never
    P1 itself (it was listed as its own substitute)."""
    c, _ = signed_in(sqlite_env, "analyst")
    page = c.get("/parts/P1").text
    section = page.split("Interchange")[1].split("</section>")[0]
    assert '<a href="/parts/P2">P2</a>' in section
    assert "<td>Kansai Bearing</td><td>JP</td>" in section
    assert "/parts/P1" not in section
    api = c.get("/api/v1/parts/P1/interchange").json()
    assert [(x["part_id"], x["maker_name"], x["country"]) for x in api["candidates"]] == [("P2", "Kansai Bearing", "JP")]


def test_bearing_calculator_offers_the_engine_type_names(sqlite_env):
    """The form's type names are keyparts.design.BEARING_TYPES (thrust included) and the engine
    accepts each of them; an unknown word is refused."""
    from keyparts.design import BEARING_TYPES

    c, csrf = signed_in(sqlite_env, "oem")
    page = c.get("/calculators").text
    for name in BEARING_TYPES:
        assert f'<option value="{name}">' in page, name
    h = {"X-CSRF-Token": csrf, "HX-Request": "true"}
    r = c.post("/calculators/bearing", data={"C_kN": "27kN", "C0_kN": "69.5kN", "Pu_kN": "2.55kN", "Fr_kN": "0",
                                             "Fa_kN": "5kN", "speed_rpm": "1000rpm", "bearing_type": "thrust_ball"},
               headers=h)
    assert 'id="bearing-out"' in r.text, r.text
    r = c.post("/calculators/bearing", data={"C_kN": "27kN", "Fr_kN": "1kN", "bearing_type": "cylindrical_roller"},
               headers=h)
    assert "bearing_type" in r.text and 'id="bearing-out"' not in r.text


def test_forms_refuse_zero_or_negative_requirements(sqlite_env):
    """A requirement of 0 or below is refused (the life page printed PASS for a negative B10)."""
    c, csrf = signed_in(sqlite_env, "maker")
    h = {"X-CSRF-Token": csrf, "HX-Request": "true"}
    csv = b"time,status\n100,F\n150,F\n220,F\n300,S\n"
    r = c.post("/life", files={"file": ("t.csv", csv, "text/csv")}, data={"required_b10": "-5"}, headers=h)
    assert "required" in r.text and "PASS" not in r.text
    r = c.post("/calculators/bearing", data={"C_kN": "14.8kN", "Fr_kN": "2kN", "speed_rpm": "3000rpm",
                                             "required_L10mh_h": "-1h"}, headers=h)
    assert "required_L10mh_h" in r.text and 'id="bearing-out"' not in r.text
    r = c.post("/calculators/bearing", data={"C_kN": "14.8kN", "Fr_kN": "2kN", "required_L10mh_h": "20000h"},
               headers=h)
    assert "speed_rpm" in r.text and 'id="bearing-out"' not in r.text


def test_scenario_page_passes_inventory_ramp_up_and_qualify_days(sqlite_env, monkeypatch):
    """The page's inputs reach the engine's Scenario as typed (and the defaults when empty)."""
    import keyparts.priority.assess as assess
    seen = []
    real = assess.run_scenario
    monkeypatch.setattr(assess, "run_scenario", lambda m, sc, **kw: seen.append(sc) or real(m, sc, **kw))
    c, csrf = signed_in(sqlite_env, "analyst")
    h = {"X-CSRF-Token": csrf, "HX-Request": "true"}
    r = c.post("/scenario", data={"embargo": "JP", "duration_days": "120", "inventory_days": "0",
                                  "ramp_up_days": "30", "qualify_days": "20"}, headers=h)
    assert 'id="total-lost"' in r.text
    c.post("/scenario", data={"embargo": "JP"}, headers=h)
    assert [(s.duration_days, s.inventory_days, s.ramp_up_days, s.qualify_days) for s in seen] == [
        (120.0, 0.0, 30.0, 20.0), (90.0, 15.0, 60.0, None)]
