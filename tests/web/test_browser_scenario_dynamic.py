"""The scenario page's day-by-day curves in headless Chromium on the bundled sample (issue 15):
after the static result, the fragment fetched by htmx draws the national and the product charts
(ECharts, SVG) with the static estimate beside them; choosing another product redraws; no
console error or failed request. Screenshots at 1366 and 390 px in both languages go to
tests/web/screenshots/<lang>-scenario-dynamic-<width>.png."""

from __future__ import annotations

import pytest

from tests.web.test_browser import SCREENSHOTS, Watch, server  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


def _login_as(browser, base, user, password, lang):
    ctx = browser.new_context()
    ctx.set_default_timeout(180_000)          # the 2-core machine is shared: be patient
    page = ctx.new_page()
    w = Watch(page)
    page.goto(f"{base}/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.wait_for_load_state("networkidle")   # the dashboard's own fragments, before leaving
    if lang == "zh-CN":
        page.click("#lang-switch a")
        page.wait_for_load_state("networkidle")
    return ctx, page, w


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_scenario_day_by_day_curves_are_drawn(browser, server, lang):  # noqa: F811
    base, acc = server
    SCREENSHOTS.mkdir(exist_ok=True)
    ctx, page, w = _login_as(browser, base, "analyst", acc["analyst"], lang)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/scenario")
        assert page.locator("html").get_attribute("lang") == lang
        page.locator("input[name=embargo][value=JP]").check()
        page.fill("input[name=duration_days]", "60")
        page.click("#scenario-form button[type=submit]")
        page.wait_for_selector("#total-lost")
        page.wait_for_selector("#dyn-national[data-drawn='1'] svg path", state="attached")
        # the three curves are drawn as paths with the series' colours (charts.dynamics.PALETTE)
        html = page.locator("#dyn-national svg").inner_html().lower()
        for colour in ("#1f5fa8", "#d9822b", "#2e8b57"):
            assert colour in html, colour
        assert page.locator("#dynamic-national td").count() >= 6
        if page.locator("#dyn-product").count():
            page.wait_for_selector("#dyn-product[data-drawn='1'] svg path", state="attached")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(SCREENSHOTS / f"{lang}-scenario-dynamic-{width}.png"),
                        full_page=True)
        if width == 390:
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 4, overflow
    assert w.errors == [], w.errors
    ctx.close()
