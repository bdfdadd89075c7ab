"""Calculator forms and the design API read quantities exactly as the CLI does (keyparts.units)."""

from __future__ import annotations

import re

import pytest

from tests.web.test_pages import signed_in


def _dd(html: str, key: str) -> str:
    """The value shown for the result ``key`` (labelled in words, keyparts.web.terms.field_label)."""
    from keyparts.web.terms import field_label
    m = re.search(rf"<dt>{re.escape(field_label(key))}</dt><dd>([^<]*)</dd>", html)
    assert m, html[:500]
    return m.group(1)


def test_bearing_form_accepts_units_like_the_cli(sqlite_env):
    """SKF Example 1 typed as in `keyparts design bearing --C 55.3kN --Fr 10kN --speed 3000rpm`:
    L10 = (55.3/10)³ = 169.11 Mrev, L10h = 169.11e6/(60·3000) = 939.5 h. 55300 N and 50/s
    (= 3000 r/min, a frequency counts revolutions) give the same; the page shows 4 digits."""
    c, csrf = signed_in(sqlite_env, "oem")
    h = {"X-CSRF-Token": csrf, "HX-Request": "true"}
    for form in ({"C_kN": "55.3kN", "Fr_kN": "10 kN", "Fa_kN": "0", "speed_rpm": "3000 r/min"},
                 {"C_kN": "55300 N", "Fr_kN": "10000N", "speed_rpm": "50/s"}):
        r = c.post("/calculators/bearing", data=form, headers=h)
        assert r.status_code == 200, r.text
        assert float(_dd(r.text, "L10h_h")) == pytest.approx(939.5, rel=1e-3)


@pytest.mark.parametrize("field,value,needle", [
    ("C_kN", "55.3", "C_kN: &#39;55.3&#39; has no unit, expected a force with its unit (e.g. 55.3 kN)"),
    ("C_kN", "55.3mm", "is a length, expected a force"),
    ("speed_rpm", "3000 furlongz", "unknown unit"),
])
def test_bearing_form_refuses_what_the_cli_refuses(sqlite_env, field, value, needle):
    c, csrf = signed_in(sqlite_env, "oem")
    form = {"C_kN": "55.3kN", "Fr_kN": "10kN", "speed_rpm": "3000rpm", field: value}
    r = c.post("/calculators/bearing", data=form, headers={"X-CSRF-Token": csrf, "HX-Request": "true"})
    assert 'class="error"' in r.text and needle in r.text


def test_cylinder_form_converts_pressure(sqlite_env):
    """F1 = p·A1: bore 100 mm, 16 MPa = 160 bar → 16 N/mm² · π·100²/4 mm² = 125.66 kN."""
    c, csrf = signed_in(sqlite_env, "oem")
    r = c.post("/calculators/cylinder", data={"bore_mm": "0.1m", "rod_mm": "56mm", "pressure_bar": "16MPa"},
               headers={"X-CSRF-Token": csrf, "HX-Request": "true"})
    assert float(_dd(r.text, "F_push_kN")) == pytest.approx(125.66, abs=0.05)  # shown to 4 digits


def test_design_api_takes_numbers_in_the_field_unit_or_text_with_a_unit(sqlite_env):
    """JSON numbers are in the unit the field name says (C_kN: kN); text is parsed: C_kN
    "14800 N" = 14.8 kN. L10 = (14.8/2)³ = 405.224 Mrev (hand calculation)."""
    api = sqlite_env.client("oem")
    r = api.post("/api/v1/design/bearing", json={"C_kN": "14800 N", "Fr_kN": 2.0, "speed_rpm": "3000rpm"})
    assert r.status_code == 200, r.text
    assert r.json()["L10_Mrev"] == pytest.approx(405.224, rel=1e-6)
    r = api.post("/api/v1/design/bearing", json={"C_kN": "14.8", "Fr_kN": 2.0})
    assert r.status_code == 422 and "has no unit" in r.json()["detail"]


# ------------------------------------------------------------------ demands enter checked
def test_api_and_page_refuse_a_demand_of_the_wrong_dimension(env):
    """d is a bore in mm (tiny parameters.csv); d=25kg is a mass: 400 naming the clause, nothing
    stored; d=1in (25.4 mm) is a length and is stored. Fr=2kg is not a force."""
    api = env.client("oem")
    r = api.post("/api/v1/demands", json={"id": "D7", "category_id": "BRG-DGBB", "quantity": 10,
                                          "constraints": "d=25kg; C>=14kN"})
    assert r.status_code == 400 and "clause 'd=25kg'" in r.json()["detail"] and "a mass is not a length" in r.json()["detail"]
    assert api.get("/api/v1/demands/D7").status_code == 404
    r = api.post("/api/v1/demands", json={"id": "D8", "category_id": "BRG-DGBB", "quantity": 10, "loads": "Fr=2kg"})
    assert r.status_code == 400 and "load 'Fr=2kg'" in r.json()["detail"]
    r = api.post("/api/v1/demands", json={"id": "D7", "category_id": "BRG-DGBB", "quantity": 10, "constraints": "d=1in"})
    assert r.status_code == 201, r.text
    r = api.patch("/api/v1/demands/O1:D7", json={"constraints": "d=25 kg"})
    assert r.status_code == 400 and "clause 'd=25 kg'" in r.json()["detail"]
    c, csrf = signed_in(env, "oem")
    r = c.post("/demands", data={"id": "DP1", "category_id": "BRG-DGBB", "quantity": "10", "constraints": "d=25kg"},
               headers={"X-CSRF-Token": csrf, "HX-Request": "true"})
    assert 'class="error"' in r.text and "d=25kg" in r.text and 'id="d-DP1"' not in r.text


def test_web_allocation_skips_a_stored_bad_demand(env):
    """D9 (d=25kg) written straight into the table, as an old row would be: allocating D1 and D9
    reports D9 as skipped and still answers for D1 (5000 pieces, shortfall: the caller sees no
    prices, so no offer can be priced)."""
    import sqlalchemy as sa

    from keyparts.store.tables import TABLE
    with env.app.state.engine.begin() as conn:
        conn.execute(sa.insert(TABLE["demands"]).values(
            id="D9", oem_id="O1", category_id="BRG-DGBB", quantity=100.0, constraints="d=25kg"))
    r = env.client("oem").post("/api/v1/allocations", json={"demand_ids": ["D1", "D9"]})
    assert r.status_code == 200, r.text
    out = r.json()
    assert list(out["inputs"]["skipped_demands"]) == ["D9"] and "d=25kg" in out["inputs"]["skipped_demands"]["D9"]
    assert {s["demand_id"]: s["quantity"] for s in out["shortfall"]} == {"D1": 5000.0}
