"""Read a dataset table by table in chunks of rows, in bounded memory.

A :class:`Source` opens any table of a dataset as an iterator of text frames of at most
``chunk_rows`` rows each (cells ``str`` or None, as :func:`keyparts.dataset.read_dataset`
gives them), and can open it again (the whole-table checks of
:mod:`keyparts.dataset.stream` read a file a second time only to name the rows of a
problem they found). Sources: a folder of CSV files (pandas' C reader in chunks), an XLSX
workbook (openpyxl read-only mode, within the bounds of :mod:`keyparts.dataset.io`) and a
dataset already in memory.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from keyparts.dataset.io import (MAX_XLSX_CELLS, MAX_XLSX_COLUMNS, MAX_XLSX_ROWS, META_SHEET, _cell_text, _clean,
                                 _header, _too_big, canonical_headers)
from keyparts.dataset.text import UndecodableError, sniff_file
from keyparts.dataset.model import Dataset
from keyparts.dataset.schema import TABLE_BY_NAME, TABLES
from keyparts.errors import InputError, Problem

CHUNK_ROWS = int(os.environ.get("KEYPARTS_CHUNK_ROWS", "100000"))

Opener = Callable[[], Iterator[pd.DataFrame]]


class ReadProblem(Exception):
    """A file that cannot be read as a table (not UTF-8, not well-formed CSV)."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class Source:
    """A dataset to read chunk by chunk: ``open(name)`` yields text frames (the first one
    carries the header even when the table has no rows); ``size(name)`` is the file's bytes
    (None when unknown) and ``position(name)`` how many of them were read so far."""

    meta: dict
    openers: dict[str, Opener]
    source: str
    problems: list[Problem] = field(default_factory=list)  # dataset.toml that cannot be read
    sizes: dict[str, int] = field(default_factory=dict)
    positions: dict[str, int] = field(default_factory=dict)
    read_as: dict[str, str] = field(default_factory=dict)  # file -> "read as GB18030, delimiter ';'"

    def open(self, name: str) -> Iterator[pd.DataFrame]:
        return self.openers[name]()

    @property
    def names(self) -> list[str]:
        return [t.name for t in TABLES if t.name in self.openers]


