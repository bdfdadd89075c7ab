"""The analysis store: what the engines read, as Arrow files tagged with the data version.

Each table the engines read is kept as one Arrow IPC file ``<table>-<token>.arrow`` in the
store folder, ``token`` being that table's data version (:mod:`keyparts.store.versions`)
combined with the schema revision and :data:`STORE_FORMAT`;
the parametric search index is kept beside them as ``index-<variant>-<tag>.arrow`` (its
per-part arrays as columns, enum/text parameters as Arrow dictionary columns, the small
lookups in the schema metadata). A process reads the versions (one query), opens the files
of the current versions memory-mapped, and reads a table from the database (then writes its
file) only when its version has no file yet. So a new process does not rebuild anything that
has not changed, and a write to owned rows (a demand, a price, a visibility) rewrites only
that table's file, never the catalogue or the index.

The catalogue's ``parts`` file has ``unit_price_usd`` blank: prices are owned values, kept
as their own small table ``prices`` (part id -> USD) and put back only into the views that
may show them (:meth:`AnalysisStore.dataset`, the ``"full"`` index).

Where: ``$KEYPARTS_STORE_DIR/<database hash>`` when set; else beside a SQLite file
(``keyparts.db`` -> ``keyparts.db.store/``); else (PostgreSQL) ``$XDG_CACHE_HOME/keyparts/store/
<database hash>``. An in-memory SQLite database keeps the store in memory only.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import pickle
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from keyparts.dataset.model import Dataset
from keyparts.dataset.schema import IMPORT_ORDER
from keyparts.dataset.schema import DERIVED_COLUMNS, TABLE_BY_NAME
from keyparts.store.repository import _shared_text, read_frame, read_meta, typed
from keyparts.store.tables import TABLE
from keyparts.store.versions import Versions, read_versions, tag

CATALOG = ("countries", "categories", "parameters", "enterprises", "parts", "part_values", "products",
           "projects")
INDEX_TABLES = ("categories", "parameters", "enterprises", "parts", "part_values")
ALL = (*IMPORT_ORDER, "prices", "meta")
LEAN = ("bom", "sourcing")  # the national tables of ids: given to the supply model with Arrow strings
# what the supply model and the assessment read (every table they read is among these, see
# tests/store/test_analysis_store.py): the persisted model is tagged with their versions
MODEL_TABLES = (*CATALOG, "bom", "sourcing", "trade", "production", "qualification_cases", "prices", "meta")
STORE_ENV = "KEYPARTS_STORE_DIR"
STORE_FORMAT = "2"  # 2: the index gains maker_name, category_names. Change when the files' layout or typing changes: older files are then not used
# time.monotonic() at which the current request began (a server sets it per request): data
# versions read before it are not trusted, so a request sees every write committed before it began
NOT_BEFORE: ContextVar[float] = ContextVar("keyparts_not_before", default=float("-inf"))


def store_folder(engine: Engine) -> Path | None:
    """The folder of ``engine``'s analysis store (None: keep it in memory only)."""
    url = engine.url
    key = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    if os.environ.get(STORE_ENV):
        return Path(os.environ[STORE_ENV]) / key
    if url.get_backend_name() == "sqlite":
        db = url.database
        return None if not db or db == ":memory:" or db.startswith("file::memory:") else Path(db + ".store")
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "keyparts" / "store" / key


