"""REST API: schema, versions, errors with field and reason, engines behind the routes
(checked against independent references), uploads, export hygiene."""

from __future__ import annotations

import io
import zipfile

import pytest
from scipy import stats

from tests.dataset.tiny import TINY
from tests.web.conftest import PASSWORD


def test_openapi_has_stable_operation_ids_and_docs_are_local(sqlite_env):
    c = sqlite_env.client()
    spec = c.get("/openapi.json").json()
    ops = [o["operationId"] for p in spec["paths"].values() for o in p.values()]
    assert len(ops) == len(set(ops))
    for op in ("search_parts", "create_demand", "match_demand", "run_scenario", "life_fit", "login"):
        assert op in ops
    html = c.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in html and "http" not in html.split("<body>")[1]
    assert c.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    v = c.get("/api/v1/version").json()
    assert v["api_version"] == v["changelog"][-1]["version"] and v["changelog"][0]["version"] == 1


def test_pagination(sqlite_env):
    c = sqlite_env.client("oem")
    a = c.get("/api/v1/categories?limit=2&offset=0").json()
    b = c.get("/api/v1/categories?limit=2&offset=2").json()
    assert a["total"] == b["total"] == 3 and len(a["items"]) == 2 and len(b["items"]) == 1
    assert {x["id"] for x in a["items"] + b["items"]} == {"BRG", "BRG-DGBB", "BRG-DGBB-P5"}
    assert c.get("/api/v1/categories?limit=0").status_code == 422