def open_source(path: str | Path, chunk_rows: int = CHUNK_ROWS) -> Source:
    """The dataset at ``path`` (a folder of CSV files + dataset.toml, or an .xlsx workbook)."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file or folder (expected a dataset folder or an .xlsx workbook)")
    if p.is_file() and p.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_source(p, chunk_rows)
    if p.is_dir():
        return _folder_source(p, chunk_rows)
    raise InputError(f"{p}: not a dataset (expected a folder of CSV files or an .xlsx workbook)")


def dataset_source(ds: Dataset, chunk_rows: int = CHUNK_ROWS) -> Source:
    """A dataset of text frames already in memory, served in chunks of ``chunk_rows`` rows."""
    def opener(df: pd.DataFrame) -> Opener:
        def chunks() -> Iterator[pd.DataFrame]:
            df2 = df.reset_index(drop=True)
            yield df2.iloc[:chunk_rows]
            for start in range(chunk_rows, len(df2), chunk_rows):
                yield df2.iloc[start:start + chunk_rows]
        return chunks
    return Source(meta=dict(ds.meta), openers={n: opener(df) for n, df in ds.frames.items()}, source=ds.source)


# ---------------------------------------------------------------- CSV folder
def _folder_source(folder: Path, chunk_rows: int) -> Source:
    meta: dict = {}
    problems: list[Problem] = []
    toml = folder / "dataset.toml"
    if toml.exists():
        try:
            meta = tomllib.loads(toml.read_text(encoding="utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            problems.append(Problem("dataset.toml", None, None, f"cannot be read: {exc}"))
    src = Source(meta=meta, openers={}, source=str(folder), problems=problems)
    for table in TABLES:
        f = folder / table.file
        if f.exists():
            src.openers[table.name] = _csv_opener(f, table, chunk_rows, src)
            src.sizes[table.name] = f.stat().st_size
    return src


def _csv_opener(f: Path, table, chunk_rows: int, src: Source) -> Opener:
    name, file = table.name, table.file

    def chunks() -> Iterator[pd.DataFrame]:
        try:
            codec, csv = sniff_file(f)
        except UndecodableError as exc:
            raise ReadProblem(Problem(file, None, None, f"is not text in a known encoding ({exc}); "
                                      "save it as CSV UTF-8")) from exc
        if not csv.usual:
            src.read_as[file] = csv.how
        with open(f, "rb") as fh:
            try:
                reader = pd.read_csv(fh, dtype=str, keep_default_na=False, encoding=codec, sep=csv.delimiter,
                                     chunksize=chunk_rows)
            except pd.errors.EmptyDataError:
                yield pd.DataFrame()
                return
            except UnicodeDecodeError as exc:
                raise ReadProblem(_not_text(file, codec, exc)) from exc
            except pd.errors.ParserError as exc:
                raise ReadProblem(Problem(file, None, None, f"is not a well-formed CSV: {exc}")) from exc
            first = True
            try:
                with reader:
                    for chunk in reader:
                        src.positions[name] = fh.tell()
                        first = False
                        yield canonical_headers(table, _clean(chunk))
            except UnicodeDecodeError as exc:
                raise ReadProblem(_not_text(file, codec, exc)) from exc
            except pd.errors.ParserError as exc:
                raise ReadProblem(Problem(file, None, None, f"is not a well-formed CSV: {exc}")) from exc
            if first:  # a header and no rows
                yield canonical_headers(table, _clean(pd.DataFrame(
                    columns=reader.orig_names if hasattr(reader, "orig_names") else _csv_header(f, codec, csv.delimiter))))
    return chunks


def _csv_header(f: Path, codec: str, sep: str) -> list[str]:
    return list(pd.read_csv(f, dtype=str, keep_default_na=False, encoding=codec, sep=sep, nrows=0).columns)


def _not_text(file: str, codec: str, exc: UnicodeDecodeError) -> Problem:
    return Problem(file, None, None, f"is not {codec.upper().removesuffix('-SIG')} text throughout ({exc.reason} "
                   f"at byte {exc.start} of a block); save it as CSV UTF-8")


# ---------------------------------------------------------------- XLSX workbook
def _xlsx_source(path: Path, chunk_rows: int) -> Source:
    """The schema's sheets of a workbook; each sheet is read twice in read-only mode (once
    for its width and last row, then in chunks), within the bounds of ``_read_xlsx``."""
    from keyparts.dataset.io import _read_xlsx_meta, _workbook

    from keyparts.dataset.archive import DAMAGED
    from keyparts.errors import KeypartsError

    wb = _workbook(path)
    try:
        titles = [t.name for t in TABLES if t.name in wb.sheetnames]
        meta = _read_xlsx_meta(wb, path.name) if META_SHEET in wb.sheetnames else {}
        budget = [MAX_XLSX_CELLS]
        shapes = {t: _sheet_shape(wb[t], path.name, budget) for t in titles}
    except KeypartsError:
        raise
    except DAMAGED as exc:
        raise InputError(f"{path.name}: damaged workbook ({exc}); expected an .xlsx saved by a spreadsheet "
                         "program") from exc
    finally:
        wb.close()

    def opener(title: str) -> Opener:
        table = TABLE_BY_NAME[title]

        def chunks() -> Iterator[pd.DataFrame]:
            width, last = shapes[title]
            wb2 = _workbook(path)
            try:
                ws = wb2[title]
                ws.reset_dimensions()
                rows = ws.iter_rows(values_only=True, max_row=max(last, 1))
                head = next(rows, None) if last else None
                if head is None or width == 0:
                    yield pd.DataFrame()
                    return
                header = _header([_cell_text(head[j]) if j < len(head) else None for j in range(width)])
                body: list[list] = []
                sent = False
                for row in rows:
                    cells = [_cell_text(v) for v in row[:width]]
                    body.append(cells + [None] * (width - len(cells)))
                    if len(body) == chunk_rows:
                        yield canonical_headers(table, _clean(pd.DataFrame(body, columns=header, dtype=object)))
                        body, sent = [], True
                if body or not sent:
                    yield canonical_headers(table, _clean(pd.DataFrame(body, columns=header, dtype=object)))
            finally:
                wb2.close()
        return chunks
    return Source(meta=meta, openers={t: opener(t) for t in titles}, source=str(path))


def _sheet_shape(ws, name: str, budget: list[int]) -> tuple[int, int]:
    """(width, last non-empty row) of a sheet, counting its cells against the budget."""
    from openpyxl.utils import get_column_letter

    if ws.max_row and ws.max_column:
        rows, cols = ws.max_row - ws.min_row + 1, ws.max_column - ws.min_column + 1
        if ws.max_column > MAX_XLSX_COLUMNS or ws.max_row > MAX_XLSX_ROWS or rows * cols > budget[0]:
            raise _too_big(name, ws.title, f"declares the range {ws.calculate_dimension()} ({rows} rows x {cols} "
                           "columns)")
    ws.reset_dimensions()
    width = last = 0
    for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if len(row) > MAX_XLSX_COLUMNS:
            raise _too_big(name, ws.title, f"has a cell at {get_column_letter(len(row))}{i}")
        budget[0] -= max(len(row), 1)
        if budget[0] < 0 or i > MAX_XLSX_ROWS:
            raise _too_big(name, ws.title, f"has more cells than the limit by row {i}")
        filled = [j for j, v in enumerate(row) if v is not None]
        if filled:
            width, last = max(width, filled[-1] + 1), i
    return width, last


__all__ = ["Source", "ReadProblem", "open_source", "dataset_source", "CHUNK_ROWS"]