# ---------------------------------------------------------------- files
def _write(path: Path, table: pa.Table) -> None:
    """Write an Arrow IPC file atomically (a reader never sees half a file), then delete the
    files of older versions of the same name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, table.schema) as w:
        w.write_table(table)
    os.replace(tmp, path)
    _drop_older(path)


def _open(path: Path) -> pa.Table | None:
    """The Arrow table in ``path``, memory-mapped (None when there is no such file, or it
    cannot be read: it is then rebuilt from the database)."""
    try:
        return pa.ipc.open_file(pa.memory_map(str(path))).read_all()
    except (OSError, pa.ArrowException):
        return None


STREAM_ROWS = 200_000  # rows per chunk when a table is copied from the database into its file
_ARROW = {"float": pa.float64(), "int": pa.int64(), "bool": pa.bool_()}  # else text: string


def _stream(conn, name: str, path: Path) -> bool:
    """Copy table ``name`` from the database into the Arrow file ``path`` chunk by chunk (in
    bounded memory), typed as :func:`~keyparts.store.repository.read_frame` types it (derived
    columns, e.g. ``part_values.value_canonical``, as float after the schema's columns). False
    (nothing written) when the table is empty or has the user's extra columns (the type or set
    of those is known only once every row is read: such a table is read whole)."""
    table = TABLE[name]
    if conn.execute(sa.select(sa.literal(1)).select_from(table).where(table.c.extra.is_not(None)).limit(1)).first():
        return False
    schema = _file_schema(name)
    query = sa.select(*(table.c[c] for c in schema.names)).order_by(*table.primary_key.columns)

    def chunks() -> Iterator[pa.Table]:
        for chunk in pd.read_sql_query(query, conn.execution_options(stream_results=True), chunksize=STREAM_ROWS):
            chunk["extra"] = None
            yield pa.Table.from_pandas(_typed(chunk, name), schema=schema, preserve_index=False)
    return _write_chunks(path, chunks())


def _typed(chunk: pd.DataFrame, name: str) -> pd.DataFrame:
    """Rows of ``name`` as the driver gives them (with ``extra``), typed as the files keep them."""
    df = typed(chunk, name).drop(columns="extra")
    if name == "parts":
        df["unit_price_usd"] = np.nan  # prices are kept apart (see the module doc)
    return df


def _file_schema(name: str) -> pa.Schema:
    """The Arrow schema of table ``name``'s file: the schema's columns and the derived ones,
    with the pandas metadata of the frame :func:`_typed` makes of a row (so that
    :func:`to_frame` gives back the types :func:`read_frame` gives)."""
    spec = TABLE_BY_NAME[name]
    derived = list(DERIVED_COLUMNS.get(name, ()))
    row = {c.name: [_dt.date(2000, 1, 1) if c.kind == "date" else {"float": 1.0, "int": 1, "bool": True}.get(c.kind, "x")]
           for c in spec.columns} | {c: [1.0] for c in derived} | {"extra": [None]}
    meta = pa.Schema.from_pandas(_typed(pd.DataFrame(row), name), preserve_index=False).metadata
    return pa.schema([pa.field(c.name, _ARROW.get(c.kind, pa.string())) for c in spec.columns]
                     + [pa.field(c, pa.float64()) for c in derived], metadata=meta)


def _write_chunks(path: Path, chunks: Iterable[pa.Table]) -> bool:
    """Write the chunks as one Arrow IPC file at ``path`` (atomically: a reader never sees half
    a file; the files of older versions are then deleted). False when there was no chunk."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    writer = sink = None
    try:
        for t in chunks:
            if writer is None:
                path.parent.mkdir(parents=True, exist_ok=True)
                sink = pa.OSFile(str(tmp), "wb")
                writer = pa.ipc.new_file(sink, t.schema)
            writer.write_table(t)
        if writer is None:
            return False
        writer.close()
        sink.close()
        os.replace(tmp, path)
    finally:
        if sink is not None and not sink.closed:
            sink.close()
        tmp.unlink(missing_ok=True)
    _drop_older(path)
    return True