def test_wrong_json_types_give_422_with_field_and_reason(sqlite_env):
    c = sqlite_env.client("oem")
    r = c.post("/api/v1/demands", json={"id": "D7", "category_id": "BRG", "quantity": "lots"})
    assert r.status_code == 422
    probs = r.json()["problems"]
    assert probs[0]["field"] == "body.quantity" and "number" in probs[0]["reason"]
    r = c.post("/api/v1/demands", json={"id": "D7", "category_id": "BRG", "quantity": -1})
    assert r.json()["problems"][0]["field"] == "body.quantity"
    r = c.post("/api/v1/demands", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422
    r = c.post("/api/v1/life/fit", json={"times": [1, 2], "status": ["F"]})
    assert r.status_code == 400 and "status" in r.json()["detail"]


def test_keyparts_errors_map_to_4xx_with_message(sqlite_env):
    c = sqlite_env.client("oem")
    r = c.get("/api/v1/parts?category=NOPE")
    assert r.status_code == 404 and "NOPE" in r.json()["detail"]
    r = c.get("/api/v1/parts?facets=nonexistent")
    assert r.status_code == 400 and "nonexistent" in r.json()["detail"]
    assert c.get("/api/v1/parts/NOPE").status_code == 404


def test_search_with_facet_counts(sqlite_env):
    """tests/dataset/tiny.py: P1 has precision P5; P2 has no precision; both d = 25 mm (P2 given
    as 0.025 m); A1 has no d. So the precision facet over {P1, P2} counts one P5 and nothing else."""
    r = sqlite_env.client("oem").get("/api/v1/parts", params={"q": "d=25mm", "facets": "precision"}).json()
    assert r["total"] == 2 and {i["part_id"] for i in r["items"]} == {"P1", "P2"}
    assert r["facets"]["precision"] == {"kind": "enum", "values": {"P5": 1}}
    r = sqlite_env.client("oem").get("/api/v1/parts", params={"q": "d=25mm; precision in P5"}).json()
    assert [i["part_id"] for i in r["items"]] == ["P1"]


def test_life_fit_matches_scipy_weibull_mle(sqlite_env):
    """Complete data: the 2-parameter Weibull MLE must equal scipy.stats.weibull_min.fit(floc=0)."""
    t = [72.0, 82.0, 97.0, 103.0, 113.0, 117.0, 126.0, 127.0, 127.0, 139.0, 154.0, 183.0]
    r = sqlite_env.client("oem").post("/api/v1/life/fit", json={"times": t}).json()
    beta, _, eta = stats.weibull_min.fit(t, floc=0)
    assert r["fit"]["params"]["beta"] == pytest.approx(beta, rel=1e-4)
    assert r["fit"]["params"]["eta"] == pytest.approx(eta, rel=1e-4)


def test_life_csv_upload_gives_fit_plot_and_verdict(sqlite_env):
    csv = b"time,status\n72,F\n82,F\n97,F\n103,F\n113,F\n117,F\n126,F\n127,F\n139,F\n154,S\n"
    r = sqlite_env.client("oem").post("/api/v1/life/fit-csv", files={"file": ("t.csv", csv, "text/csv")},
                                      data={"plot": "true", "required_b10": "1000"})
    assert r.status_code == 200, r.text
    j = r.json()
    # 9 of 10 units failed by 139 h, so B10 (the 10 % quantile) and its lower bound are far below 1000
    assert j["plot_svg"].startswith("<svg") and j["verdict"]["passed"] is False
    assert j["fit"]["n"] == 10 and j["fit"]["failures"] == 9


@pytest.mark.parametrize("data,where", [
    (b"time,status\n10,F\nabc,F\n", ":3:time"),
    (b"time,status\n10,X\n", ":2:status"),
    (b"when,what\n1,2\n", ":1:time"),
    (b"time,status\n10,I\n", ":2:time_upper"),
])
def test_malformed_life_csv_names_row_and_column(sqlite_env, data, where):
    r = sqlite_env.client("oem").post("/api/v1/life/fit-csv", files={"file": ("bad.csv", data, "text/csv")})
    assert r.status_code == 422
    assert any(p["field"].startswith("bad.csv") and p["field"].endswith(where[1:].split(":", 1)[1])
               and where.split(":")[1] in p["field"] for p in r.json()["problems"]), r.json()


def test_binary_garbage_as_csv_is_400(sqlite_env):
    """Bytes that are text in none of UTF-8, UTF-16 (no byte-order mark) and GB18030 (0xFF starts
    no character there) are refused; GBK and UTF-16 files are read (tests/dataset/test_encodings.py)."""
    r = sqlite_env.client("oem").post("/api/v1/life/fit-csv",
                                      files={"file": ("x.csv", b"\xff\xff\x00\x01", "text/csv")})
    assert r.status_code == 400 and "UTF-8" in r.json()["detail"]


def test_oversized_upload_is_413(sqlite_env, monkeypatch):
    import keyparts.web.uploads as up
    monkeypatch.setattr(up, "MAX_UPLOAD_BYTES", 1024)
    big = b"time,status\n" + b"1,F\n" * 2000
    r = sqlite_env.client("oem").post("/api/v1/life/fit-csv", files={"file": ("big.csv", big, "text/csv")})
    assert r.status_code == 413 and "larger than" in r.json()["detail"]


def _zip(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for k, v in files.items():
            z.writestr(f"ds/{k}", v)
    return buf.getvalue()


def test_dataset_upload_validate_and_import(sqlite_env):
    c = sqlite_env.client("oem")
    r = c.post("/api/v1/datasets/validate", files={"file": ("ds.zip", _zip(TINY), "application/zip")})
    assert r.status_code == 200 and r.json()["rows"]["parts"] == 3
    bad = dict(TINY)
    bad["sourcing.csv"] = TINY["sourcing.csv"].replace("M1,P1,M1,CN,0.4", "M1,P1,M1,CN,1.3")
    r = c.post("/api/v1/datasets/validate", files={"file": ("ds.zip", _zip(bad), "application/zip")})
    assert r.status_code == 422
    assert any(p["field"].startswith("sourcing.csv:") and p["field"].endswith(":share") for p in r.json()["problems"])
    assert c.post("/api/v1/datasets/import", files={"file": ("ds.zip", _zip(TINY), "application/zip")}).status_code == 403
    r = sqlite_env.client("admin").post("/api/v1/datasets/import", files={"file": ("ds.zip", _zip(TINY), "application/zip")})
    assert r.status_code == 200 and r.json()["imported"]["parts"] == 3


@pytest.mark.parametrize("name,data", [("x.xlsx", b"PK\x03\x04garbage"), ("x.xlsx", b"not a zip"),
                                       ("x.zip", b"PK\x05\x06broken"), ("x.txt", b"a,b\n")])
def test_malformed_xlsx_or_zip_is_a_clear_400(sqlite_env, name, data):
    r = sqlite_env.client("oem").post("/api/v1/datasets/validate", files={"file": (name, data, "application/octet-stream")})
    assert r.status_code in (400, 422), r.text
    assert name in r.json()["detail"] + str(r.json()["problems"])


def test_csv_export_neutralises_formula_cells(sqlite_env):
    """OWASP CSV injection: text cells starting with = + - @ get a leading apostrophe. (The
    formulas go in the unit ids of a life-test campaign: constraints must parse as clauses of
    the category, and created ids start with the creator's enterprise, docs/security.md.)"""
    c = sqlite_env.client("maker")
    danger = ["=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)"]
    body = "time,status,unit_id\n" + "".join(f'{100 + i},F,"{d.replace(chr(34), chr(34) * 2)}"\n'
                                              for i, d in enumerate(danger))
    r = c.post("/api/v1/parts/P1/tests", data={"test_id": "TCSV"},
               files={"file": ("t.csv", io.BytesIO(body.encode()), "text/csv")})
    assert r.status_code == 201, r.text
    text = c.get("/api/v1/export/tests.csv").content.decode("utf-8-sig")
    import csv
    units = {r["unit_id"] for r in csv.DictReader(io.StringIO(text)) if r["test_id"] == "M1:TCSV"}
    assert units == {"'=HYPERLINK(\"http://x\")", "'+1+2", "'-2+3", "'@SUM(A1)"}
    demands = c.get("/api/v1/export/demands.csv").content.decode("utf-8-sig")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(demands))}
    assert rows == {}  # the maker sees no demand of O1
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(sqlite_env.client("oem").get(
        "/api/v1/export/demands.csv").content.decode("utf-8-sig")))}
    assert rows["D1"]["constraints"] == "d=25mm; C>=14kN"


