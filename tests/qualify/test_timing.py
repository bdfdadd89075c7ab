"""Time to qualify: Kaplan–Meier (Kaplan & Meier 1958) over case histories.

Published case: the 6-MP arm of the Freireich et al. (1963) leukaemia remission trial, 21
patients, weeks (* censored): 6 6 6 6* 7 9* 10 10* 11* 13 16 17* 19* 20* 22 23 25* 32* 32* 34*
35*. Product-limit values as tabulated by Kleinbaum & Klein, *Survival Analysis: A
Self-Learning Text* (3rd ed. 2012), ch. 2, and Klein & Moeschberger (2003) Table 4.1A:
S(6) = 0.857, S(7) = 0.807, S(10) = 0.753, S(13) = 0.690, S(16) = 0.627, S(22) = 0.538,
S(23) = 0.448; median 23 weeks.

Small history (hand calculation): five cases in design_review. a passes after 10 days, b is
open after 20 days (censored), c passes after 30, d after 40, e is rejected after 50
(censored). S(10) = 4/5 = 0.8; S(30) = 0.8·(1 − 1/3) = 0.5333; S(40) = 0.5333·(1 − 1/2) =
0.2667. Median (first S ≤ 0.5) = 40 days; first quartile (first S ≤ 0.75) = 30 days
(S(10) = 0.8 is still above 0.75); third quartile (S ≤ 0.25) not reached.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keyparts.errors import InputError
from keyparts.qualify import kaplan_meier, time_to_qualify

SIX_MP = [(6, 1), (6, 1), (6, 1), (6, 0), (7, 1), (9, 0), (10, 1), (10, 0), (11, 0), (13, 1), (16, 1),
          (17, 0), (19, 0), (20, 0), (22, 1), (23, 1), (25, 0), (32, 0), (32, 0), (34, 0), (35, 0)]


def test_product_limit_matches_freireich_6mp() -> None:
    t, e = zip(*SIX_MP)
    km = kaplan_meier(t, e)
    assert list(km.times) == [6, 7, 10, 13, 16, 22, 23]
    assert list(km.survival) == pytest.approx([0.857, 0.807, 0.753, 0.690, 0.627, 0.538, 0.448],
                                              abs=5e-4)
    assert km.quantile(0.5) == 23


def test_time_to_qualify_small_history() -> None:
    ev = pd.DataFrame({
        "case_id": ["a", "c", "d", "e"],
        "date": ["2025-01-11", "2025-01-31", "2025-02-10", "2025-02-20"],
        "stage": ["design_review"] * 4,
        "decision": ["pass", "pass", "pass", "fail"]})
    opened = {"a": "2025-01-01", "b": "2025-03-12", "c": "2025-01-01", "d": "2025-01-01",
              "e": "2025-01-01"}
    res = time_to_qualify(ev, opened, as_of="2025-04-01")
    km = res.per_stage["design_review"]
    assert list(km.times) == [10, 30, 40]
    assert list(km.survival) == pytest.approx([0.8, 0.8 * 2 / 3, 0.8 * 2 / 3 * 0.5])
    d = res.to_dict()["stages"]["design_review"]["quartiles"]
    assert d == {"0.25": 30.0, "0.5": 40.0, "0.75": None}
    # nobody has reached small_batch: all censored, no median
    assert res.qualified.quantile(0.5) is None and res.qualified.n == 5
    # a, c, d are open in first_article (censored at as_of)
    assert res.per_stage["first_article"].n == 3 and res.per_stage["first_article"].times.size == 0


def test_qualified_time_counts_from_opening() -> None:
    """A case passing design_review (d 10), first_article (d 20), bench (d 50), system (d 80)
    and field trial (d 200) reaches small_batch 200 days after opening."""
    stages = ["design_review", "first_article", "bench_test", "system_test", "field_trial"]
    days = [10, 20, 50, 80, 200]
    ev = pd.DataFrame({"case_id": "q", "stage": stages, "decision": "pass",
                       "date": [pd.Timestamp("2025-01-01") + pd.Timedelta(days=d) for d in days]})
    res = time_to_qualify(ev, {"q": "2025-01-01"}, as_of="2026-01-01")
    assert res.qualified.quantile(0.5) == 200 and res.median_days == 200
    assert res.per_stage["bench_test"].quantile(0.5) == 30


@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=40))
@settings(max_examples=50, deadline=None)
def test_without_censoring_km_is_the_empirical_survival(days: list[int]) -> None:
    """With every case observed, S(t) = share of durations > t (Kaplan & Meier 1958, §2)."""
    km = kaplan_meier(days, [1] * len(days))
    x = np.asarray(days)
    np.testing.assert_allclose(km.survival, [(x > t).mean() for t in km.times], atol=1e-12)


def test_events_of_an_unknown_case_are_refused() -> None:
    ev = pd.DataFrame({"case_id": ["zz"], "date": ["2025-01-02"], "stage": ["design_review"],
                       "decision": ["pass"]})
    with pytest.raises(InputError, match="case zz has events but no opening date"):
        time_to_qualify(ev, {"a": "2025-01-01"}, as_of="2025-02-01")


def test_decision_on_the_wrong_stage_is_refused() -> None:
    ev = pd.DataFrame({"case_id": ["a"], "date": ["2025-01-02"], "stage": ["bench_test"],
                       "decision": ["pass"]})
    with pytest.raises(InputError, match="decision on 'bench_test' while the case is at 'design_review'"):
        time_to_qualify(ev, {"a": "2025-01-01"}, as_of="2025-02-01")
