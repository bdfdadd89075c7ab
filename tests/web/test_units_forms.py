"""Calculator forms and the design API read quantities exactly as the CLI does (keyparts.units)."""

from __future__ import annotations

import re

import pytest

from tests.web.test_pages import signed_in


def _dd(html: str, key: str) -> str:
    m = re.search(rf"<dt>{key}</dt><dd>([^<]*)</dd>", html)
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