def test_bearing_check_basic_rating_life(sqlite_env):
    """ISO 281 eq. (1): pure radial load on a deep-groove ball bearing, P = Fr, L10 = (C/P)^3;
    C = 14.8 kN, Fr = 2 kN -> (7.4)^3 = 405.224 million revolutions; at 3000 r/min
    L10h = 405.224e6 / (60*3000) = 2251.24 h (hand calculation)."""
    r = sqlite_env.client("oem").post("/api/v1/design/bearing", json={"C_kN": 14.8, "Fr_kN": 2.0, "speed_rpm": 3000})
    assert r.status_code == 200, r.text
    assert r.json()["L10_Mrev"] == pytest.approx(405.224, rel=1e-6)
    assert r.json()["L10h_h"] == pytest.approx(2251.244, rel=1e-5)


def test_scenario_and_assessment_are_the_engine_results(sqlite_env):
    """The route returns the engine's result, and that equals a hand calculation on
    tests/dataset/tiny.py (method: keyparts.supply.scenario docstring). JP embargo, 120 days,
    inventory 15, ramp-up 60 -> d1 = min(120, 60) − 15 = 45 days, d2 = 120 − 60 = 60 days.
    X1 (1000 × USD 150 000 = USD 150 m/yr) needs A1 × 2, A1 needs P1 × 4 -> 8000 P1/yr; P1 comes
    40 % from M1 (CN) and 60 % from M2 (JP) -> f⁰ = 0.4; lost 4800 pieces vs spare domestic
    qualified capacity 100 000 − 0.4·8000 = 96 800 -> r = 1, f¹ = 1.
    Lost = 150e6/365 · (0.6·45 + 0·60) = USD 11 095 890.41."""
    from keyparts.priority.assess import build_model, run_scenario
    from keyparts.store.repository import load_dataset
    from keyparts.supply.scenario import Scenario

    from keyparts.web import auth
    eng = sqlite_env.app.state.engine  # an analyst of O1: X1's owner sees its own figures (docs/security.md)
    c = sqlite_env.client()
    c.headers["Authorization"] = "Bearer " + auth.create_token(eng, auth.add_user(eng, "o1-analyst", PASSWORD, "O1",
                                                                                  "analyst"), "t")[1]
    r = c.post("/api/v1/scenarios", json={"embargo": ["jp"], "duration_days": 120})
    assert r.status_code == 200
    ds = load_dataset(engine=sqlite_env.app.state.engine)
    direct = run_scenario(build_model(ds), Scenario(embargo=("JP",), duration_days=120)).to_dict()
    assert r.json()["total_lost_value_usd"] == pytest.approx(direct["total_lost_value_usd"])
    assert r.json()["total_lost_value_usd"] == pytest.approx(150e6 / 365 * 0.6 * 45, rel=1e-12)
    assert c.post("/api/v1/scenarios", json={"duration_days": "long"}).status_code == 422


