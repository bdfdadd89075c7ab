"""The programme pages in headless Chromium on the hand-made dataset of tests/web/test_programme.py:
the analyst opens the edition diff (2022 → 2023 of three_leaves) and the BRG-BALL trend, in both
languages: the charts are drawn as SVG, no console error, no failed request. Screenshots at 1366
and 390 px go to tests/web/screenshots/programme-<lang>-<page>-<width>.png."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.test_browser import Watch, served
from tests.web.test_programme import AT, PASSWORD, dataset, write

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture(scope="module")
def prog_server(tmp_path_factory):

    from keyparts.dataset import read_dataset, validate_and_type
    from keyparts.programme.editions import publish
    from keyparts.store.editions import save_edition
    from keyparts.store.repository import import_dataset
    from keyparts.web import auth, create_app
    from tests.programme.editions_data import three_leaves

    tmp = tmp_path_factory.mktemp("progbrowser")
    app = create_app(f"sqlite:///{tmp / 'kp.db'}")
    import_dataset(validate_and_type(read_dataset(write(dataset(), tmp / "data"))), engine=app.state.engine)
    for year in (2022, 2023):
        ed = publish(three_leaves(), str(year), year=year, top_n=2, n_samples=0, published_at=AT)
        save_edition(ed.to_dict(), source="three_leaves", engine=app.state.engine)
    auth.add_user(app.state.engine, "analyst", PASSWORD, "MK_JP", "analyst")
    with served(app) as base:
        yield base


def test_edition_diff_and_trend_chart_in_both_languages(browser, prog_server):
    base = prog_server
    SHOTS.mkdir(exist_ok=True)
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(f"{base}/login?next=/programme")
    page.fill("input[name=username]", "analyst")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/programme")
    w = Watch(page)
    for lang, left in (("en", "Left the list"), ("zh_CN", "退出清单")):
        page.goto(f"{base}/lang/{lang}?next=/programme/editions")
        page.wait_for_load_state("networkidle")
        page.select_option("#compare select[name=a]", "2022")
        page.select_option("#compare select[name=b]", "2023")
        page.click("#compare button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert left in page.locator("main").inner_text()
        assert "BRG-B" in page.locator("#diff-left").inner_text()
        for name, path in (("diff", page.url), ("trend", f"{base}/categories/BRG-BALL/trend")):
            page.goto(path)
            page.wait_for_load_state("networkidle")
            if name == "trend":
                page.wait_for_selector("#trend-shares svg")
                assert page.locator("#trend-origins svg").count() == 1
            for width in (1366, 390):
                page.set_viewport_size({"width": width, "height": 900})
                page.wait_for_timeout(300)   # charts redraw on resize
                page.screenshot(path=str(SHOTS / f"programme-{lang}-{name}-{width}.png"), full_page=True)
                if width == 390:
                    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                    assert overflow <= 4, (lang, name, overflow)
            page.set_viewport_size({"width": 1366, "height": 900})
    assert w.errors == [], w.errors
    ctx.close()
