"""One table sent on its own (a web upload, a CLI file): read as text like a dataset file and
checked by the dataset contract (:func:`keyparts.dataset.validate.validate_table`).

A life-test table (``tests.csv`` columns) may leave out what a single campaign outside a
dataset does not have: ``test_id`` and ``part_id`` (given when it is stored), ``unit_id``
(``u1``, ``u2``, ... by row), ``time_upper``, ``stress``, ``count`` and ``time_unit`` (the
whole column absent means hours, ``h``). ``time`` and ``status`` are required, and every
rule of ``tests.csv`` holds for the columns given: statuses F/S/L/I, numbers >= 0, a
``time_unit`` from the contract's list on every row, a time for F and S rows,
``time < time_upper`` for I rows, ``time_upper`` for L rows, unique ``unit_id``.
"""

from __future__ import annotations


import pandas as pd

from keyparts.dataset.io import _clean, canonical_headers, parse_csv
from keyparts.dataset.schema import TABLE_BY_NAME
from keyparts.dataset.text import UndecodableError, decode_csv
from keyparts.dataset.validate import validate_table
from keyparts.errors import InputError, Problem, ValidationError

TESTS_OPTIONAL = ("test_id", "part_id", "unit_id", "time_upper", "stress", "time_unit")
DEFAULT_TIME_UNIT = "h"


def read_table(name: str, data: bytes, *, file: str, optional: tuple[str, ...] = (),
               max_rows: int | None = None) -> pd.DataFrame:
    """The typed frame of the CSV ``data`` as table ``name``; errors name ``file``, row, column."""
    try:
        csv = decode_csv(data)
    except UndecodableError as exc:
        raise InputError(f"{file}: not text in UTF-8, UTF-16 or GB18030 ({exc}); expected a CSV file") from exc
    if "\x00" in csv.text:
        raise InputError(f"{file}: contains NUL bytes; expected a CSV text file")
    try:
        raw = parse_csv(csv, nrows=None if max_rows is None else max_rows + 1)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise InputError(f"{file}: not a readable CSV ({str(exc).splitlines()[0]}); expected a header "
                         "row and one row per test unit") from exc
    if max_rows is not None and len(raw) > max_rows:
        raise InputError(f"{file}: more than {max_rows} rows; split the file")
    if len(raw) == 0:
        raise ValidationError([Problem(file, None, None, "has no data rows, expected one row per test unit")])
    out = validate_table(name, canonical_headers(TABLE_BY_NAME[name], _clean(raw)), file=file, optional=optional)
    if not csv.usual:
        out.attrs["read_as"] = csv.how
    return out


def read_life_tests(data: bytes, *, file: str = "upload.csv", max_rows: int | None = None) -> pd.DataFrame:
    """A life-test CSV as a typed ``tests`` frame, with the defaults of the module docstring."""
    df = read_table("tests", data, file=file, optional=TESTS_OPTIONAL, max_rows=max_rows)
    if df["unit_id"].isna().all():
        df["unit_id"] = [f"u{i + 1}" for i in range(len(df))]
    if df["time_unit"].isna().all():
        df["time_unit"] = DEFAULT_TIME_UNIT
    return df.reset_index(drop=True)