def test_demand_matches_and_allocation(sqlite_env):
    c = sqlite_env.client("oem")
    m = c.get("/api/v1/demands/D1/matches").json()
    assert {x["part_id"] for x in m["candidates"]} >= {"P1"}
    a = c.post("/api/v1/allocations", json={"demand_ids": ["D1"]})
    assert a.status_code == 200, a.text
    # O1 sees no prices (both are private to their makers): no offer can be priced
    assert a.json()["summary"]["allocated"] == 0.0


def test_cylinder_forces_hand_calculation(sqlite_env):
    """F1 = p·A1 and F2 = p·(A1 − A_rod): bore 100 mm, rod 56 mm, 200 bar = 20 MPa ->
    A1 = π·100²/4 = 7853.98 mm², F1 = 157.080 kN; A2 = 7853.98 − π·56²/4 = 5390.97 mm²,
    F2 = 107.819 kN (hand calculation)."""
    r = sqlite_env.client("oem").post("/api/v1/design/cylinder",
                                      json={"bore_mm": 100, "rod_mm": 56, "pressure_bar": 200})
    assert r.status_code == 200, r.text
    assert r.json()["F_push_kN"] == pytest.approx(157.0796, rel=1e-5)
    assert r.json()["F_pull_kN"] == pytest.approx(107.8195, rel=1e-5)
    r = sqlite_env.client("oem").post("/api/v1/design/cylinder", json={"bore_mm": 50, "rod_mm": 60, "pressure_bar": 1})
    assert r.status_code == 400 and "rod" in r.json()["detail"]


def test_bolt_check_errors_name_the_field(sqlite_env):
    r = sqlite_env.client("oem").post("/api/v1/design/bolt", json={"thread_spec": "X12", "property_class_name": "8.8",
                                                                   "mu_G": 0.12})
    assert r.status_code == 400 and "thread" in r.json()["detail"]
    r = sqlite_env.client("oem").post("/api/v1/design/bolt", json={"thread_spec": "M12", "property_class_name": "8.8",
                                                                   "mu_G": 0.12, "FA_kN": 10})
    assert r.status_code == 200 and r.json()["As_mm2"] == pytest.approx(84.3, rel=2e-3)  # ISO 898-1 Table 4: M12 As = 84.3 mm²


