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

import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterable
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
from keyparts.store.repository import read_frame, read_meta
from keyparts.store.tables import TABLE
from keyparts.store.versions import Versions, read_versions, tag

CATALOG = ("countries", "categories", "parameters", "enterprises", "parts", "part_values", "products",
           "projects")
INDEX_TABLES = ("categories", "parameters", "enterprises", "parts", "part_values")
ALL = (*IMPORT_ORDER, "prices", "meta")
STORE_ENV = "KEYPARTS_STORE_DIR"
STORE_FORMAT = "2"  # 2: the index gains maker_name, category_names. Change when the files' layout or typing changes: older files are then not used


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
    stem = path.name.rsplit("-", 1)[0]
    for old in path.parent.glob(f"{stem}-*.arrow"):
        if old != path and old.name.rsplit("-", 1)[0] == stem:
            old.unlink(missing_ok=True)


def _open(path: Path) -> pa.Table | None:
    """The Arrow table in ``path``, memory-mapped (None when there is no such file, or it
    cannot be read: it is then rebuilt from the database)."""
    try:
        return pa.ipc.open_file(pa.memory_map(str(path))).read_all()
    except (OSError, pa.ArrowException):
        return None


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
    """The :class:`~keyparts.match.index.PartIndex` of :func:`index_to_arrow`; numeric
    columns stay zero-copy views of the (memory-mapped) file."""
    from keyparts.match.index import PartIndex, TextColumn

    meta = json.loads(t.schema.metadata[b"keyparts"])

    def col(name: str) -> pa.Array:
        return t.column(name).combine_chunks()

    part_id = col("part_id").to_numpy(zero_copy_only=False).astype(object)
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
                             a.dictionary.to_numpy(zero_copy_only=False).astype(object))
    return PartIndex(
        part_id=part_id, category_code=col("category_code").to_numpy(),
        category_ids=np.array(meta["category_ids"], dtype=object), subtree=subtree,
        visible={c: tuple(v) for c, v in meta["visible"].items()},
        numeric={k: col(f"n:{k}").to_numpy() for k in meta["numeric"]}, units=meta["units"], text=text,
        kinds=meta["kinds"],
        buckets={k: (np.array(e, float), col(f"b:{k}").to_numpy()) for k, e in meta["edges"].items()},
        row_of=pd.Index(part_id))


# ---------------------------------------------------------------- the store
class AnalysisStore:
    """The frames and the search index of one database, current with its data version.

    ``refresh_s``: how long a read of the versions is trusted (0 = read them on every call);
    :meth:`bump` forgets it at once (call it after a write made by this process).
    """

    def __init__(self, engine: Engine, *, folder: Path | None | str = "auto", refresh_s: float = 0.5):
        self.engine = engine
        self.folder = store_folder(engine) if folder == "auto" else (Path(folder) if folder else None)
        self.refresh_s = refresh_s
        self._lock = threading.RLock()
        self._versions: Versions = {}
        self._read_at: float | None = None
        self._frames: dict[str, tuple[str | None, Any]] = {}
        self._items: dict[str, tuple[str | None, Any]] = {}

    # ------------------------------------------------------------ versions
    def bump(self) -> None:
        """Read the data version again on the next call (after a write by this process)."""
        with self._lock:
            self._read_at = None

    def versions(self) -> Versions:
        """The tokens per name, read from the database at most every ``refresh_s`` seconds."""
        with self._lock:
            if self._read_at is None or time.monotonic() - self._read_at >= self.refresh_s:
                with self.engine.connect() as conn:
                    self._versions = current_versions(conn)
                self._read_at = time.monotonic()
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

    def frame(self, name: str) -> Any:
        """One table's frame at the current version (``parts`` without prices; ``prices``: id,
        unit_price_usd; ``meta``: the dataset.toml dict)."""
        with self._lock:
            self._load([name])
            return self._frames[name][1]

    def derived(self, name: str, deps: Iterable[str] | None, build: Callable[[], Any]) -> Any:
        """``build()`` memoised until one of ``deps`` (version names; None = all) changes."""
        with self._lock:
            t = tag(self.versions(), deps if deps is not None else sorted(self.versions()))
            hit = self._items.get(name)
            if hit is not None and t is not None and hit[0] == t:
                return hit[1]
            value = build()
            self._items[name] = (t, value)
            return value

    # ------------------------------------------------------------ views
    def dataset(self) -> Dataset:
        """The whole stored dataset, prices included (equal to ``load_dataset``)."""
        def build() -> Dataset:
            self._load([*IMPORT_ORDER, "prices", "meta"])
            frames = {n: self._frames[n][1] for n in IMPORT_ORDER}
            frames["parts"] = with_prices(frames["parts"], self._frames["prices"][1])
            return Dataset(meta=dict(self._frames["meta"][1]), frames=frames, source=self._source())
        return self.derived("dataset", ALL, build)

    def public_dataset(self) -> Dataset:
        """Catalogue tables only (no BOM, sourcing, demands, tests), prices blank."""
        def build() -> Dataset:
            self._load([*CATALOG, "meta"])
            return Dataset(meta=dict(self._frames["meta"][1]), frames={n: self._frames[n][1] for n in CATALOG},
                           source=self._source())
        return self.derived("public", (*CATALOG, "meta"), build)

    def index(self, variant: str = "public") -> Any:
        """The parametric search index: ``"public"`` (prices blank, for views shared by many
        enterprises) or ``"full"`` (with prices, for the national CLI). Opened from its file
        when one exists for the current versions, else built and written."""
        deps = INDEX_TABLES + (("prices",) if variant == "full" else ())

        def build() -> Any:
            from keyparts.match.index import build_index

            t = tag(self.versions(), deps)
            path = None if self.folder is None or t is None else self.folder / f"index-{variant}-{t}.arrow"
            table = _open(path) if path is not None else None
            if table is not None:
                return index_from_arrow(table)
            self._load(list(deps))
            frames = {n: self._frames[n][1] for n in INDEX_TABLES}
            if variant == "full":
                frames["parts"] = with_prices(frames["parts"], self._frames["prices"][1])
            ix = build_index(Dataset(frames=frames))
            if path is not None and tag(self.versions(), deps) == t:
                try:
                    _write(path, index_to_arrow(ix))
                except (OSError, pa.ArrowException):
                    pass
            return ix
        return self.derived(f"index:{variant}", deps, build)

    def _source(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)


def stored_dataset(url: str | None = None) -> Dataset:
    """The stored dataset of ``url`` served by its analysis store (for one CLI command)."""
    from keyparts.store.repository import _engine

    with _engine(url, None) as eng:
        return AnalysisStore(eng, refresh_s=float("inf")).dataset()


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
        store.index("full")
        store.index("public")


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
    return df


def meta_table(meta: dict) -> pa.Table:
    return pa.table({"x": pa.array([], pa.int8())}).replace_schema_metadata({"keyparts": json.dumps(meta)})


def read_meta_frame(t: pa.Table) -> dict:
    return json.loads(t.schema.metadata[b"keyparts"])


__all__ = ["AnalysisStore", "stored_dataset", "stored_index", "write_indexes", "store_folder", "index_to_arrow", "index_from_arrow", "with_prices"]
