"""Write a validated dataset into the store in one transaction, and read it back.

``import_dataset`` upserts by primary key (re-importing the same dataset changes nothing)
or, with ``replace=True``, replaces every dataset table's content. Either way it is one
transaction: on any failure nothing is written, and visibility entries of rows that vanished
or changed owner are removed with them. ``load_dataset`` returns the typed frames
the engines work on; ``export_dataset`` writes them back as a normalized CSV folder.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from keyparts.dataset.io import write_dataset
from keyparts.dataset.model import Dataset
from keyparts.dataset.schema import DERIVED_COLUMNS, IMPORT_ORDER, TABLE_BY_NAME
from keyparts.store.accounts import drop_stale_visibility
from keyparts.store.db import make_engine, upgrade
from keyparts.store.tables import TABLE, dataset_meta, import_log
from keyparts.store.versions import bump

Progress = Callable[[str, int, int], None]  # (table, rows done, rows total)
CHUNK = 50_000


def _rows(name: str, df: pd.DataFrame, dialect: str) -> tuple[list[str], list[tuple]]:
    """Column names and rows as tuples for executemany: schema columns, derived columns and
    the ``extra`` JSON of the user's additional columns. Missing values become None."""
    spec = TABLE_BY_NAME[name]
    cols = spec.column_names + list(DERIVED_COLUMNS.get(name, ()))
    data: list[list] = []
    for c in cols:
        s = df[c] if c in df.columns else pd.Series([None] * len(df), index=df.index, dtype=object)
        kind = spec.column(c).kind if c in spec.column_names else "float"
        if kind == "date" and dialect != "sqlite":
            s = pd.to_datetime(s, format="%Y-%m-%d").dt.date
        data.append(s.astype(object).where(s.notna(), None).tolist())
    extra_cols = [c for c in df.columns if c not in cols]
    if extra_cols:
        data.append([json.dumps(d, ensure_ascii=False) if d else None for d in
                     ({k: v for k, v in zip(extra_cols, row) if v is not None and v == v}
                      for row in df[extra_cols].itertuples(index=False))])
    else:
        data.append([None] * len(df))
    return cols + ["extra"], list(zip(*data))


@contextmanager
def _engine(url: str | None, engine: Engine | None) -> Iterator[Engine]:
    """The given engine, or a new one for ``url`` that is disposed afterwards (so that SQLite
    checkpoints and closes its WAL now, not whenever the garbage collector runs)."""
    if engine is not None:
        yield engine
        return
    engine = make_engine(url)
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()


def _upsert(conn: Connection, table: sa.Table, columns: list[str], rows: list[tuple]) -> None:
    """INSERT ... ON CONFLICT (key) DO UPDATE for many rows in one executemany (SQLite and
    PostgreSQL share the syntax); the driver-level call keeps 1M rows in seconds."""
    q = conn.dialect.identifier_preparer.quote
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    pk = [c.name for c in table.primary_key.columns]
    update = [c for c in columns if c not in pk]
    sql = (f"INSERT INTO {q(table.name)} ({', '.join(map(q, columns))}) "
           f"VALUES ({', '.join([mark] * len(columns))}) ON CONFLICT ({', '.join(map(q, pk))}) ")
    sql += ("DO UPDATE SET " + ", ".join(f"{q(c)} = excluded.{q(c)}" for c in update)) if update else "DO NOTHING"
    conn.exec_driver_sql(sql, rows)


def import_dataset(ds: Dataset, url: str | None = None, *, replace: bool = False,
                   progress: Progress | None = None, engine: Engine | None = None) -> dict[str, int]:
    """Write the typed dataset ``ds`` (from ``validate_and_type``); returns rows per table.

    One transaction: upsert by primary key, or replace all content with ``replace=True``;
    the data version of every table written is bumped in it (:mod:`keyparts.store.versions`).
    """
    counts: dict[str, int] = {}
    with _engine(url, engine) as eng, eng.begin() as conn:
        if replace:
            for name in reversed(IMPORT_ORDER):
                conn.execute(TABLE[name].delete())
            conn.execute(dataset_meta.delete())
        for name in IMPORT_ORDER:
            if name not in ds.frames:
                continue
            columns, rows = _rows(name, ds.frames[name], conn.dialect.name)
            for start in range(0, len(rows), CHUNK):
                _upsert(conn, TABLE[name], columns, rows[start:start + CHUNK])
                if progress:
                    progress(name, min(start + CHUNK, len(rows)), len(rows))
            counts[name] = len(rows)
        drop_stale_visibility(conn)  # an id that changed hands or vanished starts private
        meta_rows = [(k, json.dumps(v, ensure_ascii=False)) for k, v in ds.meta.items()]
        if meta_rows:
            _upsert(conn, dataset_meta, ["key", "value"], meta_rows)
        conn.execute(import_log.insert().values(
            at=dt.datetime.now(dt.UTC), source=ds.source or "", dataset_name=str(ds.meta.get("name", "")),
            rows=sum(counts.values()), replaced=replace))
        written = IMPORT_ORDER if replace else tuple(counts)
        bump(conn, *written, "meta", *(("prices",) if "parts" in written else ()))
    return counts


