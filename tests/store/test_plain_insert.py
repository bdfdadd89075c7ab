"""SQLite: the streaming import writes a table that is empty (or emptied by --replace) with a
plain INSERT instead of the upsert; a table that holds rows is still upserted, and a repeated
key fails the whole transaction instead of being dropped."""

from __future__ import annotations

import re
import pandas as pd
import pytest
import sqlalchemy as sa

from keyparts.dataset.spool import DiskSpool
from keyparts.store import make_engine, upgrade
from keyparts.store.importer import import_path
from keyparts.store.repository import write_spool
from tests.dataset.tiny import TINY, write_tiny


def _sql(url: str, seen: list[str]):
    eng = make_engine(url)
    # the import copies bom from its scratch database (INSERT INTO main."bom" ... SELECT)
    into_bom = re.compile(r'^INSERT INTO (main\.)?"?bom"? ')
    sa.event.listen(eng, "before_cursor_execute",
                    lambda conn, cur, statement, *a: seen.append(statement) if into_bom.match(statement) else None)
    return eng


def test_empty_table_plain_insert_then_upsert(tmp_path):
    """First import into a new database: bom (3 rows in tiny.py) by plain INSERT; a second
    import of a changed bom (X1 -> A1 qty 2 -> 5) upserts: still 3 rows, the qty replaced."""
    url = f"sqlite:///{tmp_path / 'k.db'}"
    seen: list[str] = []
    eng = _sql(url, seen)
    upgrade(eng)
    import_path(write_tiny(tmp_path / "v1"), engine=eng)
    assert seen and all("ON CONFLICT" not in s for s in seen)
    seen.clear()
    import_path(write_tiny(tmp_path / "v2", bom_csv=TINY["bom.csv"].replace("X1,A1,2,", "X1,A1,5,")), engine=eng)
    assert seen and all("ON CONFLICT" in s for s in seen)
    with eng.connect() as conn:
        rows = conn.exec_driver_sql("SELECT parent_id, child_id, qty FROM bom ORDER BY 1, 2").all()
    assert rows == [("A1", "BRG-DGBB", 2.0), ("A1", "P1", 4.0), ("X1", "A1", 5.0)]
    eng.dispose()


def test_a_repeated_key_fails_the_whole_load(tmp_path):
    """A spool with the same (parent_id, child_id) twice (which the streaming check reports
    as an error, so only a bypass of it gets here) fails on SQLite's key: nothing is written,
    not even the tables loaded before."""
    url = f"sqlite:///{tmp_path / 'k.db'}"
    eng = make_engine(url)
    upgrade(eng)
    (tmp_path / "spool").mkdir()
    spool = DiskSpool(tmp_path / "spool")
    spool.append("countries", pd.DataFrame({"code": ["CN"], "name": ["China"], "risk": [3.2], "export_control": [1.0]}))
    spool.append("bom", pd.DataFrame({"parent_id": ["X1", "X1"], "child_id": ["A1", "A1"], "qty": [2.0, 3.0],
                                      "essential": [True, True]}))
    spool.finish()
    with pytest.raises(sa.exc.IntegrityError):
        write_spool(spool, {}, "test", engine=eng)
    with eng.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM countries").scalar() == 0
        assert conn.exec_driver_sql("SELECT count(*) FROM bom").scalar() == 0
    eng.dispose()
