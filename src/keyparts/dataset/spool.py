"""Where typed chunks wait between validation and the database: in memory, or on disk.

The import validates every file before it writes anything (a dataset with an error writes
nothing), so the typed chunks are kept until validation has ended. :class:`MemorySpool`
keeps them as frames (a dataset that is already in memory); :class:`DiskSpool` writes each
table as an Arrow IPC stream in a temporary folder and reads it back chunk by chunk, typed
as the validator typed it (text as ``str``/None, ``int`` columns as ``Int64``), so the
import holds one chunk at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa

from keyparts.dataset.schema import DERIVED_COLUMNS, TABLE_BY_NAME

_ARROW = {"str": pa.string(), "enum": pa.string(), "list": pa.string(), "date": pa.string(),
          "float": pa.float64(), "int": pa.int64(), "bool": pa.bool_()}


class MemorySpool:
    """Typed chunks kept as frames."""

    def __init__(self) -> None:
        self._chunks: dict[str, list[pd.DataFrame]] = {}
        self.rows: dict[str, int] = {}

    def append(self, name: str, df: pd.DataFrame) -> None:
        self._chunks.setdefault(name, []).append(df)
        self.rows[name] = self.rows.get(name, 0) + len(df)

    @property
    def names(self) -> list[str]:
        return list(self._chunks)

    def chunks(self, name: str) -> Iterator[pd.DataFrame]:
        yield from self._chunks.get(name, ())

    def frame(self, name: str) -> pd.DataFrame:
        parts = self._chunks[name]
        if len(parts) == 1:
            return parts[0].reset_index(drop=True)
        return pd.concat(parts, ignore_index=True)

    def frames(self) -> dict[str, pd.DataFrame]:
        return {n: self.frame(n) for n in self._chunks}

    def close(self) -> None:
        self._chunks.clear()


def _schema(name: str, columns: list[str]) -> pa.Schema:
    spec = TABLE_BY_NAME[name]
    kinds = {c.name: c.kind for c in spec.columns}
    derived = set(DERIVED_COLUMNS.get(name, ()))
    return pa.schema([pa.field(c, _ARROW[kinds[c]] if c in kinds else pa.float64() if c in derived else pa.string())
                      for c in columns])


class DiskSpool:
    """Typed chunks as one Arrow IPC stream per table in ``folder`` (created by the caller,
    e.g. a :class:`tempfile.TemporaryDirectory`). ``keep=False``: the chunks are only made
    Arrow tables (a caller that loads them as they come, and never reads them back)."""

    def __init__(self, folder: str | Path, *, keep: bool = True):
        self.folder = Path(folder)
        self.keep = keep
        self._writers: dict[str, tuple[pa.NativeFile, pa.ipc.RecordBatchStreamWriter, pa.Schema, list[str]]] = {}
        self.rows: dict[str, int] = {}

    def append(self, name: str, df: pd.DataFrame) -> pa.Table:
        """Spool one typed chunk; returns it as the Arrow table written."""
        if name not in self._writers:
            cols = [str(c) for c in df.columns]
            schema = _schema(name, cols)
            sink = pa.OSFile(str(self.folder / f"{name}.arrows"), "wb") if self.keep else None
            writer = pa.ipc.new_stream(sink, schema) if sink is not None else None
            self._writers[name] = (sink, writer, schema, cols)
        sink, writer, schema, cols = self._writers[name]
        data = {}
        for f in schema:
            s = df[f.name]
            if pa.types.is_string(f.type):
                data[f.name] = pa.array(s.astype(object).where(s.notna(), None).tolist() if s.dtype != object
                                        else s.to_numpy(object), f.type, from_pandas=True)
            elif pa.types.is_boolean(f.type):
                data[f.name] = pa.array(s.astype(object).where(s.notna(), None).to_numpy(object), f.type,
                                        from_pandas=True)
            else:
                data[f.name] = pa.array(pd.to_numeric(s, errors="coerce").to_numpy(float, na_value=float("nan"))
                                        if f.type == pa.float64() else s.astype("Int64").to_numpy("int64", na_value=0),
                                        f.type, mask=None if f.type == pa.float64() else s.isna().to_numpy(),
                                        from_pandas=f.type == pa.float64())
        table = pa.table(data, schema=schema)
        if writer is not None:
            writer.write_table(table)
        self.rows[name] = self.rows.get(name, 0) + len(df)
        return table

    def finish(self) -> None:
        """Close the files (call before reading)."""
        for sink, writer, _s, _c in self._writers.values():
            if sink is not None and not sink.closed:
                writer.close()
                sink.close()

    @property
    def names(self) -> list[str]:
        return list(self._writers)

    def batches(self, name: str) -> Iterator[pa.RecordBatch]:
        """The table's chunks as Arrow record batches (what the bulk load writes from)."""
        if name not in self._writers:
            return
        with pa.memory_map(str(self.folder / f"{name}.arrows")) as src:
            yield from pa.ipc.open_stream(src)

    def chunks(self, name: str) -> Iterator[pd.DataFrame]:
        """The table's chunks as frames typed as the validator typed them."""
        if name not in self._writers:
            return
        spec = TABLE_BY_NAME[name]
        ints = [c.name for c in spec.columns if c.kind == "int"]
        with pa.memory_map(str(self.folder / f"{name}.arrows")) as src:
            reader = pa.ipc.open_stream(src)
            for batch in reader:
                df = batch.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
                for c in ints:
                    if c in df.columns:
                        df[c] = df[c].astype("Int64")
                for c in df.columns:
                    if df[c].dtype == object:
                        df[c] = df[c].where(df[c].notna(), None)
                yield df

    def close(self) -> None:
        self.finish()
