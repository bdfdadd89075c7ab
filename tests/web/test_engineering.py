"""Calculators and life pages at CLI parity (issue 12 §4): the service resolves a designation
and the oil as `keyparts design bearing` does; API responses are the engines' to_dict() under
models derived from the result dataclasses; pages label results in words, in both languages."""

from __future__ import annotations

import html
import json
import math
import re

import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.life.cases import LZ
from tests.web.conftest import PASSWORD, make_env
from tests.web.test_i18n import visible_text

# SKF catalogue, "Calculation example 1" inputs (6309 at 3000 r/min, Fr 10 kN, ν 20 mm²/s, very
# clean oil; C 55.3, C0 31.5, Pu 1.34 kN) = the `keyparts design bearing --help` example.
# Hand calculation along ISO 281:2007 (SKF's own diagram reads ν1 ≈ 0.84× the ISO formula):
# 6309: d 45, D 100 -> dm 72.5 mm; L10 = (55.3/10)³ = 169.11 Mrev; L10h = 169.11e6/(60·3000) = 939.5 h;
# ν1 = 4500/√(3000·72.5) = 9.649 mm²/s (eq. A.4); κ = 20/9.649 = 2.0728; eC = 0.6 ("high",
# dm < 100, Table 13 lower end); eC·Cu/P = 0.6·1.34/10 = 0.0804;
# a_ISO = 0.1·[1 − (2.5671 − 1.9987/κ^0.071739)^0.83·0.0804^(1/3)]^−9.3
#       = 0.1·[1 − 0.67022^0.83·0.43160]^−9.3 = 0.1·[1 − 0.71740·0.43160]^−9.3 = 3.1373;
# L10mh = 3.1373·939.5 = 2947.6 h < 20 000 h -> FAIL.
SKF1 = {"designation": "6309", "C_kN": "55.3kN", "C0_kN": "31.5kN", "Pu_kN": "1.34kN", "Fr_kN": "10kN",
        "speed_rpm": "3000rpm", "viscosity_cSt": "20cSt", "cleanliness": "high", "required_L10mh_h": "20000h"}


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("eng")
    e = make_env(f"sqlite:///{tmp / 'keyparts.db'}", tmp)
    yield e
    e.app.state.engine.dispose()


def signed_in(env, user: str = "oem", lang: str = "en") -> tuple[TestClient, dict]:
    c = TestClient(env.app, headers={"Accept-Language": lang})
    assert c.post("/login", data={"username": user, "password": PASSWORD}, follow_redirects=False).status_code == 303
    return c, {"X-CSRF-Token": c.get("/api/v1/me").json()["csrf_token"], "HX-Request": "true"}


# ------------------------------------------------------------------ service
def test_service_resolves_the_designation_and_computes_a_iso_as_hand_calculated():
    from keyparts.web.api.engineering_schemas import BearingIn
    from keyparts.web.services.engineering import bearing
    run = bearing(BearingIn(**SKF1))
    r = run.check.to_dict()
    assert (run.inputs["d_mm"], run.inputs["D_mm"], run.inputs["bearing_type"]) == (45.0, 100.0, "deep_groove")
    assert {"d_mm", "D_mm", "bearing_type"} <= set(run.derived)
    assert r["nu1_cSt"] == pytest.approx(9.649, rel=1e-4) and r["kappa"] == pytest.approx(2.0728, rel=1e-4)
    assert r["a_iso"] == pytest.approx(3.1373, rel=1e-4)
    assert r["L10h_h"] == pytest.approx(939.5, rel=1e-4) and r["L10mh_h"] == pytest.approx(2947.6, rel=1e-4)
    assert r["passed"] is False


def test_oil_viscosity_from_iso_vg_nu100_and_temperature():
    """ISO VG 68 (ν40 = 68 mm²/s, ISO 3448 midpoint) with ν100 = 8.6 mm²/s at 70 °C, ASTM D341
    (Walther) by hand: z = log10 log10(ν + 0.7): z40 = 0.26410, z100 = −0.013910;
    B = (z40 − z100)/(log10 373.15 − log10 313.15) = 0.27801/0.076140 = 3.6513;
    z(343.15 K) = z40 − B·(log10 343.15 − log10 313.15) = 0.11903 -> ν = 10^10^0.11903 − 0.7 = 19.97 mm²/s."""
    from keyparts.web.api.engineering_schemas import BearingIn
    from keyparts.web.services.engineering import bearing, oil_viscosity
    assert oil_viscosity(iso_vg=68, nu40=None, nu100=8.6, temperature_C=70) == pytest.approx(19.97, abs=0.01)
    body = {k: v for k, v in SKF1.items() if k != "viscosity_cSt"}
    run = bearing(BearingIn(**body, iso_vg=68, nu100_cSt="8.6cSt", temperature_C="70 degC"))
    assert run.inputs["viscosity_cSt"] == pytest.approx(19.97, abs=0.01) and "viscosity_cSt" in run.derived
    with pytest.raises(Exception, match="nu100_cSt"):
        bearing(BearingIn(**body, iso_vg=68, temperature_C="70 degC"))


