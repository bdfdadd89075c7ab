"""Read a dataset (CSV folder + dataset.toml, or one XLSX workbook) and write it back.

Reading keeps every cell as text (``str`` or ``NA``) so that validation can report exactly
what the user wrote; CSV bytes are decoded in one place, :func:`keyparts.dataset.text.decode_csv`
(UTF-8, UTF-16 or GB18030; ``,`` ``;`` or tab), and what was not UTF-8 with commas is recorded in
``Dataset.read_as``; Chinese headers of the contract (``Column.aliases_zh``) become the column
names; :func:`keyparts.dataset.validate.validate_and_type` turns the text into typed values. Writing produces *normalized* files: schema columns first in schema order,
then any extra columns, rows sorted by key, numbers in their shortest exact form, so that
import -> export -> import -> export gives identical files.
"""

from __future__ import annotations

import io
import math
import tomllib
import zipfile
import zlib
from pathlib import Path

import pandas as pd

from keyparts.dataset.model import Dataset
from keyparts.dataset.schema import DERIVED_COLUMNS, TABLES, Table
from keyparts.dataset.text import CsvText, UndecodableError, decode_csv
from keyparts.errors import InputError, KeypartsError, Problem, ValidationError

META_SHEET = "dataset"


def read_dataset(path: str | Path) -> Dataset:
    """Read a dataset folder (``*.csv`` + ``dataset.toml``) or an ``.xlsx`` workbook.

    Files/sheets not named in the schema are ignored with no error (they are listed by the
    validator as warnings). Raises :class:`InputError` when the path does not exist and
    :class:`ValidationError` when a file is not text in UTF-8, UTF-16 or GB18030.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file or folder (expected a dataset folder or an .xlsx workbook)")
    if p.is_file() and p.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(p)
    if p.is_dir():
        return _read_folder(p)
    raise InputError(f"{p}: not a dataset (expected a folder of CSV files or an .xlsx workbook)")


def _clean(df: pd.DataFrame) -> pd.DataFrame:
    """Strip whitespace in headers and cells; empty cells become None; all text (object dtype)."""
    out = {}
    for col in df.columns:
        text = df[col].fillna("").astype(str).str.strip()
        out[str(col).strip().lstrip("\ufeff")] = text.astype(object).where(text != "", None)
    return pd.DataFrame(out, index=df.index)


def canonical_headers(table: Table, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with the contract's Chinese headers (``Column.aliases_zh``) renamed to the column
    names; a header that is already a column name is kept as it is."""
    alias = {a: c.name for c in table.columns for a in c.aliases_zh}
    present = set(df.columns)
    rename = {h: alias[h] for h in df.columns if h in alias and alias[h] not in present}
    return df.rename(columns=rename) if rename else df


def parse_csv(csv: CsvText, nrows: int | None = None) -> pd.DataFrame:
    """All cells of decoded CSV text as text, nothing interpreted as missing except empty cells
    (pyarrow's fast reader; pandas' own reader for what pyarrow refuses, e.g. ragged rows)."""
    if nrows is None:
        try:
            return pd.read_csv(io.BytesIO(csv.text.encode("utf-8")), sep=csv.delimiter, dtype=str,
                               keep_default_na=False, engine="pyarrow")
        except pd.errors.EmptyDataError:
            raise
        except Exception:
            pass
    return pd.read_csv(io.StringIO(csv.text), sep=csv.delimiter, dtype=str, keep_default_na=False, nrows=nrows)


def _read_csv(f: Path) -> tuple[pd.DataFrame, CsvText]:
    csv = decode_csv(f.read_bytes())
    return parse_csv(csv), csv