def seed_files(engine: Engine, versions: Versions, tables: dict[str, Callable[[], Iterable[pa.RecordBatch]]]) -> None:
    """Write the files of ``tables`` at ``versions`` from the import's own typed chunks (the
    spool), instead of reading them back from the database: SQLite only, for tables the import
    wrote whole (their content is then exactly the spool's). Each is put in primary-key order
    (SQLite orders text by its bytes, as Arrow's sort does); a table with the user's extra
    columns is left to :func:`_stream`. At 100 000 firms this replaces reading ``parts`` and
    ``part_values`` back (about 30 s) with a sort of the spool."""
    folder = store_folder(engine)
    if folder is None or engine.dialect.name != "sqlite":
        return
    for name, batches in tables.items():
        token = versions.get(name)
        schema = _file_schema(name)
        try:
            t = pa.Table.from_batches(list(batches()))
        except (OSError, pa.ArrowException):
            continue
        if token is None or set(t.column_names) - set(schema.names) or not t.num_rows:
            continue
        pk = [c.name for c in TABLE[name].primary_key.columns]
        order = pc.sort_indices(t, sort_keys=[(c, "ascending") for c in pk])
        if not pc.all(pc.equal(order, pa.array(np.arange(len(t)), pa.uint64()))).as_py():
            t = t.take(order)
        del order
        cols = [t.column(f.name).cast(f.type) if f.name in t.column_names else pa.nulls(len(t), f.type) for f in schema]
        if name == "parts":
            cols[schema.get_field_index("unit_price_usd")] = pa.nulls(len(t), pa.float64())
        del t
        try:
            _write_chunks(folder / f"{name}-{token}.arrow", [pa.table(cols, schema=schema)])
        except (OSError, pa.ArrowException):
            continue


def _drop_older(path: Path) -> None:
    """Delete the files of older versions of ``path``'s table."""
    stem = path.name.rsplit("-", 1)[0]
    for old in path.parent.glob(f"{stem}-*.arrow"):
        if old != path and old.name.rsplit("-", 1)[0] == stem:
            old.unlink(missing_ok=True)


def index_to_arrow(ix: Any) -> pa.Table:
    """A :class:`~keyparts.match.index.PartIndex` as one Arrow table (see the module doc)."""
    cols: dict[str, pa.Array] = {"part_id": pa.array(ix.part_id, pa.string()),
                                 "category_code": pa.array(ix.category_code, pa.int32())}
    for k, v in ix.numeric.items():
        cols[f"n:{k}"] = pa.array(v, pa.float64())
    for k, tc in ix.text.items():
        codes = np.asarray(tc.codes, np.int32)
        cols[f"t:{k}"] = pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32(), mask=codes < 0),
                                                        pa.array(tc.labels, pa.string()))
    for k, (_edges, codes) in ix.buckets.items():
        cols[f"b:{k}"] = pa.array(codes, pa.int16())
    meta = {"category_ids": [str(c) for c in ix.category_ids],
            "subtree": {c: np.flatnonzero(lut).tolist() for c, lut in ix.subtree.items()},
            "visible": {c: list(v) for c, v in ix.visible.items()}, "units": dict(ix.units),
            "kinds": dict(ix.kinds), "edges": {k: e.tolist() for k, (e, _c) in ix.buckets.items()},
            "numeric": list(ix.numeric), "text": list(ix.text)}
    return pa.table(cols).replace_schema_metadata({"keyparts": json.dumps(meta)})


def index_from_arrow(t: pa.Table) -> Any:
    """The :class:`~keyparts.match.index.PartIndex` of :func:`index_to_arrow`; numeric and
    bucket columns stay zero-copy views of the (memory-mapped) file, so only the pages a
    query touches are read."""
    from keyparts.match.index import PartIndex, TextColumn

    meta = json.loads(t.schema.metadata[b"keyparts"])

    def col(name: str) -> pa.Array:
        c = t.column(name)
        return c.chunk(0) if c.num_chunks == 1 else c.combine_chunks()  # combine_chunks copies

    part_id = col("part_id").to_numpy(zero_copy_only=False)
    n_lut = len(meta["category_ids"]) + 1
    subtree = {}
    for c, idx in meta["subtree"].items():
        lut = np.zeros(n_lut, bool)
        lut[idx] = True
        subtree[c] = lut
    text = {}
    for k in meta["text"]:
        a = col(f"t:{k}")
        text[k] = TextColumn(pc.fill_null(a.indices, -1).to_numpy().astype(np.int32),
                             a.dictionary.to_numpy(zero_copy_only=False))
    return PartIndex(
        part_id=part_id, category_code=col("category_code").to_numpy(),
        category_ids=np.array(meta["category_ids"], dtype=object), subtree=subtree,
        visible={c: tuple(v) for c, v in meta["visible"].items()},
        numeric={k: col(f"n:{k}").to_numpy() for k in meta["numeric"]}, units=meta["units"], text=text,
        kinds=meta["kinds"],
        buckets={k: (np.array(e, float), col(f"b:{k}").to_numpy()) for k, e in meta["edges"].items()})


