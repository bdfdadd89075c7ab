"""Import a dataset from its files in bounded memory: validate chunk by chunk, then load.

Phases: each file is read and checked chunk by chunk (:mod:`keyparts.dataset.stream`), its
typed chunks spooled to a temporary folder (:class:`keyparts.dataset.spool.DiskSpool`); the
whole-table checks run on the key columns; only when no error was found is the spool written
into the database in one transaction (:func:`keyparts.store.repository.write_spool`: SQLite
executemany in chunks, PostgreSQL ``COPY``). A failure or a kill at any point leaves the
database as it was. Memory: one chunk of each phase plus the key columns of the largest
table, whatever the number of rows.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from keyparts.dataset.chunks import CHUNK_ROWS, open_source
from keyparts.dataset.spool import DiskSpool
from keyparts.dataset.stream import Progress, check
from keyparts.errors import Problem, ValidationError
from keyparts.store.repository import write_spool

SPOOL_ENV = "KEYPARTS_SPOOL_DIR"  # where the typed chunks wait (default: the system's temporary folder)


@dataclass(frozen=True)
class Imported:
    """Rows written per table and the warnings of validation."""

    rows: dict[str, int]
    warnings: list[Problem] = field(default_factory=list)
    read_as: dict[str, str] = field(default_factory=dict)  # files not read as UTF-8 with commas


def import_path(path: str | Path, url: str | None = None, *, replace: bool = False,
                progress: Progress | None = None, chunk_rows: int = CHUNK_ROWS,
                engine: Engine | None = None) -> Imported:
    """Validate the dataset at ``path`` (folder of CSV files or .xlsx) in chunks of
    ``chunk_rows`` rows, then write it in one transaction; raises :class:`ValidationError`
    listing every problem (and writes nothing) when one is an error. ``progress(what, done,
    total)`` is called per chunk: ``check <file>`` (bytes read of the file, or rows) and
    ``load <table>`` (rows written)."""
    source = open_source(path, chunk_rows)
    where = os.environ.get(SPOOL_ENV) or tempfile.gettempdir()
    _drop_orphans(Path(where))
    with tempfile.TemporaryDirectory(prefix=f"keyparts-import-{os.getpid()}-", dir=where) as tmp:
        spool = DiskSpool(tmp)
        try:
            problems = check(source, sink=spool.append, progress=progress)
        finally:
            spool.finish()
        if any(p.severity == "error" for p in problems):
            raise ValidationError(problems)
        meta = dict(source.meta)
        meta.setdefault("country", "CN")

        def tick(table: str, done: int, total: int) -> None:
            if progress:
                progress(f"load {table}", done, total)
        rows = write_spool(spool, meta, source.source, url, replace=replace, progress=tick, engine=engine)
    _give_back_memory()
    return Imported(rows=rows, warnings=[p for p in problems if p.severity != "error"], read_as=dict(source.read_as))


def _give_back_memory() -> None:
    """Return the checks' freed heap to the system (glibc keeps it otherwise: at 100 000 firms
    the process stayed at about 950 MB after the load, under what the search indexes then
    add). ``malloc_trim`` is glibc's; elsewhere this does nothing."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _drop_orphans(folder: Path) -> None:
    """Delete the spools of imports that were killed (their process is gone)."""
    for d in folder.glob("keyparts-import-*-*"):
        try:
            os.kill(int(d.name.split("-")[2]), 0)
        except ProcessLookupError:
            shutil.rmtree(d, ignore_errors=True)
        except (ValueError, IndexError, PermissionError, OSError):
            continue


__all__ = ["import_path", "Imported"]