def _read_folder(folder: Path) -> Dataset:
    meta: dict = {}
    toml = folder / "dataset.toml"
    problems: list[Problem] = []
    if toml.exists():
        try:
            meta = tomllib.loads(toml.read_text(encoding="utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            problems.append(Problem("dataset.toml", None, None, f"cannot be read: {exc}"))
    frames: dict[str, pd.DataFrame] = {}
    read_as: dict[str, str] = {}
    for table in TABLES:
        f = folder / table.file
        if not f.exists():
            continue
        try:
            df, csv = _read_csv(f)
            if not csv.usual:
                read_as[table.file] = csv.how
        except UndecodableError as exc:
            problems.append(Problem(table.file, None, None,
                                    f"is not text in UTF-8, UTF-16 or GB18030 ({exc}); save it as CSV UTF-8"))
            continue
        except pd.errors.EmptyDataError:
            df = pd.DataFrame()
        except pd.errors.ParserError as exc:
            problems.append(Problem(table.file, None, None, f"is not a well-formed CSV: {exc}"))
            continue
        frames[table.name] = canonical_headers(table, _clean(df))
    if problems:
        raise ValidationError(problems)
    return Dataset(meta=meta, frames=frames, source=str(folder), read_as=read_as)


# Workbook bounds: a sheet's declared dimension and the cells actually read. A cell at XFD20000
# alone declares 16 384 x 20 000 cells; pandas/openpyxl in normal mode materialise them all.
MAX_XLSX_COLUMNS = 256
MAX_XLSX_ROWS = 1_000_000
MAX_XLSX_CELLS = 1_000_000  # openpyxl parses each cell in Python: reading time grows with this


def _read_xlsx(path: Path) -> Dataset:
    """Read the schema's sheets (and ``dataset``) of a workbook, streaming (openpyxl read-only).

    Before reading: the archive is checked (:mod:`keyparts.dataset.archive`) and each sheet's
    declared dimension must fit ``MAX_XLSX_COLUMNS`` x ``MAX_XLSX_ROWS`` and ``MAX_XLSX_CELLS``.
    While reading: rows are taken as stored (the declared dimension is not trusted), and the
    cells read are counted against ``MAX_XLSX_CELLS`` across all sheets.
    """
    from keyparts.dataset.archive import DAMAGED

    name = path.name
    wb = _workbook(path)
    wanted = [t.name for t in TABLES] + [META_SHEET]
    sheets: dict[str, pd.DataFrame] = {}
    budget = [MAX_XLSX_CELLS]
    try:
        for title in (t for t in wanted if t in wb.sheetnames):
            sheets[title] = _read_sheet(wb[title], name, budget)
    except KeypartsError:
        raise
    except DAMAGED as exc:
        raise InputError(f"{name}: damaged workbook ({exc}); expected an .xlsx saved by a spreadsheet program") from exc
    finally:
        wb.close()
    meta = _meta_of(sheets[META_SHEET]) if META_SHEET in sheets else {}
    frames = {t.name: canonical_headers(t, _clean(sheets[t.name])) for t in TABLES if t.name in sheets}
    return Dataset(meta=meta, frames=frames, source=str(path))


def _workbook(path: Path):
    """The workbook opened read-only after checking its archive (:mod:`keyparts.dataset.archive`)."""
    import openpyxl

    from keyparts.dataset.archive import open_archive

    name = path.name
    open_archive(path, name).close()
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise InputError(f"{name}: damaged workbook ({exc}); expected an .xlsx saved by a spreadsheet program") from exc
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ValidationError([Problem(name, None, None, f"is not a readable XLSX workbook: {exc}")]) from exc


def _meta_of(sheet: pd.DataFrame) -> dict:
    """dataset.toml's content from the ``dataset`` sheet (columns key, value)."""
    meta: dict = {}
    kv = _clean(sheet)
    if {"key", "value"} <= set(kv.columns):
        for k, v in zip(kv["key"], kv["value"]):
            if k:
                meta[k] = int(v) if k == "year" and v and v.isdigit() else v
    return meta


def _read_xlsx_meta(wb, name: str) -> dict:
    """The ``dataset`` sheet of an open workbook as metadata."""
    return _meta_of(_read_sheet(wb[META_SHEET], name, [MAX_XLSX_CELLS]))


def _too_big(name: str, sheet: str, found: str) -> ValidationError:
    return ValidationError([Problem(name, None, sheet, f"{found}; expected at most {MAX_XLSX_COLUMNS} columns, "
                                    f"{MAX_XLSX_ROWS} rows and {MAX_XLSX_CELLS} cells in the workbook "
                                    "(use a zip of CSV files for more)")])


def _read_sheet(ws, name: str, budget: list[int]) -> pd.DataFrame:
    """One sheet as text cells (header = first row), within the bounds of :func:`_read_xlsx`."""
    from openpyxl.utils import get_column_letter

    if ws.max_row and ws.max_column:
        rows, cols = ws.max_row - ws.min_row + 1, ws.max_column - ws.min_column + 1
        if ws.max_column > MAX_XLSX_COLUMNS or ws.max_row > MAX_XLSX_ROWS or rows * cols > budget[0]:
            raise _too_big(name, ws.title, f"declares the range {ws.calculate_dimension()} ({rows} rows x {cols} "
                           "columns)")
    ws.reset_dimensions()  # rows as stored, not padded to a (possibly lying) declared width
    out: list[list[str | None]] = []
    width = 0
    for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if len(row) > MAX_XLSX_COLUMNS:
            raise _too_big(name, ws.title, f"has a cell at {get_column_letter(len(row))}{i}")
        budget[0] -= max(len(row), 1)
        if budget[0] < 0 or i > MAX_XLSX_ROWS:
            raise _too_big(name, ws.title, f"has more cells than the limit by row {i}")
        out.append([_cell_text(v) for v in row])
        if any(v is not None for v in row):
            width = max(width, max(j + 1 for j, v in enumerate(row) if v is not None))
    while out and all(v is None for v in out[-1]):
        out.pop()
    if not out:
        return pd.DataFrame()
    header = _header([out[0][j] if j < len(out[0]) else None for j in range(width)])
    body = [r[:width] + [None] * (width - len(r)) for r in out[1:]]
    return pd.DataFrame(body, columns=header, dtype=object)


def _header(cells: list[str | None]) -> list[str]:
    """Column names as pandas gives them: empty -> ``Unnamed: i``, repeats -> ``name.1``."""
    seen: dict[str, int] = {}
    out = []
    for i, c in enumerate(cells):
        c = c if c is not None else f"Unnamed: {i}"
        n = seen.get(c, 0)
        seen[c] = n + 1
        out.append(c if n == 0 else f"{c}.{n}")
    return out


def _cell_text(v: object) -> str | None:
    """A workbook cell as the text a CSV would hold: whole floats without '.0', dates as
    YYYY-MM-DD (with the time only when it is not midnight), booleans as true/false."""
    import datetime as dt

    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return _format_cell(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date | dt.time | dt.timedelta):
        return str(v)
    return str(v)


def _format_cell(value: object) -> str:
    """Shortest exact text of a typed value (integral floats without '.0')."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def normalized_frame(table: Table, df: pd.DataFrame) -> pd.DataFrame:
    """The frame as text in the normalized layout used on export."""
    derived = DERIVED_COLUMNS.get(table.name, ())
    cols = table.column_names + sorted(c for c in df.columns
                                       if c not in table.column_names and c not in derived)
    out = pd.DataFrame({c: [_format_cell(v) for v in df[c]] if c in df.columns else [""] * len(df)
                        for c in cols})
    if cols and len(out):
        out = out.sort_values(list(table.key), kind="stable").reset_index(drop=True)
    return out


def write_dataset(ds: Dataset, folder: str | Path) -> list[Path]:
    """Write ``ds`` as a normalized CSV folder with ``dataset.toml``; returns the files written."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "dataset.toml"]
    (out / "dataset.toml").write_text(_toml(ds.meta), encoding="utf-8")
    for table in TABLES:
        if table.name not in ds.frames:
            continue
        f = out / table.file
        normalized_frame(table, ds.frames[table.name]).to_csv(f, index=False, encoding="utf-8", lineterminator="\n")
        written.append(f)
    return written


def _toml(meta: dict) -> str:
    lines = []
    for k in sorted(meta):
        v = meta[k]
        if isinstance(v, bool):
            lines.append(f"{k} = {'true' if v else 'false'}")
        elif isinstance(v, int | float):
            lines.append(f"{k} = {v}")
        else:
            s = str(v).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            lines.append(f'{k} = "{s}"')
    return "\n".join(lines) + "\n"