# ---------------------------------------------------------------- the store
class AnalysisStore:
    """The frames and the search index of one database, current with its data version.

    ``refresh_s``: how long a read of the versions is trusted (0 = read them on every call);
    :meth:`bump` forgets it at once (call it after a write made by this process), and a read
    made before :data:`NOT_BEFORE` is never trusted (a server sets it when a request begins).

    Thread-safe, and built so that a cheap caller is never held up by a long build: the
    versions, the frames and each derived item have their own locks, an item that is current
    is returned without taking any build lock, and :meth:`ready` says (without blocking on a
    build) whether an item is current, so that a server can run a rebuild off its event loop.
    """

    def __init__(self, engine: Engine, *, folder: Path | None | str = "auto", refresh_s: float = 0.5):
        self.engine = engine
        self.folder = store_folder(engine) if folder == "auto" else (Path(folder) if folder else None)
        self.refresh_s = refresh_s
        self._vlock = threading.Lock()  # the versions read
        self._ilock = threading.Lock()  # creation of the per-frame and per-item locks
        self._locks: dict[str, threading.RLock] = {}
        self._versions: Versions = {}
        self._read_at: float | None = None  # when the last read of the versions began
        self._frames: dict[str, tuple[str | None, Any]] = {}
        self._items: dict[str, tuple[str | None, Any, tuple[str, ...] | None]] = {}

    # ------------------------------------------------------------ versions
    def bump(self) -> None:
        """Read the data version again on the next call (after a write by this process)."""
        with self._vlock:
            self._read_at = None

    def versions(self) -> Versions:
        """The tokens per name, read from the database at most every ``refresh_s`` seconds, and
        again when the last read began before :data:`NOT_BEFORE` (one small query)."""
        with self._vlock:
            t = time.monotonic()
            if self._read_at is None or t - self._read_at >= self.refresh_s or self._read_at < NOT_BEFORE.get():
                with self.engine.connect() as conn:
                    self._versions = current_versions(conn)
                self._read_at = t
            return self._versions

    # ------------------------------------------------------------ frames
    def _file(self, name: str, token: str | None) -> Path | None:
        return None if self.folder is None or token is None else self.folder / f"{name}-{token}.arrow"

    def _load(self, names: list[str]) -> None:
        """Frames of ``names`` at the current versions: from their files, else from the
        database (then written to their files). A table read from the database is kept only if
        its token did not change during the read (so a file never carries another version)."""
        for _attempt in range(5):
            v = self.versions()
            todo = [n for n in names if self._frames.get(n, (None,))[0] != v.get(n) or v.get(n) is None]
            from_db = []
            for n in todo:
                path = self._file(n, v.get(n))
                t = _open(path) if path is not None else None
                if t is None and path is not None and n in IMPORT_ORDER:
                    t = self._copied(n, path, v)
                if t is not None:
                    self._frames[n] = (v[n], read_meta_frame(t) if n == "meta" else to_frame(t))
                else:
                    from_db.append(n)
            if not from_db:
                return
            with self.engine.connect() as conn:
                got = {n: _read(conn, n) for n in from_db}
                after = current_versions(conn)
            if all(after.get(n) == v.get(n) for n in from_db):
                for n, df in got.items():
                    self._frames[n] = (v.get(n), df)
                    path = self._file(n, v.get(n))
                    if path is not None:
                        try:
                            _write(path, meta_table(df) if n == "meta" else pa.Table.from_pandas(df, preserve_index=False))
                        except (OSError, pa.ArrowException):
                            pass  # the store folder is optional: keep the frame in memory
                return
            self.bump()  # a write landed during the read: read the versions again
        for n, df in got.items():  # still changing after 5 reads: use the last read, unversioned
            self._frames[n] = (None, df)

    def _held(self, key: str) -> threading.RLock:
        """The lock of the frame or item ``key``: a reader of one table never waits for the
        load of another (a write's ``demands`` is not held up by the national ``bom``)."""
        with self._ilock:
            return self._locks.setdefault(key, threading.RLock())

    def _loaded(self, names: list[str]) -> dict[str, Any]:
        """The frames of ``names`` at one set of versions: each loaded under its own lock, and
        loaded again if a write changed one of them meanwhile (5 tries, then as they are)."""
        for _attempt in range(5):
            got = {}
            for n in names:
                with self._held(f"frame:{n}"):
                    self._load([n])
                    got[n] = self._frames[n]
            v = self.versions()
            if all(token == v.get(n) for n, (token, _) in got.items()):
                break
        return {n: df for n, (_, df) in got.items()}

    def _copied(self, name: str, path: Path, v: Versions) -> pa.Table | None:
        """The table ``name`` copied from the database into its file ``path`` in chunks, then
        opened memory-mapped; None when it cannot be (then it is read whole), or when its
        version changed during the copy (the file is then deleted)."""
        try:
            with self.engine.connect() as conn:
                if not _stream(conn, name, path):
                    return None
                after = current_versions(conn)
        except (OSError, pa.ArrowException):
            return None
        if after.get(name) != v.get(name):
            path.unlink(missing_ok=True)
            return None
        return _open(path)

    def frame(self, name: str, *, lean: bool = False) -> Any:
        """One table's frame at the current version (``parts`` without prices; ``prices``: id,
        unit_price_usd; ``meta``: the dataset.toml dict).

        ``lean=True``: text columns stay Arrow-backed strings (pandas ``str``) read from the
        memory-mapped file instead of Python objects, ~5x less memory for a table of ids such
        as ``bom`` or ``sourcing``; for engines that only look ids up (not for equality with
        :func:`~keyparts.store.repository.read_frame`, whose text columns are objects)."""
        with self._held(f"frame:{name}"):
            if not lean:
                self._load([name])
                return self._frames[name][1]
            key = f"{name}:lean"
            v = self.versions().get(name)
            hit = self._frames.get(key)
            if hit is not None and v is not None and hit[0] == v:
                return hit[1]
            path = self._file(name, v)
            t = _open(path) if path is not None else None
            if t is None and path is not None and name in IMPORT_ORDER:
                t = self._copied(name, path, self.versions())
            if t is None:  # no file for this version yet: read the table (which writes its file)
                self._load([name])
                token, df = self._frames[name]
                path = self._file(name, token)
                t = _open(path) if path is not None and token == v else None
                if t is None:
                    return df
                del self._frames[name]  # keep the lean frame only
            df = t.to_pandas()
            self._frames[key] = (v, df)
            return df

    def derived(self, name: str, deps: Iterable[str] | None, build: Callable[[], Any]) -> Any:
        """``build()`` memoised until one of ``deps`` (version names; None = all) changes. A
        current item is returned at once; two threads never build the same item together (the
        second waits for the first and takes its result), while other items stay available."""
        deps = tuple(deps) if deps is not None else None
        hit, t = self._current(name, deps)
        if hit is not None:
            return hit[1]
        with self._held(name):
            hit, t = self._current(name, deps)
            if hit is not None:
                return hit[1]
            value = build()
            self._items[name] = (t, value, deps)
            return value

    def _current(self, name: str, deps: tuple[str, ...] | None) -> tuple[tuple | None, str | None]:
        """(the memoised item if it is current, else None; the tag of ``deps`` now)."""
        v = self.versions()
        t = tag(v, deps if deps is not None else sorted(v))
        hit = self._items.get(name)
        return (hit if hit is not None and t is not None and hit[0] == t else None), t

    def ready(self, name: str) -> bool:
        """True when ``name`` has been built and is current (so a call that returns it costs a
        dictionary look-up); never waits for a build in progress."""
        hit = self._items.get(name)
        return hit is not None and self._current(name, hit[2])[0] is not None

    # ------------------------------------------------------------ views
    def dataset(self) -> Dataset:
        """The whole stored dataset, prices included (equal to ``load_dataset``)."""
        def build() -> Dataset:
            got = self._loaded([*IMPORT_ORDER, "prices", "meta"])
            frames = {n: got[n] for n in IMPORT_ORDER}
            frames["parts"] = with_prices(frames["parts"], got["prices"])
            return Dataset(meta=dict(got["meta"]), frames=frames, source=self._source())
        return self.derived("dataset", ALL, build)

    def public_dataset(self) -> Dataset:
        """Catalogue tables only (no BOM, sourcing, demands, tests), prices blank."""
        def build() -> Dataset:
            got = self._loaded([*CATALOG, "meta"])
            return Dataset(meta=dict(got["meta"]), frames={n: got[n] for n in CATALOG}, source=self._source())
        return self.derived("public", (*CATALOG, "meta"), build)

    def index(self, variant: str = "public", *, lean: bool = False) -> Any:
        """The parametric search index: ``"public"`` (prices blank, for views shared by many
        enterprises) or ``"full"`` (with prices, for the national CLI). Opened from its file
        when one exists for the current versions, else built and written.

        ``lean=True`` (for a process that only writes the index, e.g. the import): built from
        ``parts``, ``part_values`` and the prices read with Arrow-backed text (:meth:`frame`),
        copied from the database into their files chunk by chunk, instead of frames of Python
        objects, which at a million parts took more memory than the rest of the import. The
        same index either way (tests/store/test_lean_index.py)."""
        deps = _index_deps(variant)

        def build() -> Any:
            from keyparts.match.index import build_index

            t, path = self._index_file(variant)
            table = _open(path) if path is not None else None
            if table is not None:
                return index_from_arrow(table)
            if lean:
                frames = {n: self.frame(n, lean=n in ("parts", "part_values")) for n in INDEX_TABLES}
                if variant == "full":
                    frames["parts"] = with_prices(frames["parts"], self.frame("prices", lean=True))
            else:
                got = self._loaded(list(deps))
                frames = {n: got[n] for n in INDEX_TABLES}
                if variant == "full":
                    frames["parts"] = with_prices(frames["parts"], got["prices"])
            ix = build_index(Dataset(frames=frames))
            self._save_index(variant, t, path, ix)
            return ix
        return self.derived(f"index:{variant}", deps, build)

    def _index_file(self, variant: str) -> tuple[str | None, Path | None]:
        """(tag of the index's dependencies now, its file: None when it cannot be kept)."""
        t = tag(self.versions(), _index_deps(variant))
        return t, None if self.folder is None or t is None else self.folder / f"index-{variant}-{t}.arrow"

    def _save_index(self, variant: str, t: str | None, path: Path | None, ix: Any) -> None:
        """Write ``ix`` to ``path`` if its dependencies are still at ``t`` (else it is stale)."""
        if path is not None and tag(self.versions(), _index_deps(variant)) == t:
            try:
                _write(path, index_to_arrow(ix))
            except (OSError, pa.ArrowException):
                pass

    def public_from_full(self, *, lean: bool = False) -> Any:
        """The ``"public"`` index made from the ``"full"`` one (see :meth:`index`) by blanking
        its prices (they differ only there: :meth:`~keyparts.match.index.PartIndex.without`),
        and written: one build of the national index instead of two. Returns the public index."""
        full = self.index("full", lean=lean)
        t, path = self._index_file("public")
        pub = full.without("unit_price_usd")
        self._save_index("public", t, path, pub)
        return pub

    def view(self, *, lean: Iterable[str] = ()) -> Dataset:
        """The stored dataset (prices included) whose tables are read the first time an engine
        asks for them (:class:`LazyFrames`): a command reads only what it uses. ``lean``: tables
        given with Arrow-backed text columns (see :meth:`frame`)."""
        return Dataset(meta=dict(self.frame("meta")), frames=LazyFrames(self, lean=lean), source=self._source())

    def supply_model(self, year: int | None = None) -> Any:
        """The supply model (:func:`keyparts.priority.assess.build_model`) of the stored data
        for ``year`` (default: the latest year with trade data), opened from its file
        ``model-<tag>.pickle`` when one exists for the current versions of
        :data:`MODEL_TABLES`, else built from :meth:`view` and written. The tag also covers the
        year, the home country and the source of the supply engine (a model pickled by other
        code is not used). The file is a pickle: the store folder must be as trusted as the
        database beside it."""
        from keyparts.priority.assess import build_model
        from keyparts.supply.model import default_year

        ds = self.view(lean=LEAN)
        y = year if year is not None else default_year(ds.frames, ds.meta)

        def model_tag() -> str | None:
            # a table never written since the versions were introduced has no token: it has not
            # changed, while the random tokens of parts and bom name this database's data
            v = self.versions()
            if not (v.get("parts") and v.get("bom")):
                return None
            return tag({n: v.get(n, "-") for n in MODEL_TABLES}, MODEL_TABLES)
        t = model_tag()

        def build() -> Any:
            key = None if t is None else hashlib.sha256(
                f"{t}|{y}|{ds.home_country}|{_engine_source()}".encode()).hexdigest()[:24]
            path = None if self.folder is None or key is None else self.folder / f"model-{key}.pickle"
            if path is not None:
                try:
                    with open(path, "rb") as f:
                        return pickle.load(f)
                except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                    pass  # none yet (or unreadable): build it
            m = build_model(ds, y)
            if path is not None and model_tag() == t:
                tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    with open(tmp, "wb") as f:
                        pickle.dump(m, f, protocol=pickle.HIGHEST_PROTOCOL)
                    os.replace(tmp, path)
                    _drop_older(path)
                except OSError:
                    tmp.unlink(missing_ok=True)  # the store folder is optional
            return m
        return self.derived(f"model:{y}", MODEL_TABLES, build)

    def _source(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)


