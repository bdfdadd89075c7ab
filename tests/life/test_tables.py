"""keyparts.life.from_tests_frame: the one converter of a tests.csv table to life data.

Unit factors are the SI definitions (BIPM SI Brochure, 9th ed. 2019, Table 8: 1 d = 24 h,
1 h = 60 min = 3600 s); 1 Mrev = 10^6 rev; revolutions at n r/min last rev / n minutes.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from keyparts.errors import InputError
from keyparts.life import compare, fit, from_tests_frame


def _frame(rows: list[tuple], columns=("time", "status", "time_unit")) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


ISSUE = [(100, "F", "h"), (150, "F", "h"), (2, "F", "days"), (300, "S", "h")]


def test_days_among_hours_become_hours():
    """Issue 17's table: 3 rows in h, one in days, so the data set is in h (most rows) and
    2 days = 2 × 24 h = 48 h. The suspension at 300 h stays open above (upper = inf)."""
    d = from_tests_frame(_frame(ISSUE))
    assert d.unit == "h"
    np.testing.assert_allclose(d.lower, [100, 150, 48, 300])
    assert list(d.kind) == [0, 0, 0, 1] and math.isinf(d.upper[3])


def test_fit_of_converted_table_is_the_fit_in_hours_and_says_so():
    """Weibull MLE of failures 100, 150, 48 h and a suspension at 300 h: scipy.stats
    weibull_min.fit(CensoredData(uncensored=[100, 150, 48], right=[300]), floc=0) gives
    beta = 1.268727, eta = 197.1285 h (an independent optimiser of the same likelihood)."""
    d = fit(from_tests_frame(_frame(ISSUE))).to_dict()
    assert d["params"]["beta"] == pytest.approx(1.268727, rel=1e-5)
    assert d["params"]["eta"] == pytest.approx(197.1285, rel=1e-5)
    assert d["time_unit"] == "h"


def test_requested_unit_wins_over_the_most_used():
    """to_unit='days': 100 h = 100/24 = 4.1667 d, 2 d stays 2; to_unit='min': 2 d = 2880 min."""
    d = from_tests_frame(_frame(ISSUE), to_unit="days")
    assert d.unit == "days"
    np.testing.assert_allclose(d.lower, [100 / 24, 150 / 24, 2, 300 / 24])
    assert from_tests_frame(_frame(ISSUE), to_unit="min").lower[2] == pytest.approx(2880)


def test_a_tie_goes_to_the_unit_named_first():
    """One row in min, one in h: the first named (min) is used, so 1 h = 60 min."""
    d = from_tests_frame(_frame([(30, "F", "min"), (1, "F", "h")]))
    assert d.unit == "min" and list(d.lower) == pytest.approx([30, 60])


def test_time_and_revolutions_in_one_data_set_are_refused():
    with pytest.raises(InputError, match=r"time_unit: the tests mix time \(h\) and revolutions \(Mrev\)"):
        from_tests_frame(_frame([(100, "F", "h"), (2, "F", "Mrev")]))
    with pytest.raises(InputError, match=r"Mrev \(revolutions\) cannot be converted to h \(time\)"):
        from_tests_frame(_frame([(2, "F", "Mrev")]), to_unit="h")


def test_revolutions_mix_and_turn_into_hours_at_a_speed():
    """2 500 000 rev = 2.5 Mrev; cycles count revolutions; at 1500 r/min one Mrev lasts
    10^6 / 1500 = 666.67 min = 11.111 h."""
    d = from_tests_frame(_frame([(2_500_000, "F", "rev"), (3, "F", "Mrev"), (4, "S", "Mrev"),
                                 (1_000_000, "F", "cycles")]))
    assert d.unit == "Mrev" and list(d.lower) == pytest.approx([2.5, 3, 4, 1])
    h = from_tests_frame(_frame([(1, "F", "Mrev")]), to_unit="h", speed_rpm=1500)
    assert h.unit == "h" and h.lower[0] == pytest.approx(1e6 / 1500 / 60)


def test_intervals_left_censored_rows_and_counts_convert_both_ends():
    """An interval 660-1200 min is 11-20 h; a left-censored row with empty time and time_upper
    10 h is failed in (0, 10]; empty count means 1; stress is kept when given."""
    df = pd.DataFrame({"time": [np.nan, 660, 31], "time_upper": [10, 1200, np.nan],
                       "status": ["L", "I", "S"], "count": [50, 25, np.nan],
                       "time_unit": ["h", "min", "h"], "stress": [5.0, 5.0, 5.0]})
    d = from_tests_frame(df)
    assert d.unit == "h"
    np.testing.assert_allclose(d.lower, [0, 11, 31])
    np.testing.assert_allclose(d.upper, [10, 20, np.inf])
    assert list(d.kind) == [2, 3, 1] and list(d.count) == [50, 25, 1] and list(d.stress) == [5, 5, 5]


def test_without_a_unit_column_numbers_stay_as_given():
    d = from_tests_frame(_frame([(1, "F"), (2, "S")], columns=("time", "status")))
    assert d.unit is None and list(d.lower) == [1, 2]
    with pytest.raises(InputError, match="state no unit"):
        from_tests_frame(_frame([(1, "F")], columns=("time", "status")), to_unit="h")


def test_unknown_unit_and_missing_columns_are_named():
    with pytest.raises(InputError, match="time_unit: 'blorps' is not a life unit"):
        from_tests_frame(_frame([(1, "F", "blorps")]))
    with pytest.raises(InputError, match=r"to_unit: '9\*\*9\*\*9\*\*9' is not a life unit"):  # pint would never finish
        from_tests_frame(_frame(ISSUE), to_unit="9**9**9**9")
    with pytest.raises(InputError, match="no 'status' column"):
        from_tests_frame(pd.DataFrame({"time": [1.0]}))


def test_grouped_left_and_interval_table_matches_scipy():
    """JMP grouped data (lifelines issue #1250) with the 11-20 h interval written in minutes:
    scipy weibull_min.fit(CensoredData(left=50×10, interval=25×(11,20)+15×(21,25)+9×(26,30),
    right=[31]), floc=0) gives beta = 1.441259, eta = 14.04672 h."""
    df = pd.DataFrame({"time": [np.nan, 660, 21, 26, 31], "time_upper": [10, 1200, 25, 30, np.nan],
                       "status": ["L", "I", "I", "I", "S"], "count": [50, 25, 15, 9, 1],
                       "time_unit": ["h", "min", "h", "h", "h"]})
    res = fit(from_tests_frame(df))
    assert res.params["beta"] == pytest.approx(1.441259, rel=1e-4)
    assert res.params["eta"] == pytest.approx(14.04672, rel=1e-4)
    iv = [[11, 20]] * 25 + [[21, 25]] * 15 + [[26, 30]] * 9
    beta, _, eta = stats.weibull_min.fit(stats.CensoredData(left=[10] * 50, interval=iv, right=[31]), floc=0)
    assert (res.params["beta"], res.params["eta"]) == pytest.approx((beta, eta), rel=1e-4)


def test_compare_refuses_groups_in_different_units():
    a = from_tests_frame(_frame([(100, "F", "h"), (150, "F", "h"), (200, "F", "h")]))
    b = from_tests_frame(_frame([(1, "F", "days"), (2, "F", "days"), (3, "F", "days")]))
    with pytest.raises(InputError, match=r"groups: time units differ \(h, days\)"):
        compare([a, b])


def test_one_status_for_every_time():
    """``life_data([1500, 1800], "S")`` means two suspensions, as ``["S", "S"]`` does; a scalar
    status used to fail with "status: 1 values for 2 times"."""
    from keyparts.life import life_data

    one, listed = life_data([1500.0, 1800.0], "S"), life_data([1500.0, 1800.0], ["S", "S"])
    assert np.array_equal(one.kind, listed.kind)
    assert life_data([1500.0], "F").failures == 1
    with pytest.raises(InputError, match="2 values for 3 times"):
        life_data([1.0, 2.0, 3.0], ["F", "S"])


@pytest.mark.parametrize("unit", ["pcs", "percent"])
def test_a_plain_number_unit_is_not_revolutions(unit):
    """pint reads a revolution as a dimensionless angle (2π rad), so a rule "no dimension =
    revolutions" took 3 Mrev beside 'pcs' as 1.885e7 pcs (3e6 · 2π). What counts revolutions is
    keyparts.units.is_revolutions (rev, Mrev, cycles); a count or a percentage is refused."""
    with pytest.raises(InputError, match=f"time_unit: '{unit}' is not a life unit"):
        from_tests_frame(_frame([(2, "F", unit), (3, "F", "Mrev"), (4, "F", "Mrev")]))
