"""The qualification tables in the store (SQLite and PostgreSQL): lossless round trip, and a
recorded decision moving a case in one transaction.

Data: the small valid set of tests/dataset/test_qualification_files.py (case C1 opened
2023-01-10, at bench_test after passes on 2023-02-01 and 2023-03-01).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from keyparts.dataset import read_dataset, validate_and_type
from keyparts.errors import InputError, NotFoundError
from keyparts.store import export_dataset, import_dataset, load_dataset
from keyparts.store.qualification import record_decision
from tests.dataset.test_qualification_files import APPS, CASES, EVENTS, INSP
from tests.dataset.tiny import write_tiny

NEW = ("applications.csv", "qualification_cases.csv", "qualification_events.csv", "inspections.csv")


def _load(tmp_path: Path, url: str) -> None:
    folder = write_tiny(tmp_path / "src", applications_csv=APPS, qualification_cases_csv=CASES,
                        qualification_events_csv=EVENTS, inspections_csv=INSP)
    import_dataset(validate_and_type(read_dataset(folder)), url)


def test_qualification_tables_round_trip(tmp_path, db_url):
    """import -> export -> import (replace) -> export: identical files, every row and value kept."""
    _load(tmp_path, db_url)
    export_dataset(tmp_path / "out1", db_url)
    import_dataset(validate_and_type(read_dataset(tmp_path / "out1")), db_url, replace=True)
    export_dataset(tmp_path / "out2", db_url)
    for name in NEW:
        one = (tmp_path / "out1" / name).read_text(encoding="utf-8")
        assert one == (tmp_path / "out2" / name).read_text(encoding="utf-8"), name
    events = (tmp_path / "out1" / "qualification_events.csv").read_text(encoding="utf-8")
    assert "C1,2023-02-01,design_review,pass,Li,ok" in events
    assert "C1,bore d,S2,25,-0.012,0,24.994,mm" in (tmp_path / "out1" / "inspections.csv").read_text()
    assert "A1,O1,BRG-DGBB,X1,Fr=2kN; Fa=0kN; n=3000rpm" in (tmp_path / "out1" / "applications.csv").read_text()


def test_a_recorded_decision_moves_the_case(tmp_path, db_url):
    """pass on bench_test -> system_test (stored event and stage); the same decision twice on one
    day, a date before the last decision, an unknown case and a decision after a fail are refused."""
    _load(tmp_path, db_url)
    ev = record_decision("C1", "pass", by="Li", note="10 units, no failure", date=dt.date(2023, 6, 1), url=db_url)
    assert (ev["stage_before"], ev["stage_after"]) == ("bench_test", "system_test")
    ds = load_dataset(db_url)
    assert ds["qualification_cases"].set_index("id").at["C1", "stage"] == "system_test"
    last = ds["qualification_events"].sort_values("date").iloc[-1]
    assert (last["date"], last["stage"], last["decision"], last["decided_by"]) == \
        ("2023-06-01", "bench_test", "pass", "Li")
    with pytest.raises(InputError, match="before the case's opening or last decision"):
        record_decision("C1", "hold", by="Li", date=dt.date(2023, 5, 1), url=db_url)
    with pytest.raises(NotFoundError):
        record_decision("C9", "pass", by="Li", url=db_url)
    with pytest.raises(InputError, match="name of the person"):
        record_decision("C1", "pass", by=" ", url=db_url)
    record_decision("C1", "hold", by="Li", date=dt.date(2023, 6, 1), url=db_url)
    with pytest.raises(InputError, match="already recorded"):
        record_decision("C1", "hold", by="Li", date=dt.date(2023, 6, 1), url=db_url)
    record_decision("C1", "fail", by="Li", date=dt.date(2023, 7, 1), url=db_url)
    with pytest.raises(InputError, match="rejected"):
        record_decision("C1", "pass", by="Li", date=dt.date(2023, 8, 1), url=db_url)
    # the stored history still validates (stage order, final stage = rejected)
    export_dataset(tmp_path / "out", db_url)
    validate_and_type(read_dataset(tmp_path / "out"))