def _engine_source() -> str:
    """A hash of the supply engine's and the assessment's source files (a pickled model is
    only used by the code that wrote it)."""
    import keyparts.priority
    import keyparts.supply

    h = hashlib.sha256()
    for pkg in (keyparts.supply, keyparts.priority):
        for f in sorted(Path(pkg.__file__).parent.glob("*.py")):
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


class LazyFrames(Mapping):
    """The dataset tables of an :class:`AnalysisStore` as a mapping that reads each table (from
    its memory-mapped file) when first asked for, ``parts`` with its prices put back. All the
    tables come from the versions the store read first, unless a write lands between two reads
    (then the later table is of the newer version, as in any read without a transaction)."""

    def __init__(self, store: AnalysisStore, *, lean: Iterable[str] = ()):
        self._store = store
        self._lean = frozenset(lean)
        self._got: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in IMPORT_ORDER:
            raise KeyError(name)
        if name not in self._got:
            df = self._store.frame(name, lean=name in self._lean)
            self._got[name] = with_prices(df, self._store.frame("prices")) if name == "parts" else df
        return self._got[name]

    def __contains__(self, name: object) -> bool:
        return name in IMPORT_ORDER

    def __iter__(self) -> Iterator[str]:
        return iter(IMPORT_ORDER)

    def __len__(self) -> int:
        return len(IMPORT_ORDER)


