"""The scenario page's day-by-day curves in headless Chromium on the bundled sample (issue 15),
as an analyst of the OEM O-CN-001 (product P-EXC20): after the static result, the fragment
fetched by htmx draws the national chart and the product's chart with its static estimate
(ECharts, SVG); changing the days simulated redraws them; no console error or failed request.
Screenshots at 1366 and 390 px in both languages go to
tests/web/screenshots/<lang>-scenario-dynamic-<width>.png."""

from __future__ import annotations

import re

import pytest

from tests.web.test_browser import SCREENSHOTS, _login, served

pytestmark = pytest.mark.browser
PASSWORD = "analyst-of-an-oem-1"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from keyparts.dataset import load_sample
    from keyparts.store.repository import import_dataset
    from keyparts.web import auth, create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('browser_dyn') / 'kp.db'}"
    app = create_app(url)
    import_dataset(load_sample(), engine=app.state.engine)
    auth.add_user(app.state.engine, "oemanalyst", PASSWORD, "O-CN-001", "analyst")
    with served(app) as base:
        yield base


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_scenario_day_by_day_curves_are_drawn(browser, server, lang):
    from playwright.sync_api import expect

    base = server
    SCREENSHOTS.mkdir(exist_ok=True)
    ctx, page, w = _login(browser, base, "oemanalyst", PASSWORD, lang.replace("-", "_"))
    ctx.set_default_timeout(180_000)          # the 2-core machine is shared: be patient
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
        page.wait_for_selector("#dyn-product[data-drawn='1'] svg path", state="attached")
        assert "P-EXC20" in page.locator("#dynamic-products").inner_text()
        if width == 1366:   # fewer days: both charts are redrawn with 40 days
            page.fill("#dynamic-product-form input[name=horizon_days]", "40")
            page.press("#dynamic-product-form input[name=horizon_days]", "Tab")
            expect(page.locator("#scenario-dynamic p.muted")).to_contain_text(
                re.compile(r"(^|\D)40\D"), timeout=180_000)
            page.wait_for_selector("#dyn-product[data-drawn='1'] svg path", state="attached")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(SCREENSHOTS / f"{lang}-scenario-dynamic-{width}.png"),
                        full_page=True)
        if width == 390:
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 4, overflow
    assert w.errors == [], w.errors
    ctx.close()
