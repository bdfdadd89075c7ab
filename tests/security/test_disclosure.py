"""M-2 and M-4 (issue 11): national aggregates must not give away private sourcing.

A figure shown to someone who does not own the rows behind it aggregates at least k = 3
enterprises (docs/security.md, disclosure), else it is suppressed. The tiny dataset
(tests/dataset/tiny.py) has one OEM, O1, whose excavator X1 needs 2 spindle units A1 (bought
from M1 only: a single point of failure) and P1 bearings; the analyst works at M2.
"""

from __future__ import annotations

import json

import pytest

from tests.dataset.tiny import TINY
from tests.web.conftest import PASSWORD, make_env

THREE_OEMS = {
    "enterprises_csv": TINY["enterprises.csv"] + "O2,Xugong Cranes,oem,CN,Jiangsu\nO3,Sany Loaders,oem,CN,Hunan\n",
    "products_csv": TINY["products.csv"] + "X2,O2,Crane 25 t,construction machinery,500,200000\n"
                                           "X3,O3,Loader 5 t,construction machinery,500,90000\n",
    "bom_csv": TINY["bom.csv"] + "X2,A1,1,true\nX3,A1,1,true\n",
}


def analyst_at(env, enterprise: str, name: str) -> object:
    from keyparts.web import auth
    uid = auth.add_user(env.app.state.engine, name, PASSWORD, enterprise, "analyst")
    c = env.client()
    c.headers["Authorization"] = f"Bearer {auth.create_token(env.app.state.engine, uid, 't')[1]}"
    return c


@pytest.fixture
def three_oems(tmp_path, monkeypatch):
    import keyparts.dataset.io  # noqa: F401
    from tests.dataset import tiny

    monkeypatch.setattr(tiny, "TINY", {**TINY, **{k.replace("_csv", ".csv"): v for k, v in THREE_OEMS.items()}})
    e = make_env(f"sqlite:///{tmp_path / 'kp.db'}", tmp_path)
    yield e
    e.app.state.engine.dispose()


def test_exposure_shows_no_foreign_product_and_no_supplier_of_a_foreign_item(env):
    """Analyst at M2: X1 and the single point of failure A1 <- M1 are O1's rows (its BOM and
    sourcing); one enterprise < k = 3, so neither the product, nor the item, nor its supplier."""
    r = env.client("analyst").get("/api/v1/exposure")
    assert r.status_code == 200
    body = r.json()
    assert body["products"] == [] and body["product_by_origin"] == {}
    assert body["single_points_of_failure"] == []
    assert "A1" not in json.dumps(body) and '"M1"' not in json.dumps(body)
    (ind,) = body["industries"]
    assert ind["industry"] == "construction machinery" and ind["suppressed"] and ind["input_value_usd"] is None
    assert body["industry_by_origin"] == {"construction machinery": None}
    (cat,) = body["single_points_of_failure_by_category"]
    assert cat == {"category_id": "BRG", "items": None, "essential_demand_usd": None,
                   "dependent_output_usd": None, "enterprises": None, "suppressed": True}


def test_exposure_shows_an_owner_its_own_products_and_items_in_full(env):
    """An analyst of O1 owns every row behind X1 and A1: X1's output 1000 x 150 000 = 1.5e8 USD;
    A1's essential demand 1000 x 2 x 1200 USD = 2.4e6 USD/year, one supplier M1."""
    body = analyst_at(env, "O1", "o1-analyst").get("/api/v1/exposure").json()
    (x1,) = body["products"]
    assert x1["id"] == "X1" and x1["output_value_usd"] == pytest.approx(1.5e8)
    (a1,) = body["single_points_of_failure"]
    assert a1["item_id"] == "A1" and a1["supplier_id"] == "M1"
    assert a1["essential_demand_usd"] == pytest.approx(2.4e6)


def test_exposure_aggregates_of_three_oems_are_shown_and_k_is_configurable(three_oems, monkeypatch):
    """X1 (O1), X2 (O2), X3 (O3) all need A1: 1000 x 2 + 500 x 1 + 500 x 1 = 3000 A1 a year at
    1200 USD = 3.6e6 USD, behind three enterprises = k: shown per category, without the item
    or its supplier. With KEYPARTS_DISCLOSURE_K=4 the same cell is suppressed."""
    c = three_oems.client("analyst")
    body = c.get("/api/v1/exposure").json()
    (cat,) = body["single_points_of_failure_by_category"]
    assert cat["category_id"] == "BRG" and cat["items"] == 1 and cat["enterprises"] == 3
    assert cat["essential_demand_usd"] == pytest.approx(3.6e6)
    assert body["single_points_of_failure"] == [] and body["products"] == []
    (ind,) = body["industries"]
    assert not ind.get("suppressed") and ind["output_value_usd"] == pytest.approx(1.5e8 + 1e8 + 4.5e7)
    monkeypatch.setenv("KEYPARTS_DISCLOSURE_K", "4")
    three_oems.app.state.cache.bump()
    body = c.get("/api/v1/exposure").json()
    assert body["single_points_of_failure_by_category"][0]["suppressed"]
    assert body["industries"][0]["suppressed"] and body["disclosure"]["k"] == 4


def test_supplier_failure_scenarios_recover_no_supplier_product_part_link(env):
    """The attack of M-2: one supplier-failure scenario per maker. No product row, no binding
    item; the total and the industry (only O1 loses output: one enterprise) are suppressed."""
    c = env.client("analyst")
    for maker in ("M1", "M2"):
        r = c.post("/api/v1/scenarios", json={"failed_suppliers": [maker], "duration_days": 120})
        assert r.status_code == 200
        body = r.json()
        assert body["products"] == [], maker
        assert "A1" not in json.dumps(body) and "X1" not in json.dumps(body)
    assert body["total_lost_value_usd"] is None or body["total_lost_value_usd"] == 0


def test_scenario_total_is_shown_when_three_oems_lose_output(three_oems):
    """Failing M1 stops A1 for X1, X2 and X3 (O1, O2, O3 all lose output): 3 enterprises = k,
    the total and the industry are shown, no product is."""
    body = three_oems.client("analyst").post("/api/v1/scenarios",
                                             json={"failed_suppliers": ["M1"], "duration_days": 120}).json()
    assert body["products"] == [] and body["total_lost_value_usd"] > 0 and not body["total_suppressed"]
    (ind,) = body["industries"]
    assert not ind.get("suppressed") and ind["lost_value_usd"] == pytest.approx(body["total_lost_value_usd"])


def test_category_page_shows_own_products_only_and_suppresses_foreign_counts(sqlite_env):
    """M-4: BRG-DGBB is used by X1 of O1 only. The rival (M2) sees neither X1 nor a count;
    O1 sees its X1."""
    from tests.web.test_pages import signed_in
    rival, _ = signed_in(sqlite_env, "rival")
    page = rival.get("/categories/BRG-DGBB").text
    assert "X1" not in page and "Excavator" not in page and "suppressed" in page
    oem, _ = signed_in(sqlite_env, "oem")
    assert "<td>X1</td><td>Excavator 20 t</td>" in oem.get("/categories/BRG-DGBB").text


def test_category_page_counts_products_of_three_oems(three_oems):
    """X1, X2, X3 of O1, O2, O3 all use A1 (category BRG): 3 products of 3 enterprises in 1
    industry, shown to the rival as a count, without names."""
    from tests.web.test_pages import signed_in
    rival, _ = signed_in(three_oems, "rival")
    page = rival.get("/categories/BRG").text
    assert "3 end products of 3 enterprises in 1 industries" in page
    assert "Crane" not in page and "Excavator" not in page