def stored_dataset(url: str | None = None) -> Dataset:
    """The stored dataset of ``url`` served by its analysis store (for one CLI command)."""
    from keyparts.store.repository import _engine

    with _engine(url, None) as eng:
        return AnalysisStore(eng, refresh_s=float("inf")).dataset()


def stored_view(url: str | None = None, *, lean: Iterable[str] = ()) -> Dataset:
    """The stored dataset of ``url`` read table by table as an engine asks (for one CLI
    command: ``match`` reads the demands, not the BOM). The store's engine stays open while
    the frames are read: it is disposed when the process ends."""
    from keyparts.store.db import make_engine, upgrade

    eng = make_engine(url)
    upgrade(eng)
    return AnalysisStore(eng, refresh_s=float("inf")).view(lean=lean)


def stored_model(url: str | None = None, *, year: int | None = None) -> tuple[Dataset, Any]:
    """The stored dataset (read table by table, see :func:`stored_view`) and its supply model
    for ``year``, opened from the store when it was built for the current data (for the
    ``scenario`` and ``assess`` commands)."""
    from keyparts.store.db import make_engine, upgrade

    eng = make_engine(url)
    upgrade(eng)
    store = AnalysisStore(eng, refresh_s=float("inf"))
    return store.view(lean=LEAN), store.supply_model(year)


