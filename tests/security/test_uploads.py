"""Upload parsers refuse bombs and damaged archives with a 4xx naming the file (H-1, M-1).

Hand-built inputs: an XLSX whose one cell sits at XFD20000 (16 384 columns x 20 000 rows
declared, ~1.6 KB on disk), the same cell behind a lying ``<dimension ref="A1"/>``, a zip whose
CSV member inflates 1000:1, a zip member whose header understates its size, and zips that are
damaged (bad CRC-32), encrypted or use an unsupported compression method (bzip2).
The format details (general-purpose flag bit 0, method ids 0/8/12, CRC-32 at offset 14 of the
local header) are PKWARE's APPNOTE.TXT 4.3.7 and 4.4.4-4.4.7.
"""

from __future__ import annotations

import io
import re
import struct
import time
import zipfile

import pytest
from openpyxl import Workbook

from keyparts.dataset import read_dataset
from keyparts.errors import InputError, ValidationError
from tests.dataset.tiny import TINY


def _xlsx(cell: str, *, dimension: str | None = None) -> bytes:
    """A workbook whose sheet ``countries`` has a header and one more cell at ``cell``;
    ``dimension`` rewrites the sheet's declared ``<dimension ref=...>``."""
    wb = Workbook()
    ws = wb.active
    ws.title = "countries"
    ws.append(["code", "name", "risk", "export_control"])
    ws[cell] = 1
    buf = io.BytesIO()
    wb.save(buf)
    if dimension is None:
        return buf.getvalue()
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for m in src.infolist():
            data = src.read(m)
            if m.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{dimension}"/>'.encode(), data)
            z.writestr(m.filename, data)
    return out.getvalue()


def _zip(files: dict[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for k, v in files.items():
            z.writestr(k, v)
    return buf.getvalue()


def post(env, name: str, data: bytes, user: str = "oem"):
    t0 = time.perf_counter()
    r = env.client(user).post("/api/v1/datasets/validate", files={"file": (name, data, "application/octet-stream")})
    return r, time.perf_counter() - t0


def test_xlsx_dimension_bomb_is_refused_before_reading(module_env):
    """One cell at XFD20000 declares 16 384 x 20 000 = 327 680 000 cells (the workbook is under
    10 KB). It drove the server past 6 GB; now it is 422 naming the sheet and the range, in
    well under a second."""
    bomb = _xlsx("XFD20000")
    assert len(bomb) < 10_000
    r, took = post(module_env, "bomb.xlsx", bomb)
    assert r.status_code == 422, r.text
    assert "A1:XFD20000" in str(r.json()["problems"]) and took < 5


def test_xlsx_with_a_lying_dimension_is_bounded_while_reading(tmp_path):
    """The same far cell behind ``<dimension ref="A1"/>``: the declared range passes, the row
    read with the cell at column XFD (16 384 > 256 columns) is refused."""
    path = tmp_path / "liar.xlsx"
    path.write_bytes(_xlsx("XFD20000", dimension="A1"))
    with pytest.raises(ValidationError, match="cell at XFD20000"):
        read_dataset(path)


def test_xlsx_cell_budget_counts_cells_across_sheets(tmp_path, monkeypatch):
    """Cells are counted while reading: with a budget of 10 cells, a header of 4 cells plus a
    row at row 20 000 (20 000 rows of at least one cell) is refused by row 7 (4 + 6 x 1 > 10)."""
    import keyparts.dataset.io as dio
    monkeypatch.setattr(dio, "MAX_XLSX_CELLS", 10)
    path = tmp_path / "rows.xlsx"
    path.write_bytes(_xlsx("A20000", dimension="A1:D1"))
    with pytest.raises(ValidationError, match="by row 8"):
        read_dataset(path)


def test_zip_bomb_within_the_upload_limit_is_refused(module_env):
    """64 MiB of one repeated CSV line deflate to about 64 KiB (ratio ~1000): beyond the ratio of
    100 per member and the 32 MiB total, refused as 422 from the headers, in seconds."""
    line = b"CN,China,1.0,1\n"
    csv = b"code,name,risk,export_control\n" + line * (64 * 1024 * 1024 // len(line))
    bomb = _zip({**{k: v for k, v in TINY.items() if k != "countries.csv"}, "countries.csv": csv})
    assert len(bomb) < 1024 * 1024
    r, took = post(module_env, "bomb.zip", bomb)
    assert r.status_code == 422 and "countries.csv" in str(r.json()["problems"]), r.text
    assert took < 5


def test_zip_member_that_lies_about_its_size_is_counted_while_inflating():
    """A member whose header says 10 bytes but inflates to 2 MiB: zipfile stops at the declared
    size and the CRC-32 then disagrees, so the read is refused as damaged, never 2 MiB in memory."""
    from keyparts.dataset.archive import open_archive, read_member

    data = bytearray(_zip({"countries.csv": b"a" * (2 << 20)}))
    # local header: uncompressed size at offset 22; central directory: offset 24 of its entry
    struct.pack_into("<I", data, 22, 10)
    cd = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, cd + 24, 10)
    zf = open_archive(io.BytesIO(bytes(data)), "liar.zip")
    with pytest.raises(InputError, match="liar.zip/countries.csv: damaged"):
        read_member(zf, zf.infolist()[0], "liar.zip", 50 << 20)


def _bad_crc() -> bytes:
    data = bytearray(_zip(TINY))
    struct.pack_into("<I", data, 14, 0xDEADBEEF)  # CRC-32 of the first member's local header
    cd = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, cd + 16, 0xDEADBEEF)
    return bytes(data)


def _encrypted() -> bytes:
    data = bytearray(_zip(TINY))
    data[6] |= 0x1  # general-purpose flag bit 0 of the first local header
    cd = data.find(b"PK\x01\x02")
    data[cd + 8] |= 0x1
    return bytes(data)


@pytest.mark.parametrize("name,make,status,words", [
    ("crc.zip", _bad_crc, 400, "damaged"),
    ("locked.zip", _encrypted, 400, "encrypted"),
    ("bz.zip", lambda: _zip(TINY, zipfile.ZIP_BZIP2), 400, "compression method 12"),
    ("crc.xlsx", lambda: _bad_crc_xlsx(), 400, "damaged"),
])
def test_damaged_archives_are_a_clear_4xx(module_env, name, make, status, words):
    """Each gave 500 before; now a 400 naming the file and what is wrong."""
    r, _ = post(module_env, name, make())
    assert r.status_code == status, r.text
    assert name in r.json()["detail"] and words in r.json()["detail"]


def _bad_crc_xlsx() -> bytes:
    data = bytearray(_xlsx("B2"))
    i = data.find(b"xl/worksheets/sheet1.xml") - 30  # local header of the sheet
    struct.pack_into("<I", data, i + 14, 0xDEADBEEF)
    j = data.find(b"xl/worksheets/sheet1.xml", data.find(b"PK\x01\x02")) - 46
    struct.pack_into("<I", data, j + 16, 0xDEADBEEF)
    return bytes(data)


def test_cli_refuses_the_xlsx_bomb_with_exit_2(tmp_path):
    """The CLI reads workbooks through the same bounded reader: one problem line, exit 2."""
    from typer.testing import CliRunner

    from keyparts.cli import app

    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_xlsx("XFD20000"))
    r = CliRunner().invoke(app, ["data", "validate", str(path)])
    assert r.exit_code == 2 and "A1:XFD20000" in r.output and "Traceback" not in r.output, r.output
