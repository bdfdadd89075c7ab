"""Makers and talent on the platform (issue 16), on the bundled sample, on SQLite and PostgreSQL.

Who sees what (docs/security.md, docs/makers.md): capabilities are published (every member
searches them); an enterprise's registry rows (enterprise_years, enterprise_categories) are its
own; fragmentation, R&D intensity and the talent gap are national aggregates for analysts,
each figure shown only when at least k = 3 enterprises contribute.
"""

from __future__ import annotations

import pytest

from keyparts.web import auth
from tests.web.conftest import PASSWORD, Env, env_per_database

USERS = {"bearings": ("M-CN-002", "member"), "pumps": ("M-CN-012", "member"),
         "analyst": ("I-CN-001", "analyst")}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def sample_env(request, tmp_path_factory):
    from keyparts.dataset import load_sample
    from keyparts.store.repository import import_dataset
    from keyparts.web import create_app

    def build(url, _tmp):
        app = create_app(url)
        import_dataset(load_sample(), engine=app.state.engine)
        tokens = {}
        for name, (ent, role) in USERS.items():
            uid = auth.add_user(app.state.engine, name, PASSWORD, ent, role)
            tokens[name] = auth.create_token(app.state.engine, uid, "test")[1]
        return Env(app, url, tokens)

    yield from env_per_database(request, tmp_path_factory, build)


def test_capability_search_finds_the_accredited_p4_superfinishers(sample_env):
    """As on the CLI (tests/makers/test_cli.py): M-CN-002 and M-CN-005."""
    r = sample_env.client("pumps").get("/api/v1/makers/capabilities", params={
        "requirement": ["process:superfinish@P4", "test:life test", "accreditation:17025"]})
    assert r.status_code == 200, r.text
    assert [i["enterprise_id"] for i in r.json()["items"]] == ["M-CN-002", "M-CN-005"]


def test_a_bad_requirement_is_a_400_naming_the_expected_form(sample_env):
    r = sample_env.client("pumps").get("/api/v1/makers/capabilities", params={"requirement": ["superfinish"]})
    assert r.status_code == 400 and "kind:name" in r.json()["detail"]


def test_an_enterprise_sees_its_own_registry_rows_only(sample_env):
    own = sample_env.client("bearings").get("/api/v1/makers/me/specialisation", params={"year": 2023}).json()
    assert own["enterprise_id"] == "M-CN-002"
    assert {r["enterprise_id"] for r in own["eligibility"]["rows"]} == {"M-CN-002"}
    assert [r["year"] for r in own["specialisation"]["rows"]] == [2023]
    other = sample_env.client("pumps").get("/api/v1/makers/me/specialisation").json()
    assert other["eligibility"]["rows"] == [] and other["specialisation"]["rows"] == []  # M-CN-012 has none


def test_national_aggregates_are_for_analysts_and_under_the_k_rule(sample_env):
    for path in ("/api/v1/makers/fragmentation", "/api/v1/makers/rd"):
        assert sample_env.client("bearings").get(path).status_code == 403
    rows = sample_env.client("analyst").get("/api/v1/makers/fragmentation", params={"year": 2023}).json()["rows"]
    by = {r["category_id"]: r for r in rows}
    # BRG-BALL has six domestic bearing makers in the registry; BRG-SRB-STD one (tools/sample_makers.py)
    assert not by["BRG-BALL"]["suppressed"] and by["BRG-BALL"]["hhi"] is not None
    assert by["BRG-SRB-STD"]["suppressed"] and by["BRG-SRB-STD"]["capacity"] is None
    assert all((r["hhi"] is None) == (r["makers"] < 3) for r in rows)
    rd = sample_env.client("analyst").get("/api/v1/makers/rd", params={"category": "BRG"}).json()["rows"]
    assert rd and all((r["rd_intensity"] is None) == (r["makers"] < 3) for r in rd)


@pytest.mark.parametrize("k", [3, 2])
def test_talent_cells_from_fewer_than_k_enterprises_show_their_supply_only(sample_env, k, monkeypatch):
    """The sample's registry has at most two makers per region, so at k = 3 every cell with
    demand is suppressed; at k = 2 the cells of two makers show."""
    monkeypatch.setenv("KEYPARTS_DISCLOSURE_K", str(k))
    from keyparts.dataset import load_sample
    from keyparts.makers import load_staffing_ratios, talent_gap
    ds = load_sample()
    f = ds.frames
    ref = talent_gap(f["enterprise_categories"], f["enterprises"], f["categories"], load_staffing_ratios(),
                     f["training"], base_year=2023, plan_year=2026, replacement_rate=0.03,
                     projects=f["projects"], project_staff=f["project_staff"])
    who = {(g["occupation_code"], g["region"]): g["contributors"] for g in ref.gap}
    r = sample_env.client("analyst").get("/api/v1/makers/talent", params={
        "base_year": 2023, "plan_year": 2026, "replacement_rate": 0.03})
    assert r.status_code == 200, r.text
    cells = r.json()["gap"]
    assert cells and any(c["suppressed"] for c in cells) and (k == 3 or any(
        not c["suppressed"] and c["demand"] for c in cells))
    for c in cells:
        n = len(who[(c["occupation_code"], c["region"])])
        assert c["suppressed"] == (0 < n < k)
        assert c["supply"] is not None and (c["demand"] is None) == c["suppressed"]


def test_standards_of_a_category_include_its_parents(sample_env):
    rows = sample_env.client("pumps").get("/api/v1/makers/standards",
                                           params={"category": "BRG-BALL-ACP4"}).json()["rows"]
    codes = {r["id"] for r in rows}
    assert {"STD-DRAFT-ACP4", "STD-GBT24607", "STD-GBT6391"} <= codes and "STD-GBT17491" not in codes


def test_pages_render_search_heat_map_and_category(sample_env):
    c = sample_env.client("bearings")
    page = c.get("/makers", params={"q": ["test:life test", "accreditation:17025"]})
    assert page.status_code == 200 and 'id="capability-results"' in page.text and "M-CN-002" in page.text
    assert c.get("/makers/talent").status_code == 403
    a = sample_env.client("analyst")
    heat = a.get("/makers/talent")
    assert heat.status_code == 200 and 'id="talent-heatmap"' in heat.text and "cov-" in heat.text
    cat = a.get("/makers/categories/BRG-BALL")
    assert cat.status_code == 200 and 'id="fragmentation"' in cat.text and "GB/T 6391-2010" in cat.text
    assert a.get("/makers/categories/NOPE").status_code == 404
