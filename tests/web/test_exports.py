"""Exports open correctly in Excel on a zh-CN system: CSV in UTF-8 with a byte-order mark (Excel
reads a CSV without one in the system code page, GBK there), and XLSX; in both a text cell that
looks like a formula stays text."""

from __future__ import annotations

import io

from openpyxl import load_workbook


def test_csv_export_has_a_utf8_bom_and_chinese_text_survives(sqlite_env):
    c = sqlite_env.client("oem")
    r = c.post("/api/v1/demands", json={"id": "需求-轴承", "category_id": "BRG-DGBB", "quantity": 10,
                                        "constraints": "d=25mm"})
    assert r.status_code == 201, r.text
    r = c.get("/api/v1/export/demands.csv")
    assert r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith(b"\xef\xbb\xbf")
    text = r.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id,") and "需求-轴承" in text
    # a foreign enterprise's export is empty, not a lone byte-order mark
    assert sqlite_env.client("rival").get("/api/v1/export/demands.csv").content == b""


def test_xlsx_export_keeps_numbers_as_numbers_and_formulas_as_text(sqlite_env):
    c = sqlite_env.client("maker")
    body = "time,status,unit_id\n100,F,=SUM(A1)\n120,S,单元2\n"
    r = c.post("/api/v1/parts/P1/tests", data={"test_id": "TX"},
               files={"file": ("t.csv", io.BytesIO(body.encode()), "text/csv")})
    assert r.status_code == 201, r.text
    r = c.get("/api/v1/export/tests.xlsx")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws.title == "tests"
    rows = list(ws.iter_rows(values_only=True))
    head = list(rows[0])
    mine = [dict(zip(head, x)) for x in rows[1:] if dict(zip(head, x))["test_id"] == "M1:TX"]
    assert {m["unit_id"] for m in mine} == {"'=SUM(A1)", "单元2"}
    assert sorted(m["time"] for m in mine) == [100, 120]  # numbers, not text
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)


def test_demand_board_links_both_exports(sqlite_env):
    from tests.web.test_i18n import signed_in
    c = signed_in(sqlite_env, "oem", **{"Accept-Language": "zh-CN"})
    html = c.get("/demands").text
    assert 'href="/api/v1/export/demands.csv"' in html and 'href="/api/v1/export/demands.xlsx"' in html
    assert "导出：" in html
