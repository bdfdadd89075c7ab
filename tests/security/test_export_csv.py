"""CSV export neutralises formula injection (OWASP "CSV Injection"): a text cell that a
spreadsheet would run as a formula gets a leading apostrophe.

Spreadsheets skip leading whitespace before a formula and read the full-width forms
＝＋－＠ (U+FF1D, U+FF0B, U+FF0D, U+FF20; NFKC folds them to = + - @, Unicode UAX #15) as
the ASCII signs, so those cells are dangerous too.
"""

from __future__ import annotations

import csv
import io

import pytest

from keyparts.web.api.owned import neutralise

DANGEROUS = ["=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", " =1+1", "\u00a0=1+1", "\u3000=1+1",
             "\n=1+1", "\uff1d1+1", "\uff0b1", "\uff0d1+1", "\uff20SUM(A1)", "  \uff1dHYPERLINK(\"x\")"]
HARMLESS = ["d=25mm; C>=14kN", "6205-2RS", "P5", "", "a -1", "1e-3"]


@pytest.mark.parametrize("cell", DANGEROUS, ids=[repr(c) for c in DANGEROUS])
def test_formula_cells_get_an_apostrophe(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", HARMLESS + [1.5, -2, None])
def test_other_cells_are_left_alone(cell):
    assert neutralise(cell) == cell


def test_export_neutralises_a_full_width_formula(sqlite_env):
    """An ideographic space then a full-width ＝ (U+FF1D) is a formula to Excel on a zh-CN system.
    (The formula goes in a unit id of a life-test campaign: created row ids start with the
    creator's enterprise, and constraints must parse as clauses of the category.)"""
    c = sqlite_env.client("maker")
    danger = "\u3000\uff1dSUM(A1)"
    body = f"time,status,unit_id\n100,F,{danger}\n"
    r = c.post("/api/v1/parts/P1/tests", data={"test_id": "TFW"},
               files={"file": ("t.csv", io.BytesIO(body.encode()), "text/csv")})
    assert r.status_code == 201, r.text
    text = c.get("/api/v1/export/tests.csv").content.decode("utf-8-sig")  # UTF-8 with a BOM, for Excel
    units = {r["unit_id"] for r in csv.DictReader(io.StringIO(text)) if r["test_id"] == "M1:TFW"}
    assert units == {"'\uff1dSUM(A1)"}  # cells are trimmed on upload (the ideographic space too)
