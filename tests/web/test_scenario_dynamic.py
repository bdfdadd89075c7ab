"""The scenario day by day on the web (issue 15): ``POST /api/v1/scenarios/dynamic`` and the
page fragment, on the tiny dataset's 60-day JP embargo worked by hand in
tests/dynamics/test_from_supply.py (X1 full to day 47, 80 % on day 48, 40 % on days 49..61, full
from day 62; c, A, u as there). Disclosure as for the static scenario: an analyst of the OEM O1
owns every hit product and sees the national curves; an analyst of M2 sees neither products
nor national curves (one OEM < k)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from keyparts.web import auth
from tests.web.conftest import PASSWORD

C, A, U = 1000 * 150000 / 365, 2 * 1000 * 1200 / 365, 4 * 2000 * 4.5 / 365
BODY = {"embargo": ["JP"], "duration_days": 60, "inventory_days": 15, "horizon_days": 70}


@pytest.fixture
def oem_analyst(sqlite_env):
    uid = auth.add_user(sqlite_env.app.state.engine, "oemanalyst", PASSWORD, "O1", "analyst")
    token = auth.create_token(sqlite_env.app.state.engine, uid, "test")[1]
    c = TestClient(sqlite_env.app)
    c.headers["Authorization"] = f"Bearer {token}"
    return c


def test_api_day_by_day_beside_the_static_estimate(oem_analyst) -> None:
    r = oem_analyst.post("/api/v1/scenarios/dynamic", json=BODY)
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["days"] == list(range(70)) and d["horizon_days"] == 70 and d["max_days"] == 180
    (x1,) = d["products"]
    f = x1["output_fraction"]
    assert (f[47], f[48], f[49], f[61], f[62]) == pytest.approx((1, 0.8, 0.4, 0.4, 1), abs=1e-9)
    assert x1["lost_value_usd"] == pytest.approx(8 * C, rel=1e-9)
    assert x1["time_to_survive_days"] == 48 and x1["time_to_recover_days"] == 62
    assert 0 <= x1["static_output_fraction"] <= 1 and x1["static_lost_value_usd"] is not None
    n = d["national"]
    assert n["lost_value_added_usd"] == pytest.approx(36 * U + 22 * (A - U) + 8 * (C - A), rel=1e-9)
    # day 48: X1 loses 0.2 (c - A), the spindle plant 0.6 (A - u), M2's plant 0.6u of value added
    assert n["value_added"][48] == pytest.approx(1 - (0.2 * (C - A) + 0.6 * (A - U) + 0.6 * U) / C,
                                                 rel=1e-9)
    assert n["baseline_value_added_usd_per_day"] == pytest.approx(C, rel=1e-12)
    assert n["production"][0] < 1 and n["final_consumption"][47] == pytest.approx(1.0, abs=1e-9)


def test_api_is_bounded_and_follows_the_disclosure_rule(sqlite_env, oem_analyst) -> None:
    assert oem_analyst.post("/api/v1/scenarios/dynamic",
                            json=BODY | {"horizon_days": 181}).status_code == 422
    d = oem_analyst.post("/api/v1/scenarios/dynamic",
                         json={"embargo": ["JP"], "duration_days": 400}).json()
    assert d["horizon_days"] == 180 and len(d["national"]["production"]) == 180
    other = sqlite_env.client("analyst").post("/api/v1/scenarios/dynamic", json=BODY).json()
    assert other["products"] == [] and other["national"] is None and other["national_suppressed"]
    assert sqlite_env.client("oem").post("/api/v1/scenarios/dynamic", json=BODY).status_code == 403


def test_page_fragment_draws_the_curves_in_both_languages(sqlite_env) -> None:
    auth.add_user(sqlite_env.app.state.engine, "oemanalyst", PASSWORD, "O1", "analyst")
    c = TestClient(sqlite_env.app)
    c.post("/login", data={"username": "oemanalyst", "password": PASSWORD})
    csrf = c.get("/api/v1/me").json()["csrf_token"]
    h = {"X-CSRF-Token": csrf, "HX-Request": "true"}
    form = {"embargo": "JP", "duration_days": "60", "inventory_days": "15"}
    static = c.post("/scenario", data=form, headers=h).text
    assert 'hx-post="/scenario/dynamic"' in static and 'hx-include="#scenario-form"' in static
    r = c.post("/scenario/dynamic", data=form | {"product": "X1", "horizon_days": "70"}, headers=h)
    assert r.status_code == 200
    for needle in ('data-chart="dyn-national-option"', 'data-chart="dyn-product-option"',
                   'id="dynamic-products"', "Value added", "Static estimate"):
        assert needle in r.text, needle
    c.cookies.set("lang", "zh_CN")
    r = c.post("/scenario/dynamic", data=form, headers=h)
    assert "dyn-national" in r.text
    bad = c.post("/scenario/dynamic", data=form | {"horizon_days": "999"}, headers=h)
    assert "horizon_days" in bad.text and "dyn-national" not in bad.text