# ------------------------------------------------------------------ response models = to_dict()
def _results():
    from keyparts.design import bearing_check, interchange, parse_designation
    from keyparts.design.bolts import bolt_check
    from keyparts.design.hydraulics import cylinder_check
    from keyparts.life import compare, fit, fit_alt, life_data
    from keyparts.life.compare import qualify
    from keyparts.life.planning import plan_test
    from keyparts.life.summary import life_table
    from keyparts.web.api import engineering_schemas as m
    f = fit(LZ)
    g = life_data(np.array(LZ[:12]), np.array(["F"] * 12, object))
    h = life_data(np.array(LZ[11:]), np.array(["F"] * 12, object))
    st = np.array([1.0] * 12 + [2.0] * 11)
    return [
        (m.BearingOut, bearing_check(C_kN=55.3, Fr_kN=10, speed_rpm=3000).to_dict()),
        (m.BoltOut, bolt_check(thread_spec="M12", property_class_name="8.8", mu_G=0.12, FA_kN=10).to_dict()),
        (m.CylinderOut, cylinder_check(bore_mm=100, rod_mm=56, pressure_bar=160, stroke_mm=500).to_dict()),
        (m.DesignationOut, parse_designation("6309-2RS/C3").to_dict()),
        (m.InterchangeOut, interchange("6205", "6205-2RS").to_dict()),
        (m.FitOut, f.to_dict()), (m.FitOut, fit(LZ, method="rrx").to_dict()),
        (m.VerdictOut, qualify(f, required=20.0).to_dict()), (m.LifeTableOut, life_table(f).to_dict()),
        (m.ComparisonOut, compare([g, h]).to_dict()),
        (m.ALTOut, fit_alt(np.array(LZ), stress=st, use_stress=1.0).to_dict()),
        (m.PlanOut, {**plan_test(reliability=0.9, at=1000, confidence=0.9, beta=2, duration=1000).to_dict()}),
    ]


def test_every_response_model_is_exactly_its_engine_to_dict():
    """No key of to_dict() is missing from the model and no model field is absent from to_dict()
    (extras allowed only where declared: a fit's method-specific keys such as rank regression's rho)."""
    for model, d in _results():
        declared = set(model.model_fields)
        extra = set(d) - declared
        assert extra <= {"rho"}, (model.__name__, extra)
        assert declared - set(d) <= {"benchmark_eta", "mtbf", "pass_probability"}, (model.__name__, declared - set(d))
        model.model_validate(d)