def stored_index(url: str | None = None, variant: str = "full") -> Any:
    """The search index of ``url`` from its analysis store (for one CLI command): opened from
    its file in milliseconds when the catalogue has not changed since it was written."""
    from keyparts.store.repository import _engine

    with _engine(url, None) as eng:
        return AnalysisStore(eng, refresh_s=float("inf")).index(variant)


def write_indexes(url: str | None = None) -> None:
    """Write both search indexes of ``url`` (after an import: the first search of a CLI
    command or of a server worker then opens a file instead of building the index)."""
    from keyparts.store.repository import _engine

    with _engine(url, None) as eng:
        store = AnalysisStore(eng, refresh_s=float("inf"))
        store.public_from_full(lean=True)


# ---------------------------------------------------------------- helpers
def current_versions(conn) -> Versions:
    """The data versions, each token combined with the schema revision (Alembic) and
    :data:`STORE_FORMAT`: files written before a migration or by another layout are not used."""
    try:
        rev = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() or ""
    except sa.exc.DBAPIError:
        conn.rollback()
        rev = ""
    salt = f"|{rev}|{STORE_FORMAT}"
    # A table with no version row was never written since it was created empty by its migration
    # (every write bumps its version): it gets the constant token "unwritten".
    tokens = {n: "unwritten" for n in ALL} | read_versions(conn)
    return {n: hashlib.sha256((t + salt).encode()).hexdigest()[:32] for n, t in tokens.items()}

