"""Write a synthetic dataset straight to CSV, block by block, in bounded memory.

Memory holds the plan's compact key arrays (about 20 bytes per part) and one block of
``BLOCK_FIRMS`` enterprises at a time, whatever the number of firms. The files are
byte-identical to ``write_dataset(generate(...))`` (the normalized layout of
:mod:`keyparts.dataset.io`: schema columns in order, rows sorted by key, integral numbers
without ``.0``, other numbers in their shortest exact form); the small tables and
``dataset.toml`` are written by :func:`keyparts.dataset.io.write_dataset` itself.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from keyparts.dataset.generate import BLOCK_TABLES, BOM_PER_PART, block, float_repr, plan, small_frames
from keyparts.dataset.io import write_dataset
from keyparts.dataset.model import Dataset
from keyparts.dataset.schema import TABLE_BY_NAME, TABLES, Table

#: progress(table, rows written so far, expected rows or None when not known in advance)
Progress = Callable[[str, int, "int | None"], None]


def csv_text(col: pa.Array) -> pa.Array:
    """A typed column as the normalized CSV text of ``keyparts.dataset.io`` (vectorised):
    floats integral and below 1e15 as integers, other floats as Python's ``repr`` (shortest
    exact form, :func:`float_repr`), NaN empty, booleans ``true``/``false``."""
    t = col.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return col
    if pa.types.is_boolean(t):
        return pc.if_else(col, "true", "false")
    if pa.types.is_integer(t):
        return col.cast(pa.string())
    if not pa.types.is_floating(t):
        raise TypeError(f"csv_text: no CSV form for a column of type {t}")
    x = col.to_numpy(zero_copy_only=False).astype(np.float64)
    integral = (np.floor(x) == x) & (np.abs(x) < 1e15)
    text = pa.array(np.where(integral, x, 0).astype(np.int64)).cast(pa.string())
    if not integral.all():
        text = pc.if_else(pa.array(integral), text, float_repr(x))
    nan = np.isnan(x)
    return pc.if_else(pa.array(nan), pa.scalar(None, pa.string()), text) if nan.any() else text


class _CsvOut:
    """One CSV file of ``table``: header (unless ``header=False``), then chunks of rows.

    Cells are written unquoted, as the normalized writer writes them: a generated value with a
    comma, a quote or a line break would be refused by pyarrow (none is generated)."""

    def __init__(self, path: Path, table: Table, *, header: bool = True) -> None:
        self.table, self.path, self.rows = table, path, 0
        self.schema = pa.schema([(c, pa.string()) for c in table.column_names])
        self.sink = pa.OSFile(str(path), "wb")
        if header:  # pyarrow quotes header names; the normalized layout does not
            self.sink.write((",".join(table.column_names) + "\n").encode("utf-8"))
        self.writer = pacsv.CSVWriter(self.sink, self.schema, write_options=pacsv.WriteOptions(
            include_header=False, quoting_style="none"))

    def write(self, t: pa.Table) -> None:
        cols = [csv_text(t[c].combine_chunks()) if c in t.column_names else pa.nulls(t.num_rows, pa.string())
                for c in self.table.column_names]
        self.writer.write_table(pa.Table.from_arrays(cols, schema=self.schema))
        self.rows += t.num_rows

    def close(self) -> None:
        self.writer.close()
        self.sink.close()


def write_generated(out: str | Path, firms: int, *, seed: int = 0, parts_per_maker: int | None = None,
                    bom_per_part: float = BOM_PER_PART, progress: Progress | None = None) -> dict[str, int]:
    """Generate the dataset of ``generate(firms, seed=...)`` block by block into the folder
    ``out`` (CSV files + dataset.toml); returns the rows written per table (schema order).

    ``progress`` is called after each block for every table with its rows written so far.
    """
    p = plan(firms, seed=seed, parts_per_maker=parts_per_maker, bom_per_part=bom_per_part)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    small = small_frames(p)
    write_dataset(Dataset(meta=p.meta, frames=small, source=str(folder)), folder)
    rows = {name: len(df) for name, df in small.items()}
    expected = {"enterprises": p.n, "parts": p.n_parts, "products": int(p.prod_start[-1])}
    if progress:
        for name, k in rows.items():
            progress(name, k, k)
    outs = {name: _CsvOut(folder / TABLE_BY_NAME[name].file, TABLE_BY_NAME[name])
            for name in BLOCK_TABLES if name != "bom_products"}
    tail = folder / ".bom-products.csv.part"  # product BOM lines sort after all part lines
    outs["bom_products"] = _CsvOut(tail, TABLE_BY_NAME["bom"], header=False)
    done = False
    try:
        for b in range(p.n_blocks):
            for name, t in block(p, b).items():
                outs[name].write(t)
            if progress:
                for name in BLOCK_TABLES:
                    if name != "bom_products":
                        progress(name, outs[name].rows + (outs["bom_products"].rows if name == "bom" else 0),
                                 expected.get(name))
        done = True
    finally:
        for o in outs.values():
            o.close()
        if not done:
            tail.unlink(missing_ok=True)
    with open(folder / TABLE_BY_NAME["bom"].file, "ab") as dst, open(tail, "rb") as src:
        shutil.copyfileobj(src, dst, 1 << 20)
    tail.unlink()
    rows.update({name: o.rows for name, o in outs.items() if name != "bom_products"})
    rows["bom"] += outs["bom_products"].rows
    return {t.name: rows[t.name] for t in TABLES if t.name in rows}