def read_frame(conn: Connection, name: str) -> pd.DataFrame:
    """One stored table as the typed frame the engines take (rows in primary-key order)."""
    table = TABLE[name]
    df = typed(pd.read_sql_query(sa.select(table).order_by(*table.primary_key.columns), conn), name)
    extra = df.pop("extra")
    if extra.notna().any():
        ex = pd.DataFrame([json.loads(e) if isinstance(e, str) else {} for e in extra], index=df.index)
        df = pd.concat([df, ex.astype(object).where(ex.notna(), None)], axis=1)
    return df


def typed(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Rows of table ``name`` as read by SQL, typed as the engines take them (dates as ISO
    text, ints as Int64, text as objects with None); row by row, so a table read in chunks
    is typed as if read whole. The ``extra`` JSON column is left as it is."""
    spec = TABLE_BY_NAME[name]
    for c in spec.columns:
        if c.kind == "date":
            df[c.name] = df[c.name].map(lambda d: d.isoformat() if isinstance(d, dt.date) else None)
        elif c.kind == "float":
            df[c.name] = df[c.name].astype(float)
        elif c.kind == "int":
            df[c.name] = df[c.name].astype("Int64")
        elif c.kind == "bool":
            df[c.name] = df[c.name].astype(bool)
        else:
            df[c.name] = df[c.name].astype(object).where(df[c.name].notna(), None)
    return df


def read_meta(conn: Connection) -> dict:
    """The stored dataset.toml (``country`` defaults to CN)."""
    meta = {r.key: json.loads(r.value) for r in conn.execute(sa.select(dataset_meta))}
    meta.setdefault("country", "CN")
    return meta


def load_dataset(url: str | None = None, *, engine: Engine | None = None) -> Dataset:
    """The stored dataset with typed frames (the shapes the engines take), read from the
    database itself (the analysis store, :mod:`keyparts.store.analysis`, serves the same
    frames from files)."""
    with _engine(url, engine) as eng, eng.connect() as conn:
        meta = read_meta(conn)
        frames = {name: read_frame(conn, name) for name in IMPORT_ORDER}
    return Dataset(meta=meta, frames=frames, source=eng.url.render_as_string(hide_password=True))


def load_frames(url: str | None = None) -> dict[str, pd.DataFrame]:
    """Shortcut: the typed frames of :func:`load_dataset`."""
    return load_dataset(url).frames


def export_dataset(folder: str | Path, url: str | None = None) -> list[Path]:
    """Write the stored dataset as a normalized CSV folder; returns the files written."""
    return write_dataset(load_dataset(url), folder)


def summary(url: str | None = None, *, engine: Engine | None = None) -> dict:
    """Row counts per table, the dataset's metadata and the last import."""
    with _engine(url, engine) as eng, eng.connect() as conn:
        counts = {name: conn.execute(sa.select(sa.func.count()).select_from(TABLE[name])).scalar_one()
                  for name in IMPORT_ORDER}
        meta = {r.key: json.loads(r.value) for r in conn.execute(sa.select(dataset_meta))}
        last = conn.execute(sa.select(import_log).order_by(import_log.c.id.desc()).limit(1)).first()
    return {"database": eng.url.render_as_string(hide_password=True), "dataset": meta, "rows": counts,
            "last_import": None if last is None else {"at": last.at.isoformat(), "source": last.source,
                                                      "rows": last.rows, "replaced": last.replaced}}


__all__ = ["import_dataset", "load_dataset", "read_frame", "read_meta", "load_frames", "export_dataset", "summary"]
