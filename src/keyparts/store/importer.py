"""Import a dataset from its files in bounded memory: validate chunk by chunk, then load.

Each file is read and checked chunk by chunk (:mod:`keyparts.dataset.stream`) and its typed
chunks spooled to a temporary folder (:class:`keyparts.dataset.spool.DiskSpool`); the
whole-table checks run on the key columns. The load is one transaction, committed only when
no check found an error:

- SQLite: the chunks are staged into a scratch database on another core while the checks
  run (:class:`~keyparts.store.repository.Stager`), then copied by ``INSERT ... SELECT``
  (:func:`~keyparts.store.repository.write_spool`); the analysis store's ``parts`` and
  ``part_values`` files are then written from the spool (:func:`~keyparts.store.analysis.seed_files`);
- PostgreSQL: ``COPY`` runs while the checks run (:class:`LiveSpool`), and an error found by
  the checks rolls the transaction back.

A failure or a kill at any point leaves the database as it was. Memory: one chunk of each
phase plus the key columns of the largest table, whatever the number of rows.
"""

from __future__ import annotations

import os
import queue
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine, make_url

from keyparts.dataset.chunks import CHUNK_ROWS, open_source
from keyparts.dataset.schema import IMPORT_ORDER
from keyparts.dataset.spool import DiskSpool
from keyparts.dataset.stream import Progress, check
from keyparts.errors import Problem, ValidationError
from keyparts.store.db import database_url
from keyparts.store.analysis import current_versions, seed_files
from keyparts.store.repository import Stager, _engine, write_spool

SEEDED = ("parts", "part_values")  # the analysis store's files written from the spool (the search index reads them)
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
    meta = dict(source.meta)
    meta.setdefault("country", "CN")

    def tick(table: str, done: int, total: int) -> None:
        if progress:
            progress(f"load {table}", done, total)
    with tempfile.TemporaryDirectory(prefix=f"keyparts-import-{os.getpid()}-", dir=where) as tmp:
        backend = engine.dialect.name if engine is not None else make_url(database_url(url)).get_backend_name()
        spool = DiskSpool(tmp, keep=backend != "postgresql")  # PostgreSQL loads the chunks as they come
        if backend == "postgresql":
            problems, rows = _live(source, spool, meta, url, replace, progress, tick, engine)
        else:
            # SQLite: the chunks are staged into a scratch database on another core as they come,
            # then copied in one transaction once every check has passed
            stager = Stager(Path(tmp) / "load.sqlite") if backend == "sqlite" else None

            def sink(name: str, df) -> None:
                table = spool.append(name, df)
                if stager is not None:
                    stager.put(name, table)
            try:
                problems = check(source, sink=sink, progress=progress)
            finally:
                spool.finish()
                staged = stager.finish() if stager is not None else None
            if any(p.severity == "error" for p in problems):
                raise ValidationError(problems)
            whole: set[str] = set()
            versions: dict = {}
            rows = write_spool(spool, meta, source.source, url, replace=replace, progress=tick, engine=engine,
                               staged=staged, whole=whole,
                               before_commit=lambda conn, _counts: versions.update(current_versions(conn)))
            if backend == "sqlite":  # the analysis store's large files from the spool, not read back
                _give_back_memory()  # the checks' arrays, before the spool's tables are read
                with _engine(url, engine) as eng:
                    seed_files(eng, versions, {n: (lambda n=n: spool.batches(n)) for n in SEEDED if n in whole})
    _give_back_memory()
    return Imported(rows=rows, warnings=[p for p in problems if p.severity != "error"], read_as=dict(source.read_as))


class _Cancelled(Exception):
    """The checks found an error: the live load's transaction is rolled back."""


class LiveSpool:
    """PostgreSQL: the typed chunks handed to the import's transaction as the checks produce
    them (a bounded queue), so that ``COPY`` and the server's work (parsing, indexes, foreign
    keys) run on the other core while the checks go on. The transaction commits only once
    every check has passed; an error found by the checks (or a kill) rolls it back, so the
    database is unchanged as before. Tables come in the order the checks read them, which is
    the order :func:`~keyparts.store.repository.write_spool` writes them in."""

    def __init__(self, names: list[str]):
        self.names = names
        self.rows: dict[str, int] = {}  # unknown ahead: the load shows rows written only
        self._queue: queue.Queue = queue.Queue(maxsize=4)
        self._pending: tuple | None = None
        self._ended = False
        self._cancelled = False

    def put(self, name: str, table) -> None:
        self._queue.put((name, table))

    def close(self, *, cancel: bool) -> None:
        """No more chunks; ``cancel``: the writer rolls back at its next chunk."""
        self._cancelled = cancel
        self._queue.put(None)

    def drain(self) -> None:
        """The writer failed: take what the checks still hand over, so they never wait."""
        while not self._ended:
            self._ended = self._queue.get() is None

    def batches(self, name: str):
        """The record batches of table ``name``, as they come."""
        while not self._ended:
            item, self._pending = self._pending or self._queue.get(), None
            if item is None:
                self._ended = True
            elif item[0] != name:  # the next table's first chunk: this one is complete
                self._pending = item
                return
            else:
                yield from item[1].to_batches()
        if self._cancelled:
            raise _Cancelled()


def _live(source, spool: DiskSpool, meta: dict, url: str | None, replace: bool, progress: Progress | None,
          tick, engine: Engine | None) -> tuple[list[Problem], dict[str, int]]:
    """Check and load at once (PostgreSQL, see :class:`LiveSpool`): (problems, rows)."""
    live = LiveSpool([n for n in IMPORT_ORDER if n in source.openers])
    out: dict = {}

    def writer() -> None:
        try:
            out["rows"] = write_spool(live, meta, source.source, url, replace=replace, progress=tick, engine=engine)
        except BaseException as exc:  # noqa: BLE001 - raised by the caller once the checks end
            out["error"] = exc
            live.drain()
    thread = threading.Thread(target=writer, name="keyparts-load", daemon=True)
    thread.start()

    def sink(name: str, df) -> None:
        live.put(name, spool.append(name, df))
    try:
        problems = check(source, sink=sink, progress=progress)
    except BaseException:
        live.close(cancel=True)
        thread.join()
        raise
    finally:
        spool.finish()
    failed = any(p.severity == "error" for p in problems)
    live.close(cancel=failed)
    thread.join()
    if failed:
        raise ValidationError(problems)
    if "error" in out:
        raise out["error"]
    return problems, out["rows"]


def _give_back_memory() -> None:
    """Return the checks' freed heap to the system (glibc and Arrow's allocator keep it
    otherwise: at 100 000 firms the process stayed at about 950 MB after the load, under what
    the search indexes then add). ``malloc_trim`` is glibc's; elsewhere it is skipped."""
    import ctypes
    import gc

    import pyarrow as pa

    gc.collect()
    pa.default_memory_pool().release_unused()  # Arrow's own allocator keeps freed blocks too
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