def test_security_headers_and_body_limit(sqlite_env, monkeypatch):
    c = sqlite_env.client("oem")
    r = c.get("/api/v1/version")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
    import keyparts.web.app as appmod
    monkeypatch.setattr(appmod, "MAX_UPLOAD_BYTES", 10)
    r = c.post("/api/v1/life/fit", content=b"x" * (2 * 1024 * 1024), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_life_plan_success_run(sqlite_env):
    """Success-run theorem (zero failures, test time = the demonstration time):
    n = ln(1 - C) / ln(R) = ln(0.1) / ln(0.9) = 21.85 -> 22 units for R = 0.9 at C = 0.9."""
    r = sqlite_env.client("oem").post("/api/v1/life/plan", json={"reliability": 0.9, "at": 1000, "confidence": 0.9,
                                                                 "beta": 2.0, "duration": 1000})
    assert r.status_code == 200, r.text
    assert r.json()["units"] == 22 and r.json()["units_exact"] == pytest.approx(21.854, rel=1e-4)
    r = sqlite_env.client("oem").post("/api/v1/life/plan", json={"reliability": 0.9, "at": 1000, "confidence": 0.9,
                                                                 "beta": 2.0})
    assert r.status_code == 400 and "units" in r.json()["detail"]


def test_life_compare_two_groups(sqlite_env):
    """Two samples from clearly different lives (means ~100 vs ~1000): the LR test of equal
    populations rejects; the separate fits come back one per group."""
    a = [80.0, 95.0, 100.0, 110.0, 120.0, 90.0, 105.0, 115.0]
    b = [900.0, 1000.0, 1100.0, 950.0, 1050.0, 980.0, 1020.0, 1080.0]
    r = sqlite_env.client("oem").post("/api/v1/life/compare", json={"groups": {"a": {"times": a}, "b": {"times": b}}})
    assert r.status_code == 200, r.text
    j = r.json()
    assert len(j["groups"]) == 2 and any(t.get("reject") for t in j["tests"])


def test_projects_are_listed_by_category_subtree(sqlite_env):
    """tiny.py projects.csv holds PRJ1 on BRG-DGBB-P5 (a grade under BRG-DGBB under BRG)."""
    c = sqlite_env.client("oem")
    r = c.get("/api/v1/projects", params={"category": "BRG"}).json()
    assert [p["id"] for p in r["items"]] == ["PRJ1"]
    assert r["items"][0]["budget_usd"] == 1_200_000 and r["items"][0]["end_year"] is None
    assert c.get("/api/v1/projects", params={"category": "BRG-DGBB"}).json()["items"][0]["readiness_level"] == 4


def test_bearing_check_thrust_uses_given_pu_and_unjudgeable_requirement_is_4xx(sqlite_env):
    """SKF 51110 (C 27, C0 69.5, Pu 2.55 kN; tests/design/test_bearing_reference.py) through the API
    with the engine's type names and the catalogue Pu. Hand calc (ISO 281:2007): dm = 60 mm,
    ν1 = 4500/sqrt(1000·60) = 18.3712 mm²/s, κ = 20/18.3712 = 1.08866; eC = 0.6 (high
    cleanliness, lower end for dm < 100, Table 13); x = eC·Cu/(3·Pa) = 0.6·2.55/15 = 0.102;
    2.5671 − 1.9987/κ^0.071739 = 0.580543, ^0.83 = 0.636770; x^(1/3) = 0.467233;
    a_ISO = 0.1·(1 − 0.636770·0.467233)^−9.3 = 0.1·0.702480^−9.3 = 2.6687."""
    c = sqlite_env.client("oem")
    body = {"C_kN": 27, "C0_kN": 69.5, "Pu_kN": 2.55, "Fr_kN": 0, "Fa_kN": 5, "bearing_type": "thrust_ball",
            "speed_rpm": 1000, "d_mm": 50, "D_mm": 70, "viscosity_cSt": 20, "cleanliness": "high"}
    r = c.post("/api/v1/design/bearing", json=body)
    assert r.status_code == 200, r.text
    assert r.json()["Cu_kN"] == 2.55 and r.json()["Cu_estimated"] is False
    assert r.json()["a_iso"] == pytest.approx(2.6687, rel=1e-4)
    r = c.post("/api/v1/design/bearing", json={**body, "bearing_type": "tapered_roller"})
    assert r.status_code == 422 and "bearing_type" in r.text
    no_speed = {k: v for k, v in body.items() if k != "speed_rpm"}
    r = c.post("/api/v1/design/bearing", json={**no_speed, "required_L10mh_h": 20000})
    assert r.status_code == 400 and "speed_rpm" in r.json()["detail"]
    r = c.post("/api/v1/design/bearing", json={**body, "required_L10mh_h": -1})
    assert r.status_code == 422


@pytest.mark.parametrize("req", [0, -5])
def test_demand_zero_or_negative_required_life_is_422(sqlite_env, req):
    r = sqlite_env.client("oem").post("/api/v1/demands", json={"id": "D8", "category_id": "BRG", "quantity": 1,
                                                               "required_life_h": req})
    assert r.status_code == 422 and "required_life_h" in r.text
