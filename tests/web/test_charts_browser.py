"""The charts in headless Chromium, in English and Chinese: the risk matrix is drawn (an <svg>
in its div), a point shows its category in a tooltip on hover and opens the category page on a
click; the category page draws its trade history and chain network; a scenario draws its loss
bars; a part's life-test evidence draws its probability plot. No console errors, no failed
requests. Screenshots (1366 and 390 px, both languages) go to tests/web/screenshots/.

The sample has at most two OEMs per industry, so under the default disclosure rule (k = 3,
docs/security.md) every industry's scenario loss is suppressed and no bar could be drawn; the
test runs with KEYPARTS_DISCLOSURE_K=2, which discloses the industries of two OEMs."""

from __future__ import annotations

import json

import pytest

from tests.web.test_browser import SHOTS, Watch, _login, server  # noqa: F401  (the module's server)

pytestmark = pytest.mark.browser

LANGS = {"en": ("Risk matrix", "critical"), "zh_CN": ("风险矩阵", "关键")}


def _shots(page, name: str) -> None:
    """Full-page screenshots at 1366 and 390 px, each after the charts were resized (static/charts.js
    resizes them 150 ms after the window settles)."""
    SHOTS.mkdir(exist_ok=True)
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(400)
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.wait_for_timeout(400)


def _point(page, chart_id: str, series: int, index: int) -> tuple[dict, float, float]:
    """A data item of a drawn chart and its position on the page (CSS px)."""
    option = json.loads(page.locator(f"#{chart_id}-option").text_content())
    item = option["series"][series]["data"][index]
    x, y = page.evaluate("([id, s, v]) => echarts.getInstanceByDom(document.getElementById(id))"
                         ".convertToPixel({seriesIndex: s}, v)", [chart_id, series, item["value"]])
    box = page.locator(f"#{chart_id}").bounding_box()
    return item, box["x"] + x, box["y"] + y


@pytest.mark.parametrize("lang", list(LANGS))
def test_risk_matrix_hover_click_in_both_languages(browser, server, lang, monkeypatch):  # noqa: F811
    monkeypatch.setenv("KEYPARTS_DISCLOSURE_K", "2")  # read per request by the server (same process)
    base, acc = server
    ctx, page, w = _login(browser, base, "analyst", acc["analyst"])
    page.wait_for_selector("#risk-matrix svg", timeout=60_000)  # the panel may follow the page (htmx)
    page.goto(f"{base}/lang/{lang}?next=/")
    page.wait_for_selector("#risk-matrix svg", timeout=60_000)
    title, critical = LANGS[lang]
    assert title in page.locator("h2", has_text=title).first.inner_text()
    svg = page.locator("#risk-matrix svg").inner_html()
    assert critical in svg and "EI = 2.8" in svg and "SR = 1" in svg  # legend and both EU thresholds
    _shots(page, f"charts-dashboard-{lang}")
    item, x, y = _point(page, "risk-matrix", 0, 0)  # the first critical category (rank order)
    page.mouse.move(x, y)
    tip = page.locator("#risk-matrix div", has_text=item["name"]).last
    tip.wait_for(timeout=5_000)
    assert "EI" in tip.inner_text() and "SR" in tip.inner_text()
    page.mouse.click(x, y)
    page.wait_for_url(f"{base}{item['url']}")
    assert item["url"] == f"/categories/{item['id']}"
    page.wait_for_selector("#chain-chart svg")
    page.wait_for_selector("#domestic-chart svg")
    _shots(page, f"charts-category-{lang}")
    # a part's life-test evidence: the probability plot
    page.goto(f"{base}/parts/PT-0138")
    page.wait_for_selector("#life-plot-1 svg")
    _shots(page, f"charts-part-{lang}")
    # the scenario's loss bars
    page.goto(f"{base}/scenario")
    page.locator("input[name=embargo][value=JP]").check()
    page.locator("input[name=embargo][value=DE]").check()
    page.click("#scenario-form button[type=submit]")
    page.wait_for_selector("#scenario-industries-chart svg", timeout=60_000)
    _shots(page, f"charts-scenario-{lang}")
    assert w.errors == [], w.errors
    ctx.close()
