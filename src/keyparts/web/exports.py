"""Tables as files a spreadsheet opens correctly on any system, Excel on zh-CN included.

- CSV: UTF-8 with a byte-order mark (without it Excel on a Chinese system reads the bytes as
  GBK and shows mojibake), comma-separated, one header row;
- XLSX: one sheet (openpyxl, write-only), numbers as numbers, text as text (never a formula).

Both neutralise cells a spreadsheet would run as a formula (OWASP "CSV Injection"), so that an
export is safe to open whoever wrote the cells.
"""

from __future__ import annotations

import csv
import io
import unicodedata

from fastapi.responses import Response

FORMULA_START = ("=", "+", "-", "@")
BOM = "\ufeff"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(v: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP
    "CSV Injection"): one starting with tab or CR, or with = + - @ after any leading whitespace
    (space, NBSP, ideographic space, newline), full-width forms (＝＋－＠) included (NFKC)."""
    if isinstance(v, str) and v and (v[0] in "\t\r"
                                     or unicodedata.normalize("NFKC", v.lstrip()[:1]) in FORMULA_START):
        return "'" + v
    return v


def to_csv(rows: list[dict]) -> str:
    """The rows as CSV text with a UTF-8 byte-order mark ("" when there is no row)."""
    buf = io.StringIO()
    if rows:
        buf.write(BOM)
        w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\r\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: neutralise("" if v is None else v) for k, v in r.items()})
    return buf.getvalue()


def to_xlsx(rows: list[dict], sheet: str = "data", columns: list[str] | None = None) -> bytes:
    """The rows as an XLSX workbook of one sheet (header row first, frozen)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet[:31] or "data")
    cols = columns or (list(rows[0]) if rows else [])
    ws.freeze_panes = "A2"
    ws.append(cols)
    for r in rows:
        out = []
        for k in cols:
            v = r.get(k)
            if isinstance(v, str):  # text stays text: openpyxl would store "=..." as a formula
                cell = WriteOnlyCell(ws, value=neutralise(v))
                cell.data_type = "s"
                out.append(cell)
            else:
                out.append(v)
        ws.append(out)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_response(rows: list[dict], name: str) -> Response:
    return Response(to_csv(rows), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def xlsx_response(rows: list[dict], name: str, columns: list[str] | None = None) -> Response:
    return Response(to_xlsx(rows, name, columns), media_type=XLSX_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
