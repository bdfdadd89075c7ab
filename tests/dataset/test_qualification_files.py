"""The qualification files (applications, cases, events, inspections): each validator rule shown
by a deliberately broken copy of the tiny dataset's qualification files (tests/dataset/tiny.py).

Valid set: application A1 of OEM O1 for category BRG-DGBB (Fr = 2 kN, n = 3000 r/min,
20 000 h); case C1 of part P1 (a BRG-DGBB-P5 grade, below BRG-DGBB) opened 2023-01-10 and now
at bench_test after two passes (design_review 2023-02-01, first_article 2023-03-01);
inspections of C1 with tolerances -0.012/0 on a 25 mm bore. Rows are CSV line numbers
(header = 1).
"""

from __future__ import annotations

import pytest

from keyparts.dataset import read_dataset, validate
from keyparts.dataset.schema import TABLE_BY_NAME
from keyparts.qualify import ALL_STAGES, DECISIONS, STAGES
from tests.dataset.tiny import TINY, write_tiny

APPS = TINY["applications.csv"]
CASES = TINY["qualification_cases.csv"]
EVENTS = TINY["qualification_events.csv"]
INSP = TINY["inspections.csv"]


def _problems(tmp_path, apps=APPS, cases=CASES, events=EVENTS, insp=INSP):
    ds = read_dataset(write_tiny(tmp_path / "ds", applications_csv=apps, qualification_cases_csv=cases,
                                 qualification_events_csv=events, inspections_csv=insp))
    return [str(p) for p in validate(ds) if p.severity == "error"]


def test_the_small_valid_set_is_valid(tmp_path):
    assert _problems(tmp_path) == []


def test_datasets_without_the_qualification_files_stay_valid(tmp_path):
    ds = read_dataset(write_tiny(tmp_path / "ds", applications_csv=None, qualification_cases_csv=None,
                                 qualification_events_csv=None, inspections_csv=None))
    assert [p for p in validate(ds) if p.severity == "error"] == []
    assert all(not TABLE_BY_NAME[t].required for t in
               ("applications", "qualification_cases", "qualification_events", "inspections"))


def test_stage_and_decision_words_are_the_engines():
    assert TABLE_BY_NAME["qualification_cases"].column("stage").choices == ALL_STAGES
    assert TABLE_BY_NAME["qualification_events"].column("stage").choices == STAGES
    assert TABLE_BY_NAME["qualification_events"].column("decision").choices == DECISIONS


BROKEN = [
    ("unknown stage", dict(cases=CASES.replace("bench_test", "lab_test")),
     "qualification_cases.csv:2:stage", "'lab_test' is not one of design_review"),
    ("bad opened date", dict(cases=CASES.replace("2023-01-10", "10/01/2023")),
     "qualification_cases.csv:2:opened", "is not a date"),
    ("unknown application", dict(cases=CASES.replace(",A1,", ",A9,")),
     "qualification_cases.csv:2:application_id", "'A9' is not an id in applications.csv"),
    ("unknown decision", dict(events=EVENTS.replace("first_article,pass", "first_article,ok")),
     "qualification_events.csv:3:decision", "'ok' is not one of pass | fail | hold"),
    ("event of an unknown case", dict(events=EVENTS + "C9,2023-04-01,bench_test,hold,Li,x\n"),
     "qualification_events.csv:4:case_id", "'C9' is not an id in qualification_cases.csv"),
    ("decision on a stage the case is not at",
     dict(events=EVENTS.replace("2023-03-01,first_article", "2023-03-01,bench_test")),
     "qualification_events.csv:3:stage", "decision on 'bench_test' while the case is at 'first_article'"),
    ("decision after a fail", dict(
        events=EVENTS.replace("first_article,pass", "first_article,fail") + "C1,2023-04-01,bench_test,pass,Li,x\n",
        cases=CASES.replace("bench_test", "rejected")),
     "qualification_events.csv:4:stage", "after the case was rejected"),
    ("event before the case was opened", dict(events=EVENTS.replace("2023-02-01", "2022-12-31")),
     "qualification_events.csv:2:date", "before case C1 was opened (2023-01-10)"),
    ("case stage not where its decisions leave it", dict(cases=CASES.replace("bench_test", "system_test")),
     "qualification_cases.csv:2:stage", "leave case C1 at 'bench_test'"),
    ("case of another OEM's application", dict(cases=CASES.replace(",O1,A1,", ",O2,A1,")),
     "qualification_cases.csv:2:oem_id", "is not the OEM of application A1"),
    ("part outside the application's category", dict(apps=APPS.replace("BRG-DGBB,X1", "BRG-DGBB-P5,X1"),
                                                     cases=CASES.replace("C1,P1,", "C1,A1,")),
     "qualification_cases.csv:2:part_id", "expected a part of the application's category BRG-DGBB-P5"),
    ("test campaign of another part", dict(cases=CASES.replace(",T1,", ",T9,")),
     "qualification_cases.csv:2:test_ids", "'T9' is not in tests.csv"),
    ("unreadable loads", dict(apps=APPS.replace("n=3000rpm", "n=3000kg")),
     "applications.csv:2:loads", "n=3000kg"),
    ("tolerances reversed", dict(insp=INSP.replace("S2,25,-0.012,0,", "S2,25,0,-0.012,")),
     "inspections.csv:3:upper_tol", "expected lower_tol <= upper_tol"),
    ("two nominals for one characteristic", dict(insp=INSP.replace("S2,25,", "S2,26,")),
     "inspections.csv:2:nominal", "more than one nominal/tolerance"),
]


@pytest.mark.parametrize("changes,where,words", [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN])
def test_each_rule_names_file_row_and_field(tmp_path, changes, where, words):
    errors = _problems(tmp_path, **changes)
    assert any(e.startswith(where) and words in e for e in errors), errors