def test_bearing_api_takes_every_cli_input(env):
    api = env.client("oem")
    body = {"designation": "6309", "C_kN": 55.3, "C0_kN": 31.5, "Pu_kN": 1.34, "Fr_kN": 10, "speed_rpm": 3000,
            "viscosity_cSt": 20, "cleanliness": "high", "required_L10mh_h": 20000}
    r = api.post("/api/v1/design/bearing", json=body)
    assert r.status_code == 200, r.text
    assert r.json()["a_iso"] == pytest.approx(3.1373, rel=1e-4) and r.json()["passed"] is False
    assert api.post("/api/v1/design/bearing", json={**body, "cleanliness": "spotless"}).status_code == 422
    spec = api.get("/openapi.json").json()
    ref = spec["paths"]["/api/v1/design/bearing"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ref["$ref"].endswith("BearingCheckOut")


def test_fit_csv_all_distributions_and_table_over_the_api(env):
    csv = "time,status\n" + "".join(f"{t},F\n" for t in LZ)
    r = env.client("oem").post("/api/v1/life/fit-csv", files={"file": ("lz.csv", csv, "text/csv")},
                               data={"dist": "all", "table": "true", "required_b10": "20"})
    assert r.status_code == 200, r.text
    j = r.json()
    assert j["ranking"]["ranked"][0]["distribution"] == j["fit"]["distribution"]
    assert [x["rank"] for x in j["ranking"]["ranked"]] == list(range(1, len(j["ranking"]["ranked"]) + 1))
    assert j["table"]["b_lives"][2]["at"] == 10.0 and "verdict" in j


def test_plan_api_exponential_and_substantiation(env):
    """Exponential, zero failures: T = m·χ²(0.9; 2)/2 = m·ln(10) = 5000·2.302585 = 11 512.9
    (χ²(C; 2) = −2 ln(1 − C)). Substantiation = Weibayes at R(η_bench) = e⁻¹: with duration =
    η_bench, β any: n = ln(0.1)/ln(e⁻¹) = 2.3026 -> 3 units."""
    api = env.client("oem")
    r = api.post("/api/v1/life/plan", json={"confidence": 0.9, "mtbf": 5000})
    assert r.status_code == 200, r.text
    assert r.json()["duration"] == pytest.approx(5000 * math.log(10), rel=1e-9) and r.json()["units"] is None
    r = api.post("/api/v1/life/plan", json={"confidence": 0.9, "beta": 1.3, "benchmark_eta": 1000, "duration": 1000})
    assert r.status_code == 200 and r.json()["units"] == 3 and r.json()["units_exact"] == pytest.approx(2.302585, rel=1e-6)


# ------------------------------------------------------------------ pages
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_calculators_page_offers_every_cli_input(env, lang):
    c, _ = signed_in(env, lang=lang)
    page = c.get("/calculators").text
    for name in ("designation", "C_kN", "C0_kN", "Pu_kN", "Fr_kN", "Fa_kN", "speed_rpm", "viscosity_cSt", "iso_vg",
                 "nu40_cSt", "nu100_cSt", "temperature_C", "nu1_cSt", "cleanliness", "eC", "reliability", "clearance",
                 "d_mm", "D_mm", "f0", "contact_angle_deg", "e", "Y", "Y1", "Y2", "Y0", "required_L10mh_h",
                 "mu_T", "DA_mm", "pG_MPa", "Phi", "dynamic", "rolled_after_heat_treatment", "buckling_length_mm"):
        assert f'name="{name}"' in page, name
    assert 'value="very_severe"' in page and "ISO VG 68" in page
    # labels in the page's language, whichever language rendered the template first (Jinja folds
    # a filter on a literal into the compiled template unless the filter takes the context)
    label = "Basic dynamic load rating C (kN)" if lang == "en" else "基本额定动载荷 C (kN)"
    assert re.search(rf"<label>{re.escape(label)} <input name=\"C_kN\"", page), label


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_bearing_page_shows_a_iso_and_a_verdict_in_words(env, lang):
    c, h = signed_in(env, lang=lang)
    r = c.post("/calculators/bearing", data=SKF1, headers=h)
    text = visible_text(r.text)
    assert "3.137" in text and "2948" in text and "939.5" in text  # a_ISO, L10mh, L10h (hand calc above)
    assert ("FAIL" if lang == "en" else "不合格") in text
    for raw in ("L10mh_h", "a_iso", "False", "True", "None"):
        assert raw not in text, raw
    if lang == "en":
        assert "Modified rating life L10mh = 2948 h is below the required 20000 h" in text
        assert "Designation 6309 read as" in text and "from the designation" in text
    assert 'data-print="bearing-card"' in r.text


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_bearing_page_errors_name_the_field_in_words(env, lang):
    c, h = signed_in(env, lang=lang)
    r = c.post("/calculators/bearing", data={**SKF1, "C_kN": "55.3"}, headers=h)
    assert 'class="error"' in r.text and "validation error" not in r.text
    assert ("Basic dynamic load rating C (kN)" if lang == "en" else "基本额定动载荷 C (kN)") in r.text
    r = c.post("/calculators/bearing", data={**SKF1, "cleanliness": "spotless"}, headers=h)
    assert 'class="error"' in r.text and "cleanliness" in r.text


def test_bolt_and_cylinder_pages_state_their_verdicts(env):
    """Cylinder 100/56 mm at 160 bar: F1 = 16 MPa·7853.98 mm² = 125.66 kN; rod 56 mm, I = π·56⁴/64 =
    482 750 mm⁴, LK = 500 mm (case 2), λ = 4·500/56 = 35.7 < 100 -> Tetmajer."""
    c, h = signed_in(env)
    r = c.post("/calculators/cylinder", data={"bore_mm": "100mm", "rod_mm": "56mm", "pressure_bar": "160bar",
                                              "stroke_mm": "500mm", "safety": "3.5"}, headers=h)
    text = visible_text(r.text)
    assert "Push load 125.7 kN" in text and "Tetmajer" in text and "euler_valid" not in text
    r = c.post("/calculators/bolt", data={"thread_spec": "M12", "property_class_name": "8.8", "mu_G": "0.12",
                                          "FA_kN": "10kN", "dynamic": "true"}, headers=h)
    text = visible_text(r.text)
    assert "FAIL" in text and "R8 working stress" in text and "not met" in text and "FM_zul_kN" not in text


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_life_page_fits_all_distributions_with_tables_and_a_verdict(env, lang):
    """T9 (9 failures, a suspension at 154): Weibull MLE B10 77.6, one-sided 90 % LR lower bound
    60.2 >= 50 -> PASS (tests/web/test_browser.py)."""
    c, h = signed_in(env, "maker", lang=lang)
    csv = "time,status\n72,F\n82,F\n97,F\n103,F\n113,F\n117,F\n126,F\n127,F\n139,F\n154,S\n"
    r = c.post("/life", files={"file": ("t.csv", csv, "text/csv")},
               data={"dist": "all", "required_b10": "50", "bounds": "lr"}, headers=h)
    assert 'id="life-ranking"' in r.text and 'id="life-blives"' in r.text and 'id="life-reliability"' in r.text
    text = visible_text(r.text)
    assert ("PASS" if lang == "en" else "合格") in text
    r = c.post("/life", files={"file": ("t.csv", csv, "text/csv")},
               data={"dist": "weibull2p", "required_b10": "50", "bounds": "lr"}, headers=h)
    text = visible_text(r.text)
    if lang == "en":
        assert "lower one-sided 90 % likelihood-ratio confidence bound of the B10 life, 60.18 h" in text
        assert "required B10 life of 50 h" in text
    assert "77.6" in text and "<title>" not in r.text
    # the probability plot (ECharts option): the one suspension, t = 154 h, drawn as a triangle
    option = json.loads(html.unescape(re.search(r'<script type="application/json" id="life-plot-option">(.*?)</script>',
                                                r.text, re.S).group(1)))
    marks = [s for s in option["series"] if s.get("symbol") == "triangle"]
    assert [p["value"][0] for s in marks for p in s["data"]] == [154]


def test_template_csv_downloads_and_fits(env):
    from keyparts.dataset.upload import read_life_tests
    from keyparts.life import fit, from_tests_frame
    c, _ = signed_in(env)
    r = c.get("/life/template.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    df = read_life_tests(r.content, file="template.csv")
    data = from_tests_frame(df)
    assert data.unit == "h" and data.n == 11 and data.failures == 7  # 5 F, 1 I, 1 L; 1 + 3 S
    assert fit(data).params["beta"] > 0


def test_alt_page_recovers_the_published_fit_at_the_use_stress(env):
    """IPL with n fixed at 3: lives at stress 2 are 2³ = 8 times shorter, so writing half the
    Lieblein–Zelen lives at stress 2 as t/8 and fitting with exponent 3 gives, at use stress 1,
    the Weibull MLE of the whole sample: η = 81.88 Mrev, β = 2.102 (Lawless 2003, Ex. 5.2.2)."""
    c, h = signed_in(env)
    rows = [f"{t},F,1,Mrev" for t in LZ[::2]] + [f"{t / 8},F,2,Mrev" for t in LZ[1::2]]
    csv = "time,status,stress,time_unit\n" + "\n".join(rows) + "\n"
    r = c.post("/life/alt", files={"file": ("alt.csv", csv, "text/csv")},
               data={"model": "ipl", "exponent": "3", "use_stress": "1"}, headers=h)
    text = visible_text(r.text)
    assert 'id="alt-out"' in r.text, r.text[:400]
    assert "81.88" in text or "81.87" in text or "81.89" in text
    assert "2.102" in text


def test_plan_page_success_run(env):
    """n = ln(1 − C)/ln R = ln 0.1/ln 0.9 = 21.85 -> 22 units (duration = the demonstration time)."""
    c, h = signed_in(env)
    r = c.post("/life/plan", data={"mode": "weibayes", "confidence": "0.9", "beta": "2", "reliability": "0.9",
                                   "at": "1000", "target": "units", "duration": "1000", "failures": "0"}, headers=h)
    assert "Run 22 units for 1000 each" in visible_text(r.text), r.text[:400]
    r = c.post("/life/plan", data={"mode": "weibayes", "confidence": "2", "beta": "2", "reliability": "0.9",
                                   "at": "1000", "target": "units", "duration": "1000"}, headers=h)
    assert 'class="error"' in r.text and "confidence" in r.text and "validation error" not in r.text


@pytest.mark.parametrize("path", ["/life", "/life/alt", "/life/plan", "/calculators"])
def test_life_and_calculator_pages_render_in_both_languages(env, path):
    for lang, word in (("en", "Rolling bearing" if path == "/calculators" else "Life"), ("zh-CN", "寿命" if path != "/calculators" else "滚动轴承")):
        c, _ = signed_in(env, lang=lang)
        r = c.get(path)
        assert r.status_code == 200 and word in r.text, (path, lang)
