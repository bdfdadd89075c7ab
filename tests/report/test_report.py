"""The HTML report: self-contained (no external URL), and opens in headless Chromium without
console errors; it names why the top category is on the list (tiny dataset, tests/supply/tiny.py:
BRG-ACBB ranks first with 60 % of imports from JP)."""

import re
from pathlib import Path

import pytest

import keyparts
from keyparts.priority.assess import run_assessment
from keyparts.report import render_report
from tests.supply.tiny import tiny_dataset


@pytest.fixture(scope="module")
def html() -> str:
    return render_report(run_assessment(tiny_dataset(), n_samples=100, seed=0), title="tiny")


def test_report_is_self_contained_and_explains_the_top_category(html):
    """Three charts (risk matrix, exposure, embargo losses) drawn by ECharts, inlined once."""
    from keyparts.report.charts import echarts_js
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert html.count("<script src") == 0
    assert html.count(echarts_js()[:300]) == 1 and html.count("echarts.init(") == 1
    assert html.count('data-chart="') == 3
    assert "60% of imports from JP" in html
    for section in ("Risk matrix", "Key-category list", "Exposure by industry and origin",
                    "Disruption scenarios", "Methods and sources"):
        assert section in html


def _sample_html() -> str:
    """The sample ships with the package: a missing or invalid sample fails the test."""
    from keyparts.dataset.io import read_dataset
    from keyparts.dataset.validate import validate_and_type
    sample = Path(keyparts.__file__).parent / "data" / "sample"
    ds = validate_and_type(read_dataset(sample))
    return render_report(run_assessment(ds, n_samples=100, seed=0), title="sample")


@pytest.mark.browser
@pytest.mark.parametrize("which", ["tiny", "sample"])
def test_report_opens_in_headless_chromium_without_console_errors(which, html, tmp_path, browser):
    """Chromium comes from the shared ``browser`` fixture (tests/conftest.py): it skips only
    outside CI; with KEYPARTS_REQUIRE_BROWSER=1 a missing Chromium is a failure."""
    if which == "sample":
        html = _sample_html()
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    errors: list[str] = []
    requests: list[str] = []
    page = browser.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert page.locator(".chart svg").count() == 3  # drawn by the inlined ECharts
    if which == "tiny":
        assert "BRG-ACBB" in page.inner_text("#list ~ table")
    page.close()
    assert errors == []
    assert all(u.startswith(("file:", "data:")) for u in requests)


def test_report_in_chinese_names_categories_and_drivers_in_chinese():
    """``lang="zh_CN"``: headings, chart labels and the drivers in Chinese, categories by their
    name_zh; the tiny dataset's top category BRG-ACBB has 60 % of its imports from JP."""
    ds = tiny_dataset()
    res = run_assessment(ds, n_samples=100, seed=0)
    zh = render_report(res, title="tiny", lang="zh_CN", names_zh={"BRG-ACBB": "角接触球轴承"})
    assert '<html lang="zh-CN">' in zh
    for words in ("关键基础件：“卡脖子”评估", "风险矩阵", "关键品类清单", "按行业和来源国的进口暴露", "断供情景",
                  "方法与来源", "进口的 60% 来自 JP", "角接触球轴承", "经济重要性 EI（0–10）", "供应风险 SR"):
        assert words in zh, words
    for words in ("Risk matrix", "Key-category list", "of imports from", "Economic importance EI"):
        assert words not in zh, words
    assert zh.count('data-chart="') == 3
    with pytest.raises(ValueError):
        render_report(res, lang="fr")


def test_report_command_writes_chinese_with_lang(tmp_path):
    from typer.testing import CliRunner

    from keyparts.cli import app
    out = tmp_path / "r.html"
    r = CliRunner().invoke(app, ["report", "--data", str(Path(keyparts.__file__).parent / "data" / "sample"),
                                 "--samples", "10", "-o", str(out), "--lang", "zh_CN"])
    assert r.exit_code == 0, r.output
    assert "关键品类清单" in out.read_text(encoding="utf-8")
    r = CliRunner().invoke(app, ["report", "--data", "x", "-o", str(out), "--lang", "de"])
    assert r.exit_code == 2 and "--lang" in r.output
