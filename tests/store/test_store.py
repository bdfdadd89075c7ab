"""The store on SQLite and PostgreSQL: atomic import, idempotent upsert, replace, lossless round trip."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import sqlalchemy as sa

from keyparts.dataset import read_dataset, validate_and_type
from keyparts.errors import ValidationError
from keyparts.store import export_dataset, import_dataset, load_dataset, make_engine, summary
from tests.dataset.tiny import TINY, write_tiny


def _files(folder: Path) -> dict[str, str]:
    return {f.name: f.read_text(encoding="utf-8") for f in sorted(folder.iterdir())}


def _import(folder: Path, url: str, **kw) -> dict[str, int]:
    return import_dataset(validate_and_type(read_dataset(folder)), url, **kw)


def test_import_export_import_is_lossless(tmp_path, db_url):
    """import -> export -> import -> export gives identical normalized files, and the export
    keeps the values the user wrote (0.025 m stays 0.025 m; extra columns survive)."""
    extra = TINY["enterprises.csv"].replace("region\n", "region,website\n", 1).replace(
        "Liaoning\n", "Liaoning,lpb.example\n")
    src = write_tiny(tmp_path / "src", enterprises_csv=extra)
    _import(src, db_url)
    export_dataset(tmp_path / "out1", db_url)
    _import(tmp_path / "out1", db_url, replace=True)
    export_dataset(tmp_path / "out2", db_url)
    assert _files(tmp_path / "out1") == _files(tmp_path / "out2")
    out = _files(tmp_path / "out1")
    assert "P2,d,0.025,m" in out["part_values.csv"]
    assert "M1,Liaoning Precision Bearing,parts_maker,CN,Liaoning,,lpb.example" in out["enterprises.csv"]
    assert "滚动轴承" in out["categories.csv"]
    # every input row is in the export (nothing silently dropped)
    for name, text in TINY.items():
        if name.endswith(".csv"):
            assert len(out[name].splitlines()) == len(text.splitlines()), name


def test_reimport_is_idempotent_and_upserts_by_id(tmp_path, db_url):
    src = write_tiny(tmp_path / "src")
    first = _import(src, db_url)
    _import(src, db_url)
    assert summary(db_url)["rows"] == first
    changed = write_tiny(tmp_path / "v2", parts_csv=TINY["parts.csv"].replace("4.5", "5.0"))
    _import(changed, db_url)
    parts = load_dataset(db_url).frames["parts"].set_index("id")
    assert parts.loc["P1", "unit_price_usd"] == 5.0
    assert summary(db_url)["rows"]["parts"] == 3


def test_replace_removes_rows_not_in_the_new_dataset(tmp_path, db_url):
    _import(write_tiny(tmp_path / "src"), db_url)
    smaller = write_tiny(tmp_path / "small", demands_csv="id,oem_id,category_id,quantity,need_by,constraints,"
                         "required_life_h,loads\n")
    _import(smaller, db_url, replace=True)
    assert summary(db_url)["rows"]["demands"] == 0


def test_typed_values_come_back_from_the_store(tmp_path, db_url):
    _import(write_tiny(tmp_path / "src"), db_url)
    ds = load_dataset(db_url)
    bom = ds.frames["bom"].set_index(["parent_id", "child_id"])
    assert bom.loc[("X1", "A1"), "qty"] == 2.0 and bool(bom.loc[("X1", "A1"), "essential"]) is True
    assert bool(bom.loc[("A1", "BRG-DGBB"), "essential"]) is False
    pv = ds.frames["part_values"].set_index(["part_id", "parameter"])
    assert pv.loc[("P2", "C"), "value_canonical"] == pytest.approx(14.8)
    assert ds.frames["demands"]["need_by"].tolist() == ["2024-06-30"]
    assert ds.home_country == "CN"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_failed_import_leaves_sqlite_file_byte_for_byte_unchanged(tmp_path):
    db = tmp_path / "keyparts.db"
    url = f"sqlite:///{db}"
    _import(write_tiny(tmp_path / "src"), url)
    make_engine(url).dispose()
    before = {p.name: _sha(p) for p in tmp_path.glob("keyparts.db*")}
    broken = write_tiny(tmp_path / "bad", parts_csv=TINY["parts.csv"].replace("qualified", "approved"))
    with pytest.raises(ValidationError):
        _import(broken, url)
    assert {p.name: _sha(p) for p in tmp_path.glob("keyparts.db*")} == before


def test_a_failure_during_writing_rolls_everything_back(tmp_path, db_url, monkeypatch):
    """A database error in the middle of the import (after some tables are written) leaves
    the earlier content untouched: one transaction."""
    _import(write_tiny(tmp_path / "src"), db_url)
    before = summary(db_url)["rows"]
    ds = validate_and_type(read_dataset(write_tiny(tmp_path / "v2")))
    ds.frames["countries"].loc[0, "name"] = "Changed"
    import keyparts.store.repository as repo

    real = repo._upsert

    def failing(conn, table, *args):
        if table.name == "trade":  # a later table: countries .. sourcing are written by now
            conn.execute(sa.text("SELECT * FROM no_such_table"))
        real(conn, table, *args)

    monkeypatch.setattr(repo, "_upsert", failing)
    with pytest.raises(sa.exc.DBAPIError):
        import_dataset(ds, db_url, replace=True)
    after = load_dataset(db_url)
    assert summary(db_url)["rows"] == before
    assert "Changed" not in after.frames["countries"]["name"].tolist()
