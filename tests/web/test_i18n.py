"""The interface in two languages: every message of the templates, the report and the Python code
is in both catalogs and translated in zh_CN; the committed .mo files match the .po files; pages
render in Chinese with no English label left; the language comes from the switch (cookie), then
the user's setting, then Accept-Language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from keyparts.web import i18n
from tests.web.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "keyparts"
LOCALE = SRC / "locale"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def extracted() -> set[str]:
    """The msgids that ``tools/i18n`` extracts (babel.cfg's method map, relative to src/keyparts)."""
    method_map, options_map = [], {}
    section = None
    for line in (ROOT / "babel.cfg").read_text().splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            method, pattern = line[1:-1].split(":", 1)
            section = pattern.strip()
            method_map.append((section, method.strip()))
            options_map[section] = {}
        elif "=" in line and section and not line.startswith("#"):
            k, v = (x.strip() for x in line.split("=", 1))
            options_map[section][k] = v
    out = set()
    for _file, _line, msg, _comments, _ctx in extract_from_dir(str(SRC), method_map, options_map,
                                                                keywords=KEYWORDS):
        out.add(msg if isinstance(msg, str) else msg[0])
    return out


def catalog(locale: str):
    with open(LOCALE / locale / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=locale)


def test_every_extracted_message_is_translated_in_zh_cn_and_present_in_en():
    ids = extracted()
    assert len(ids) > 300  # templates, report, terms and messages: not an empty extraction
    zh, en = catalog("zh_CN"), catalog("en")
    missing_zh = sorted(i for i in ids if i not in zh or not zh[i].string or zh[i].fuzzy)
    missing_en = sorted(i for i in ids if i not in en)
    assert not missing_zh, f"untranslated in zh_CN (run tools/i18n, then translate): {missing_zh[:20]}"
    assert not missing_en, f"absent from en (run tools/i18n): {missing_en[:20]}"


def test_translations_keep_the_placeholders():
    """A translation that drops or renames %(name)s would raise KeyError when a page renders."""
    for m in catalog("zh_CN"):
        if m.id:
            assert sorted(PLACEHOLDER.findall(m.id)) == sorted(PLACEHOLDER.findall(m.string)), m.id


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_committed_mo_files_match_the_po_files(locale):
    po = {m.id: m.string for m in catalog(locale) if m.id and m.string}
    with open(LOCALE / locale / "LC_MESSAGES" / "messages.mo", "rb") as f:
        mo = {m.id: m.string for m in read_mo(f) if m.id and m.string}
    assert mo == po, "stale .mo: run tools/i18n compile and commit the .mo files"


def test_field_terms_are_the_standard_chinese_ones():
    """Spot checks against the Chinese terms of GB/T 6391-2010 (ISO 281), GB/T 4662 (ISO 76)
    and the criticality literature (进口依赖度 = import reliance)."""
    zh = catalog("zh_CN")
    assert zh["Dynamic equivalent load P"].string == "当量动载荷 P"
    assert zh["Basic rating life L10h"].string == "基本额定寿命 L10h"
    assert zh["Import reliance"].string == "进口依赖度"
    assert zh["Supplier"].string == "供应商"
    assert zh["Demands"].string == "需求"


# ------------------------------------------------------------------ pages
def signed_in(env, user: str, **headers) -> TestClient:
    c = TestClient(env.app, headers=headers)
    r = c.post("/login", data={"username": user, "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303
    return c


PAGES = {  # path -> Chinese labels it shows, English labels it must not show
    "/": (["总览", "关键品类", "风险矩阵", "我的需求", "寿命试验批次"], ["Dashboard", "Key categories", "Your demands"]),
    "/parts": (["零件目录", "筛选", "品类", "制造商", "深沟球轴承"],
               ["Part catalogue", "Filters", "Deep-groove ball bearings"]),
    "/demands": (["需求看板", "发布需求", "约束条件", "分配所选需求"], ["Demand board", "Post a demand", "Allocate"]),
    "/life": (["寿命数据分析", "分布", "二参数威布尔分布"], ["Life data analysis", "Distribution"]),
    "/calculators": (["滚动轴承", "基本额定动载荷 C", "螺栓连接", "液压缸", "深沟球轴承"],
                     ["Rolling bearing", "Bolted joint", "Hydraulic cylinder", "deep_groove"]),
    "/scenario": (["断供情景", "禁运来源国", "日本"], ["Disruption scenario", "Embargo origin", "Japan"]),
    "/import": (["数据导入", "仅校验", "上传"], ["Data import", "validate only", "Upload"]),
    "/categories/BRG-DGBB": (["深沟球轴承", "合格替代件", "依赖产品", "攻关项目"],
                             ["Qualified substitutes", "Dependent products", "Deep-groove ball bearings"]),
}


def visible_text(html: str) -> str:
    """The page without scripts, SVG plots and tags: what a reader sees."""
    html = re.sub(r"(?s)<(script|svg|style)\b.*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", " ", html)


def test_pages_render_in_chinese_without_english_labels(sqlite_env):
    c = signed_in(sqlite_env, "analyst", **{"Accept-Language": "zh-CN,zh;q=0.9"})
    for path, (zh, en) in PAGES.items():
        r = c.get(path)
        assert r.status_code == 200, path
        assert '<html lang="zh-CN">' in r.text
        text = visible_text(r.text)
        if 'hx-get="/dashboard/national"' in r.text:  # the panel follows the page, as htmx fetches it
            text += visible_text(c.get("/dashboard/national").text)
        for word in zh:
            assert word in text, (path, word)
        for word in en:
            assert word not in text, (path, word)
        assert "零件" in text and "Sign out" not in text


def test_pages_render_in_english_with_english_category_names(sqlite_env):
    c = signed_in(sqlite_env, "analyst", **{"Accept-Language": "en-GB"})
    r = c.get("/parts")
    assert '<html lang="en">' in r.text
    text = visible_text(r.text)
    assert "Part catalogue" in text and "Deep-groove ball bearings" in text
    assert "零件目录" not in text and "深沟球轴承" not in text


def test_errors_shown_in_pages_are_in_chinese(sqlite_env):
    """A form's validation error reads as words in the interface language (not "1 validation
    error for ScenarioIn")."""
    c = signed_in(sqlite_env, "oem", **{"Accept-Language": "zh-CN"})
    csrf = c.get("/api/v1/me").json()["csrf_token"]
    r = c.post("/demands/allocate", data={"csrf_token": csrf}, headers={"HX-Request": "true"})
    assert "请至少选择一条贵企业的需求进行分配" in r.text and "错误：" in r.text
    r = c.post("/calculators/bearing", data={"csrf_token": csrf, "C_kN": "abc", "Fr_kN": "2 kN"},
               headers={"HX-Request": "true"})
    assert "错误：" in r.text and "validation error" not in r.text


def test_calculator_results_are_labelled_in_words(sqlite_env):
    """ISO 281 eq. (1) for a ball bearing: L10 = (C/P)^3 = (14.8/2)^3 = 405.224 million revolutions,
    L10h = 405.224e6 / (60 * 3000) = 2251 h."""
    c = signed_in(sqlite_env, "oem", **{"Accept-Language": "zh-CN"})
    csrf = c.get("/api/v1/me").json()["csrf_token"]
    r = c.post("/calculators/bearing", data={"csrf_token": csrf, "C_kN": "14.8 kN", "Fr_kN": "2 kN",
                                             "speed_rpm": "3000 r/min", "required_L10mh_h": "2000 h"},
               headers={"HX-Request": "true"})
    text = visible_text(r.text)
    assert "当量动载荷 P (kN)" in text and "基本额定寿命 L10 (10⁶ r)" in text and "405.2" in text
    assert "2251" in text and "合格" in text and "P_kN" not in text


def test_designation_reading_and_the_ec_note_are_in_chinese(sqlite_env):
    """6309: series 6 = deep groove ball bearing (ISO 15:2017 dimension series 03, bore code
    09 -> d = 9 x 5 = 45 mm, D = 100 mm); with a cleanliness level the check notes which end of
    the ISO 281 Table 13 range it took for eC. Both read in Chinese, not in the engine's words."""
    c = signed_in(sqlite_env, "oem", **{"Accept-Language": "zh-CN"})
    csrf = c.get("/api/v1/me").json()["csrf_token"]
    r = c.post("/calculators/bearing", data={"csrf_token": csrf, "designation": "6309", "C_kN": "55.3 kN",
                                             "C0_kN": "31.5 kN", "Pu_kN": "1.34 kN", "Fr_kN": "10 kN",
                                             "speed_rpm": "3000 r/min", "viscosity_cSt": "20 mm^2/s",
                                             "cleanliness": "high", "required_L10mh_h": "20000 h"},
               headers={"HX-Request": "true"})
    text = visible_text(r.text)
    assert "深沟球轴承" in text and "d = 45 mm" in text and "D = 100 mm" in text
    assert "ISO 281 表 13" in text
    assert "deep groove ball" not in text and "lower end of" not in text


# ------------------------------------------------------------------ choosing the language
def test_negotiation_order_cookie_then_user_then_accept_language(sqlite_env):
    c = signed_in(sqlite_env, "oem", **{"Accept-Language": "en-US"})
    assert '<html lang="en">' in c.get("/parts").text
    # the switch sets the cookie, saves the user's setting and goes back to next (a local path only)
    r = c.get("/lang/zh_CN", params={"next": "/parts?q=d%3D25mm"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/parts?q=d%3D25mm"
    assert "lang=zh_CN" in r.headers["set-cookie"]
    assert '<html lang="zh-CN">' in c.get("/parts").text
    # a new browser (no cookie) with an English Accept-Language: the user's setting wins
    fresh = signed_in(sqlite_env, "oem", **{"Accept-Language": "en-US"})
    fresh.cookies.delete(i18n.COOKIE)
    assert '<html lang="zh-CN">' in fresh.get("/parts").text
    # the cookie wins over the user's setting (the choice just made in this browser)
    fresh.cookies.set(i18n.COOKIE, "en")
    assert '<html lang="en">' in fresh.get("/parts").text
    # another user without a setting follows Accept-Language
    other = signed_in(sqlite_env, "maker", **{"Accept-Language": "zh-CN"})
    assert '<html lang="zh-CN">' in other.get("/parts").text
    assert c.get("/lang/fr", follow_redirects=False).status_code == 404
    r = c.get("/lang/en", params={"next": "//evil.example/x"}, follow_redirects=False)
    assert r.headers["location"] == "/"


def test_nav_has_the_switch_to_the_other_language(sqlite_env):
    c = signed_in(sqlite_env, "oem", **{"Accept-Language": "en"})
    html = c.get("/demands").text
    assert 'href="/lang/zh_CN?next=/demands"' in html and ">中文<" in html
    c.cookies.set(i18n.COOKIE, "zh_CN")
    assert 'href="/lang/en?next=/demands"' in c.get("/demands").text


def test_import_and_life_pages_report_how_a_chinese_excel_file_was_read(sqlite_env, tmp_path):
    """A zip whose categories.csv is GBK with ';' validates, and the report says so in Chinese;
    a GBK life-test CSV with Chinese headers is fitted (10 units, 9 failures: the verdict table
    of tests/web/test_browser.py) and the page says how it was read."""
    import io
    import zipfile

    from tests.dataset.tiny import TINY, write_tiny
    folder = write_tiny(tmp_path / "tiny")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for f in folder.iterdir():
            data = f.read_bytes()
            if f.name == "categories.csv":
                rows = [r.split(",") for r in TINY["categories.csv"].strip().split("\n")]
                data = "\n".join(";".join(f'"{x}"' if ";" in x else x for x in r) for r in rows).encode("gbk")
            zf.writestr(f.name, data)
    c = signed_in(sqlite_env, "oem", **{"Accept-Language": "zh-CN"})
    csrf = c.get("/api/v1/me").json()["csrf_token"]
    r = c.post("/import", data={"csrf_token": csrf, "action": "validate"},
               files={"file": ("数据.zip", buf.getvalue(), "application/zip")}, headers={"HX-Request": "true"})
    assert "校验通过" in r.text, r.text[:500]
    assert "categories.csv: 按 GB18030 读取，分隔符“;”" in r.text
    life = "时间,状态\n" + "".join(f"{t},F\n" for t in (72, 82, 97, 103, 113, 117, 126, 127, 139)) + "154,S\n"
    r = c.post("/life", data={"csrf_token": csrf, "dist": "weibull2p"},
               files={"file": ("寿命.csv", life.encode("gbk"), "text/csv")}, headers={"HX-Request": "true"})
    assert "按 GB18030 读取，分隔符“,”" in r.text and "样本数 / 失效数" in r.text and "10 / 9" in r.text


@pytest.mark.parametrize("english, chinese", [
    ("all parts", "全部零件"),
    ("import reliance 7% (sourcing)", "进口依赖度 7%（采购数据）"),
    ("maker holds AS9100D (eliminated the last 3 candidate(s))", "制造商持有 AS9100D（排除了最后 3 个候选件）"),
    ("FAIL C>=14kN: C=13.2 kN is 0.8 kN below, 6%", "不合格 C>=14kN：C=13.2 kN，低于要求 0.8 kN, 6%"),
    ("supply: maker in CN (home, country risk 2.0/10)", "供应：制造商位于 CN（本国，国家风险 2.0/10）"),
    ("'abc' is not one of F | S | L | I", "“abc”不在可选值 F | S | L | I 之中"),
    ("3 error(s):", "3 处错误："),
    ("read as GB18030, delimiter ';'", "按 GB18030 读取，分隔符“;”"),
    ("a message no pattern knows", "a message no pattern knows"),
])
def test_engine_messages_are_translated_by_pattern_keeping_their_values(english, chinese):
    from keyparts.web.terms import message
    with i18n.use("zh_CN"):
        assert message(english) == chinese
    assert message(english) == english  # English: as the engine wrote it


def test_sign_in_error_and_not_found_page_in_chinese(sqlite_env):
    c = TestClient(sqlite_env.app, headers={"Accept-Language": "zh-CN"})
    r = c.post("/login", data={"username": "oem", "password": "wrong"})
    assert "用户名或密码错误" in r.text and '<html lang="zh-CN">' in r.text
    c = signed_in(sqlite_env, "oem", **{"Accept-Language": "zh-CN", "Accept": "text/html"})
    r = c.get("/parts/NO-SUCH-PART")
    assert r.status_code == 404 and "未找到零件 NO-SUCH-PART" in r.text, r.text[-600:]