def _index_deps(variant: str) -> tuple[str, ...]:
    """The versions a search index depends on (``"full"`` also on the prices)."""
    return INDEX_TABLES + (("prices",) if variant == "full" else ())


def _read(conn, name: str) -> Any:
    if name == "meta":
        return read_meta(conn)
    if name == "prices":
        parts = TABLE["parts"]
        return pd.read_sql_query(parts.select().with_only_columns(parts.c.id, parts.c.unit_price_usd)
                                 .order_by(parts.c.id), conn).astype({"unit_price_usd": float})
    df = read_frame(conn, name)
    if name == "parts":
        df["unit_price_usd"] = np.nan
    return df


def with_prices(parts: pd.DataFrame, prices: pd.DataFrame) -> pd.DataFrame:
    """``parts`` with ``unit_price_usd`` taken from the ``prices`` table."""
    out = parts.copy()
    out["unit_price_usd"] = out["id"].map(prices.set_index("id")["unit_price_usd"]).astype(float)
    return out


def to_frame(t: pa.Table) -> pd.DataFrame:
    """The typed frame of an Arrow table (text columns as object arrays with None, as
    :func:`~keyparts.store.repository.read_frame` gives them)."""
    df = t.to_pandas()
    was_object = {c["name"] for c in (t.schema.pandas_metadata or {}).get("columns", ())
                  if c.get("numpy_type") == "object"}
    for c in df.columns:
        if c in was_object and df[c].dtype != object:
            df[c] = df[c].astype(object).where(df[c].notna(), None)
    return _shared_text(df)  # repeated cells one object each, as read_frame gives them


def meta_table(meta: dict) -> pa.Table:
    return pa.table({"x": pa.array([], pa.int8())}).replace_schema_metadata({"keyparts": json.dumps(meta)})


def read_meta_frame(t: pa.Table) -> dict:
    return json.loads(t.schema.metadata[b"keyparts"])


__all__ = ["NOT_BEFORE", "AnalysisStore", "LazyFrames", "stored_dataset", "stored_view", "stored_model", "stored_index", "write_indexes", "store_folder", "seed_files", "current_versions", "index_to_arrow", "index_from_arrow", "with_prices"]
