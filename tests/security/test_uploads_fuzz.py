"""Bounded fuzz run of every upload parser (CSV, XLSX, zip) through the API, under a memory cap.

Invariants, for every generated upload: the answer is not a 5xx, it comes within 10 s, and the
process's peak resident memory grows by less than 200 MB over the whole run (the address space
is capped at the current size + 1 GiB while the run lasts, so an allocation bomb fails loudly).
Inputs: structured files with hostile cells (huge, non-finite and negative numbers, NUL, full-
width and control characters, empty keys), far-away workbook cells, and byte-level mutations of
valid archives (flipped bytes reach the damaged-archive paths).
"""

from __future__ import annotations

import io
import resource
import time
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from tests.dataset.tiny import TINY

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))
CELLS = st.one_of(st.sampled_from(["", "F", "S", "I", "L", "h", "1e400", "-1", "nan", "inf", "0", "1e-320",
                                   "99999999999999999999", "\x00", "\uff1d1", "P1", "CN", "true", "2024-13-45"]),
                  st.integers(-10**20, 10**20).map(str), st.floats(allow_nan=True).map(repr),
                  st.text(max_size=12))
TABLE_FILES = sorted(k for k in TINY if k.endswith(".csv"))


def _rss_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _vm_size() -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmSize:"))


@pytest.fixture(scope="module")
def fuzz_client(tmp_path_factory):
    from tests.web.conftest import make_env

    tmp = tmp_path_factory.mktemp("fuzz")
    env = make_env(f"sqlite:///{tmp / 'k.db'}", tmp)
    client = env.client("oem")
    client.post("/api/v1/datasets/validate", files={"file": ("warm.zip", _zip(TINY), "application/zip")})
    old = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (_vm_size() + (1 << 30), old[1]))
    start = _rss_peak_mb()
    yield client
    resource.setrlimit(resource.RLIMIT_AS, old)
    grown = _rss_peak_mb() - start
    env.app.state.engine.dispose()
    assert grown < 200, f"peak RSS grew by {grown:.0f} MB during the fuzz run"


def _zip(files: dict[str, str | bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in files.items():
            z.writestr(k, v)
    return buf.getvalue()


def _post(client, path: str, name: str, data: bytes, **form) -> None:
    t0 = time.perf_counter()
    r = client.post(path, files={"file": (name, data, "application/octet-stream")}, data=form)
    took = time.perf_counter() - t0
    assert r.status_code < 500, r.text[:500]
    assert took < 10, f"{name}: answered in {took:.1f} s"


csv_rows = st.lists(st.lists(CELLS, min_size=1, max_size=9), min_size=0, max_size=40)


@SETTINGS
@given(header=st.lists(st.sampled_from(["time", "status", "time_upper", "count", "unit_id", "stress",
                                        "time_unit", "x", ""]), min_size=1, max_size=8),
       rows=csv_rows, raw=st.booleans(), blob=st.binary(max_size=300))
def test_life_csv_parser_never_fails_with_5xx(fuzz_client, header, rows, raw, blob):
    text = ",".join(header) + "\n" + "\n".join(",".join(r) for r in rows)
    data = blob if raw else text.encode("utf-8", "surrogatepass")
    _post(fuzz_client, "/api/v1/life/fit-csv", "fuzz.csv", data)


@SETTINGS
@given(files=st.dictionaries(st.sampled_from(TABLE_FILES + ["dataset.toml", "x/../../evil.csv", ".hidden.csv"]),
                             st.one_of(st.sampled_from(list(TINY.values())), csv_rows.map(
                                 lambda rs: "\n".join(",".join(r) for r in rs))), max_size=8),
       flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=4))
def test_zip_parser_never_fails_with_5xx(fuzz_client, files, flips):
    data = bytearray(_zip({**{k: v for k, v in TINY.items()}, **files}))
    for pos, byte in flips:
        data[pos % len(data)] = byte
    _post(fuzz_client, "/api/v1/datasets/validate", "fuzz.zip", bytes(data))


@SETTINGS
@given(sheets=st.dictionaries(st.sampled_from([f[:-4] for f in TABLE_FILES] + ["dataset", "Sheet9"]),
                              st.lists(st.tuples(st.integers(1, 1_048_576), st.integers(1, 16_384), CELLS),
                                       max_size=12), min_size=1, max_size=4),
       flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=3))
def test_xlsx_parser_never_fails_with_5xx(fuzz_client, sheets, flips):
    wb = Workbook()
    wb.remove(wb.active)
    for title, cells in sheets.items():
        ws = wb.create_sheet(title)
        ws.append(["id", "name", "code", "value"])
        for row, col, value in cells:
            ws[f"{get_column_letter(col)}{row}"] = ILLEGAL_CHARACTERS_RE.sub("", value)  # openpyxl refuses them
    buf = io.BytesIO()
    wb.save(buf)
    data = bytearray(buf.getvalue())
    for pos, byte in flips:
        data[pos % len(data)] = byte
    _post(fuzz_client, "/api/v1/datasets/validate", "fuzz.xlsx", bytes(data))
