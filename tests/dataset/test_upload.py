"""A life-test table sent on its own (web upload, CLI file) runs the tests.csv rules of the
dataset contract; it may leave out what a campaign outside a dataset lacks, the dataset
import may not."""

from __future__ import annotations

import pandas as pd
import pytest

from keyparts.dataset.upload import read_life_tests
from keyparts.dataset.validate import validate_table
from keyparts.errors import ValidationError


def _messages(exc: pytest.ExceptionInfo) -> list[str]:
    return [str(p) for p in exc.value.problems]


def test_upload_may_omit_ids_bounds_stress_and_the_unit_column():
    """No unit_id column: rows are u1, u2; no time_unit column: hours; ids left to the store."""
    df = read_life_tests(b"time,status\n5,F\n7,S\n", file="t.csv")
    assert list(df["unit_id"]) == ["u1", "u2"] and set(df["time_unit"]) == {"h"}
    assert df["part_id"].isna().all() and df["test_id"].isna().all()
    assert list(df["time"]) == [5.0, 7.0]


def test_the_dataset_contract_still_requires_those_columns():
    raw = pd.DataFrame({"time": ["5"], "status": ["F"]}, dtype=object)
    with pytest.raises(ValidationError) as exc:
        validate_table("tests", raw)
    msgs = _messages(exc)
    for col in ("test_id", "part_id", "unit_id", "time_upper", "stress", "time_unit"):
        assert f"tests.csv:1:{col}: required column is missing from the header" in msgs


def test_columns_given_follow_the_contract_cell_by_cell():
    """An empty unit on row 3, a duplicate unit_id on row 4, a left-censored row without
    time_upper on row 5, a negative time on row 6: each named by file, row and column."""
    csv = b"time,time_upper,status,unit_id,time_unit\n1,,F,a,h\n2,,F,b,\n3,,F,a,h\n,,L,c,h\n-1,,F,d,h\n"
    with pytest.raises(ValidationError) as exc:
        read_life_tests(csv, file="up.csv")
    msgs = "\n".join(_messages(exc))
    assert "up.csv:3:time_unit: is empty" in msgs
    assert "up.csv:4:unit_id: duplicate key (unit_id=a), first given on row 2" in msgs
    assert "up.csv:5:time_upper: is empty for status L" in msgs
    assert "up.csv:6:time: -1 is out of range, expected a value at least 0" in msgs


def test_unknown_columns_are_kept_as_a_warning_not_an_error():
    df = read_life_tests(b"time,status,note\n5,F,lab 2\n")
    assert list(df["note"]) == ["lab 2"]
