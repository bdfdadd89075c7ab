"""First-use conversion (first use → repeat order → batch supply) and the per-category summary,
on a hand-made history.

Cases (all of part P in category C-1 below family C): A reached batch_supply (entered
field_trial 2024-01-31, small_batch 2024-03-01 = 30 days later, batch_supply 2024-04-30 = 60
days later); B is at small_batch (field_trial 2024-02-01, small_batch 2024-03-12: 40 days);
C failed its field trial (entered 2024-01-01); D is at bench_test.
Reached: first use A, B, C = 3; repeat order A, B = 2 (2/3); batch supply A = 1 (1/2).
Median days: first use → repeat order median(30, 40) = 35; repeat → batch 60.
"""

from __future__ import annotations

import pandas as pd
import pytest

from keyparts.qualify.conversion import conversion
from keyparts.qualify.summary import category_summary

CASES = pd.DataFrame({"id": list("ABCD"), "part_id": ["P", "P", "Q", "P"], "oem_id": ["O1", "O2", "O1", "O3"],
                      "stage": ["batch_supply", "small_batch", "rejected", "bench_test"],
                      "opened": ["2023-12-01"] * 4})
EVENTS = pd.DataFrame([
    ("A", "2024-01-31", "system_test", "pass"), ("A", "2024-03-01", "field_trial", "pass"),
    ("A", "2024-04-30", "small_batch", "pass"),
    ("B", "2024-02-01", "system_test", "pass"), ("B", "2024-03-12", "field_trial", "pass"),
    ("C", "2024-01-01", "system_test", "pass"), ("C", "2024-02-01", "field_trial", "fail"),
], columns=["case_id", "date", "stage", "decision"])


def test_conversion_counts_and_rates():
    steps = {s.step: s for s in conversion(CASES, EVENTS).steps}
    assert [steps[k].reached for k in ("first_use", "repeat_order", "batch_supply")] == [3, 2, 1]
    assert steps["first_use"].conversion is None
    assert steps["repeat_order"].conversion == pytest.approx(2 / 3)
    assert steps["batch_supply"].conversion == pytest.approx(1 / 2)
    assert steps["repeat_order"].median_days == pytest.approx(35.0)
    assert steps["batch_supply"].median_days == pytest.approx(60.0)


def test_summary_per_category_counts_stages_substitutes_and_enterprises():
    """Parts P and Q (maker M) in C-1 under C: 4 cases, qualified substitutes: P (A at
    batch_supply, B at small_batch) for 2 OEMs; enterprises M, O1, O2, O3 = 4. The family C
    holds the same cases."""
    frames = {"qualification_cases": CASES, "parts": pd.DataFrame({"id": ["P", "Q"], "maker_id": ["M", "M"],
                                                                   "category_id": ["C-1", "C-1"]}),
              "categories": pd.DataFrame({"id": ["C", "C-1"], "parent_id": [None, "C"]})}
    rows = {r["category_id"]: r for r in category_summary({**frames, "qualification_events": EVENTS.iloc[:0]},
                                                         as_of="2024-06-01")}
    assert list(rows) == ["C", "C-1"]
    r = rows["C-1"]
    assert r["cases"] == 4 and r["by_stage"] == {"bench_test": 1, "small_batch": 1, "batch_supply": 1, "rejected": 1}
    assert (r["qualified_parts"], r["qualified_oems"], r["enterprises"]) == (1, 2, 4)
    # without recorded decisions no case is seen reaching small_batch: all censored at as_of
    assert r["time_to_qualify_days"]["median"] is None and r["time_to_qualify_days"]["qualified"] == 0
