"""The streaming import (issue 10, item 1): chunk boundaries change nothing, problems found in
a late chunk name their line, and a failure or a SIGKILL at any point of the load leaves the
database (rows and data version) exactly as it was, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from keyparts.dataset import read_dataset, validate
from keyparts.dataset.chunks import open_source
from keyparts.dataset.generate_csv import write_generated
from keyparts.dataset.schema import IMPORT_ORDER
from keyparts.dataset.stream import check
from keyparts.errors import ValidationError
from keyparts.store import load_dataset, make_engine
from keyparts.store.importer import import_path
from tests.dataset.tiny import TINY, write_tiny


def _state(url: str) -> tuple[dict[str, int], dict[str, tuple[int, str]]]:
    """Rows per table and every data version (counter and token)."""
    eng = make_engine(url)
    try:
        with eng.connect() as c:
            rows = {n: c.execute(sa.text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in IMPORT_ORDER}
            versions = {r[0]: (r[1], r[2]) for r in c.execute(sa.text("SELECT name, version, token FROM data_versions"))}
    finally:
        eng.dispose()
    return rows, versions


# ---------------------------------------------------------------- chunk boundaries
def test_a_tiny_chunk_size_imports_the_same_rows_as_one_chunk(tmp_path, db_url):
    """Chunks of 7 rows (so every large file is cut many times, mid-part, mid-buyer) give the
    same stored dataset as chunks of a million rows."""
    data = tmp_path / "gen"
    write_generated(data, 30, seed=3)
    one = f"sqlite:///{tmp_path / 'one.db'}"
    import_path(data, one, chunk_rows=1_000_000)
    got = import_path(data, db_url, chunk_rows=7).rows
    assert got["bom"] > 7 * 20 and got["part_values"] > 7 * 20  # really cut into many chunks
    a, b = load_dataset(one), load_dataset(db_url)
    assert a.meta == b.meta
    for name in IMPORT_ORDER:
        pd.testing.assert_frame_equal(a.frames[name], b.frames[name], check_dtype=False)


def test_a_workbook_is_imported_in_chunks_like_its_folder(tmp_path, db_url):
    """The tiny dataset as an .xlsx (one sheet per file), read through openpyxl's read-only
    mode in chunks of 2 rows, stores the same frames as its CSV folder."""
    folder = write_tiny(tmp_path / "ds")
    book = tmp_path / "ds.xlsx"
    with pd.ExcelWriter(book) as xw:
        pd.DataFrame({"key": ["name", "country"], "value": ["tiny", "CN"]}).to_excel(xw, sheet_name="dataset",
                                                                                    index=False)
        for f in folder.glob("*.csv"):
            pd.read_csv(f, dtype=str, keep_default_na=False).to_excel(xw, sheet_name=f.stem, index=False)
    one = f"sqlite:///{tmp_path / 'one.db'}"
    import_path(folder, one)
    import_path(book, db_url, chunk_rows=2)
    a, b = load_dataset(one), load_dataset(db_url)
    for name in IMPORT_ORDER:
        pd.testing.assert_frame_equal(a.frames[name], b.frames[name], check_dtype=False, obj=name)


def test_problems_are_the_same_whatever_the_chunk_size(tmp_path):
    """Every rule that needs a whole table (duplicate keys, share sums, a BOM cycle, a limit
    comparing two values of one part) finds the same problems when its rows fall into
    different chunks of 2 rows as when the table is read at once."""
    folder = write_tiny(
        tmp_path / "bad",
        sourcing_csv=TINY["sourcing.csv"] + "O1,P1,M2,JP,0.5\nO1,P1,M1,CN,0.7\n",   # O1/P1: 0.5 + 0.7 > 1
        bom_csv=TINY["bom.csv"] + "P1,X1,1,true\nA1,P1,4,false\n",                  # a cycle; A1,P1 again
        parameters_csv="category_id,name,unit,kind,description,limits\nBRG,d,mm,number,bore,>0\n"
                       "BRG,C,kN,number,rating,\nBRG-DGBB,precision,,enum,class,\n",
        part_values_csv=TINY["part_values.csv"] + "A1,d,-3,mm\n")                    # d > 0 broken
    whole = validate(read_dataset(folder))
    small = check(open_source(folder, chunk_rows=2))
    assert [str(p) for p in small] == [str(p) for p in whole]
    text = "\n".join(str(p) for p in small)
    assert "sourcing.csv:5:share: shares of buyer O1 for item P1 sum to 1.2 (rows 5, 6)" in text
    assert "bom.csv:6: duplicate key (parent_id=A1, child_id=P1), first given on row 3; expected unique" in text
    assert "bom.csv:2:child_id: the BOM has a cycle: X1 -> A1 -> P1 -> X1" in text  # its first edge, line 2
    assert "part_values.csv:7:value: d = -3 mm of part A1 is out of range" in text


def test_an_error_in_a_late_chunk_names_its_line(tmp_path):
    """1 000 extra BOM rows, read in chunks of 100: the bad cell on line 1 000 of bom.csv
    (header = line 1, the tiny file's 3 rows = lines 2-4, extra row k = line 4 + k) is named
    as line 1 000, and the duplicate of line 5 on line 1 005 says 'first given on row 5'."""
    rows = [f"X1,P{i},1,true" for i in range(1000)]
    rows[995] = "X1,P995,abc,true"        # line 4 + 996 = 1000
    rows.append("X1,P0,1,true")           # line 1 005: the key X1,P0 of line 5
    parts = "".join(f"P{i},M1,BRG-DGBB-P5,6205/{i},qualified,1,1\n" for i in range(3, 1000))
    folder = write_tiny(tmp_path / "late", bom_csv=TINY["bom.csv"] + "\n".join(rows) + "\n",
                        parts_csv=TINY["parts.csv"] + "P0,M1,BRG,x,qualified,1,1\n" + parts)
    found = {str(p) for p in check(open_source(folder, chunk_rows=100)) if p.severity == "error"}
    assert found == {
        "bom.csv:1000:qty: 'abc' is not a number, expected a number > 0 pieces per parent",
        "bom.csv:1005: duplicate key (parent_id=X1, child_id=P0), first given on row 5; expected unique",
    }


# ---------------------------------------------------------------- atomicity
def test_a_failed_streaming_import_changes_nothing(tmp_path, db_url):
    """A validation error (found in the last file read) and a database error in the middle of
    the load (after countries .. part_values are written) each leave rows and versions as
    they were."""
    import keyparts.store.repository as repo

    import_path(write_tiny(tmp_path / "v1"), db_url)
    before = _state(db_url)
    broken = write_tiny(tmp_path / "v2", trade_csv=TINY["trade.csv"].replace("2023,DE", "1800,DE"))
    with pytest.raises(ValidationError):
        import_path(broken, db_url, replace=True)
    assert _state(db_url) == before

    real_upsert, real_copy = repo._upsert, repo._copy_scratch

    def failing(conn, table, *args):
        if table.name == "bom":
            raise RuntimeError("disk full")
        real_upsert(conn, table, *args)

    def failing_copy(conn, name, *args):  # SQLite's bulk path: copy from the staged scratch database
        if name == "bom":
            raise RuntimeError("disk full")
        return real_copy(conn, name, *args)
    repo._upsert, repo._copy_scratch = failing, failing_copy
    try:
        with pytest.raises(RuntimeError):
            import_path(write_tiny(tmp_path / "v3"), db_url, replace=True)
    finally:
        repo._upsert, repo._copy_scratch = real_upsert, real_copy
    assert _state(db_url) == before


def _cli(data: Path, url: str, spool: Path) -> subprocess.Popen:
    """`keyparts data import --replace` in a new process; its spool (which a killed process
    cannot delete) in ``spool``."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src"),
           "KEYPARTS_SPOOL_DIR": str(spool)}
    return subprocess.Popen([sys.executable, "-m", "keyparts", "data", "import", str(data), "--db", url, "--replace"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A generated dataset of 1 500 firms (about 370 000 rows, 160 000 of them in bom.csv)."""
    out = tmp_path_factory.mktemp("gen1500") / "data"
    write_generated(out, 1500, seed=7)
    return out


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_sigkill_during_a_streaming_import_leaves_the_database_unchanged(generated, tmp_path, request, kind):
    """`keyparts data import --replace` of the generated dataset over an earlier import of
    it is killed with SIGKILL at four points of the load (PostgreSQL: its first table,
    part_values, in the middle of bom and of sourcing, the last large table; SQLite: while bom.csv
    is checked and staged into the scratch database, then copying countries, part_values and
    sourcing into the database), each point read from its progress lines; each time every table's row count and every data version (counter and
    token) are exactly as before, and a last import that is not killed completes (and deletes
    the spool folders the killed ones left)."""
    if kind == "sqlite":
        db = tmp_path / "k.db"
        url = f"sqlite:///{db}"
    else:
        url = request.getfixturevalue("pg_url")
    import_path(generated, url)
    before = _state(url)
    assert before[0]["bom"] > 100_000
    # the import's progress lines on stderr (not a terminal: one line per chunk loaded)
    # SQLite stages the chunks in a scratch database during the checks, then copies them in the
    # transaction
    marks = (("load countries", "load part_values", "load bom: 100,000", "load sourcing: 100,000")
             if kind == "postgresql" else ("check bom.csv", "load countries", "load part_values:", "load sourcing:"))
    for mark in marks:
        proc = _cli(generated, url, tmp_path)
        seen = []
        try:
            for line in proc.stderr:
                seen.append(line)
                if line.startswith(mark):
                    break
            assert seen and seen[-1].startswith(mark), f"the import ended before {mark}: {seen[-3:]}"
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            proc.stderr.close()
        assert proc.returncode == -signal.SIGKILL
        assert _state(url) == before, f"changed by an import killed at {mark}"
    done = _cli(generated, url, tmp_path)
    done.communicate(timeout=900)
    assert done.returncode == 0
    after = _state(url)
    assert after[0] == before[0] and after[1]["bom"][0] == before[1]["bom"][0] + 1
    assert not list(tmp_path.glob("keyparts-import-*"))  # the killed imports' spools are gone too


def test_the_import_writes_the_store_files_of_parts_and_part_values_from_its_spool(tmp_path, monkeypatch):
    """SQLite: after `keyparts data import` of a dataset whose parts.csv is in reverse id order,
    the analysis store opens `parts` and `part_values` from the files the import wrote from its
    own chunks (reading them from the database would fail here), and those frames equal the
    database's own, row order (primary key) and column types included."""
    import keyparts.store.analysis as analysis
    from keyparts.store.analysis import AnalysisStore

    lines = TINY["parts.csv"].strip().split("\n")
    folder = write_tiny(tmp_path / "data", parts_csv="\n".join([lines[0], *reversed(lines[1:])]) + "\n")
    url = f"sqlite:///{tmp_path / 'k.db'}"
    import_path(folder, url)
    fresh = load_dataset(url)
    assert list(fresh.frames["parts"]["id"]) == sorted(fresh.frames["parts"]["id"])  # the database's order
    monkeypatch.setattr(analysis, "_stream", lambda *a: pytest.fail("read back from the database"))
    eng = make_engine(url)
    try:
        store = AnalysisStore(eng)
        for name in ("parts", "part_values"):
            got = store.frame(name)
            want = fresh.frames[name].assign(unit_price_usd=float("nan")) if name == "parts" else fresh.frames[name]
            pd.testing.assert_frame_equal(got, want, obj=name)
    finally:
        eng.dispose()
