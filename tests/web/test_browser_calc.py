"""Calculators and life pages in headless Chromium, in English and Chinese (issue 12 §4): the
bearing form with a designation and a viscosity shows a_ISO and a verdict; the life page fits
all distributions ranked by AICc with B-life / R(t) tables and a verdict; the ALT and test-plan
pages answer; no console errors or failed requests. Screenshots at 1366 and 390 px go to
tests/web/screenshots/calc-<lang>-<page>-<width>.png (and a print-media one of the report)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.test_browser import _login, server  # noqa: F401  (the module's uvicorn fixture)

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).parent / "screenshots"
LIFE_CSV = "time,status\n72,F\n82,F\n97,F\n103,F\n113,F\n117,F\n126,F\n127,F\n139,F\n154,S\n"
# Lieblein-Zelen lives (Mrev), half at stress 2 written 8x shorter (IPL, n = 3): tests/web/test_engineering.py
LZ = [17.88, 28.92, 33.0, 41.52, 42.12, 45.6, 48.48, 51.84, 51.96, 54.12, 55.56, 67.8, 68.64, 68.64, 68.88,
      84.12, 93.12, 98.64, 105.12, 105.84, 127.92, 128.04, 173.4]
ALT_CSV = "time,status,stress,time_unit\n" + "".join(f"{t},F,1,Mrev\n" for t in LZ[::2]) \
    + "".join(f"{t / 8},F,2,Mrev\n" for t in LZ[1::2])


def _shots(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"calc-{name}-{width}.png"), full_page=True)
        if width == 390:
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 4, (name, overflow)
    page.set_viewport_size({"width": 1366, "height": 900})


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_bearing_form_and_life_fit_all_in_the_browser(browser, server, tmp_path, lang):  # noqa: F811
    base, acc = server
    ctx, page, w = _login(browser, base, "oem", acc["oem"])
    page.goto(f"{base}/lang/{lang}?next=/calculators")
    page.wait_for_url(f"{base}/calculators")
    zh = lang == "zh_CN"
    # bearing: the CLI's example (6309 at 3000 r/min, Fr 10 kN, 20 cSt, high cleanliness): a_ISO 3.137
    # and L10mh 2948 h < 20 000 h (hand calculation in tests/web/test_engineering.py)
    page.fill("#bearing-form input[name=designation]", "6309")
    page.fill("#bearing-form input[name=viscosity_cSt]", "20 cSt")
    page.select_option("#bearing-form select[name=cleanliness]", "high")
    page.click("#bearing-form button[type=submit]")
    page.wait_for_selector("#bearing-verdict")
    assert "3.137" in page.locator("#aiso-state").inner_text()
    verdict = page.locator("#bearing-verdict").inner_text()
    assert ("不合格" if zh else "FAIL") in verdict and "2948" in verdict
    _shots(page, f"{lang}-bearing")
    page.evaluate("document.getElementById('bearing-card').classList.add('printing');"
                  "document.body.classList.add('print-one')")
    page.emulate_media(media="print")
    page.screenshot(path=str(SHOTS / f"calc-{lang}-bearing-print.png"), full_page=True)
    assert not page.locator("#bearing-form").is_visible() and page.locator("#bearing-verdict").is_visible()
    page.emulate_media(media="screen")
    # bolt and cylinder
    page.click("#bolt-form button[type=submit]")
    page.wait_for_selector("#bolt-verdict")
    page.click("#cylinder-form button[type=submit]")
    page.wait_for_selector("#cylinder-verdict")
    _shots(page, f"{lang}-calculators")
    # life: fit all distributions, B-life and R(t) tables, verdict against a required B10 of 50 h
    csv = tmp_path / "life.csv"
    csv.write_text(LIFE_CSV)
    page.goto(f"{base}/life")
    page.set_input_files("#life-form input[name=file]", str(csv))
    page.select_option("#life-form select[name=dist]", "all")
    page.fill("#life-form input[name=required_b10]", "50")
    page.click("#life-form button[type=submit]")
    page.wait_for_selector("#life-ranking")
    assert page.locator("#life-ranking tbody tr").count() >= 4
    assert page.locator("#life-blives tbody tr").count() == 6
    assert ("合格" if zh else "PASS") in page.locator("#verdict").inner_text()
    assert page.locator("#life-plot svg").count() == 1
    _shots(page, f"{lang}-life")
    # accelerated life and test plan
    alt = tmp_path / "alt.csv"
    alt.write_text(ALT_CSV)
    page.goto(f"{base}/life/alt")
    page.set_input_files("#alt-form input[name=file]", str(alt))
    page.fill("#alt-form input[name=exponent]", "3")
    page.fill("#alt-form input[name=use_stress]", "1")
    page.click("#alt-form button[type=submit]")
    page.wait_for_selector("#alt-out")
    assert "2.102" in page.locator("#alt-out").inner_text()
    _shots(page, f"{lang}-alt")
    page.goto(f"{base}/life/plan")
    page.click("#plan-form button[type=submit]")
    page.wait_for_selector("#plan-out")
    _shots(page, f"{lang}-plan")
    assert w.errors == [], w.errors
    ctx.close()
