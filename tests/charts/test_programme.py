"""Option builders of the programme pages, on the figures of tests/programme/test_localisation.py
(BRG-BALL: IR 0.5 → 0.36667, consumption share 0.5 → 0.63333, target 0.7 by 2025)."""

from __future__ import annotations

import json
import math

from keyparts.charts.programme import origins_option, portfolio_option, side_by_side_option, trend_option


def test_trend_lines_in_per_cent_with_the_target_path():
    """Years 2022-2023 and a 2025 target give an axis 2022..2025; values in per cent (0.36667 →
    36.667); the target is a dashed line from the 2023 actual (63.333 %) to 70 % in 2025."""
    o = trend_option([2022, 2023], {"IR": [0.5, 1 - 0.63333], "cons": [0.5, 0.63333]},
                     targets=[{"name": "target", "series": "cons", "year": 2025, "value": 0.7,
                               "actual_year": 2023, "actual": 0.63333}])
    assert o["xAxis"]["data"] == ["2022", "2023", "2024", "2025"]
    ir, cons, tgt = o["series"]
    assert ir["data"] == [50.0, 36.667, None, None]
    assert cons["data"] == [50.0, 63.333, None, None]
    assert tgt["data"] == [["2023", 63.333], ["2025", 70.0]] and tgt["lineStyle"]["type"] == "dashed"
    assert tgt["itemStyle"]["color"] == cons["itemStyle"]["color"]   # drawn in its line's colour
    assert o["yAxis"]["max"] == 100
    json.dumps(o, allow_nan=False)   # what the template writes: no NaN


def test_missing_values_leave_gaps_and_hhi_stays_a_fraction():
    o = trend_option([2021, 2022, 2023], {"HHI": [1.0, math.nan, 0.5]}, percent=False, y_name="HHI")
    assert o["series"][0]["data"] == [1.0, None, 0.5]
    assert o["yAxis"]["name"] == "HHI" and "max" not in o["yAxis"]


def test_origin_shares_keep_the_top_and_sum_the_rest():
    """JP 0.6/0.5, US 0.3/0.3, DE 0.1/0.2 with top=2: JP, US and 'other' = DE (10 %, 20 %)."""
    o = origins_option([2022, 2023], {"DE": [0.1, 0.2], "JP": [0.6, 0.5], "US": [0.3, 0.3]}, top=2, other="other")
    assert [(s["name"], s["data"]) for s in o["series"]] == [("JP", [60.0, 50.0]), ("US", [30.0, 30.0]),
                                                             ("other", [10.0, 20.0])]
    assert {s["stack"] for s in o["series"]} == {"origins"}


def test_side_by_side_bars_carry_their_links():
    o = side_by_side_option(["BRG", "HYD"], {"a": [0.5, None], "b": [1 / 3, 0.25]}, urls=["/x", None])
    assert o["series"][0]["data"] == [{"value": 50.0, "url": "/x"}, {"value": None}]
    assert o["series"][1]["data"][0]["value"] == 33.33


def test_portfolio_interval_is_stacked_on_an_invisible_base():
    """CH-1: expected 43.9 m, p5 0, p95 177.1 m; CH-2: 10 m in 5..15 m. Best first as given; ECharts
    draws the first category at the bottom, so the lists are reversed."""
    o = portfolio_option(["CH-1", "CH-2"], [43.9e6, 10e6], [0.0, 5e6], [177.1e6, 15e6], urls=["/c1", None])
    assert o["yAxis"]["data"] == ["CH-2", "CH-1"]
    exp, base, ci = o["series"]
    assert exp["data"] == [{"value": 10.0}, {"value": 43.9, "url": "/c1"}]
    assert base["data"] == [5.0, 0.0] and base["itemStyle"]["color"] == "transparent"
    assert ci["data"] == [10.0, 177.1]    # p95 − p5 on top of the base
