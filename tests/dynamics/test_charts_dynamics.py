"""The ECharts option of the dynamic scenario curves (keyparts.charts.dynamics), on the JP
embargo of the tiny dataset worked by hand in tests/dynamics/test_from_supply.py: X1 keeps its
full output to day 47, 80 % on day 48, 40 % on days 49..61, full again from day 62."""

from __future__ import annotations

import json

import numpy as np
import pytest

from keyparts.charts.dynamics import daily_curves_option
from keyparts.dataset import read_dataset, validate_and_type
from keyparts.dynamics.from_supply import plants_of_dataset, run_dynamic_scenario
from keyparts.supply.scenario import Scenario
from tests.dataset.tiny import write_tiny


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    pn = plants_of_dataset(validate_and_type(read_dataset(write_tiny(tmp_path_factory.mktemp("t")))))[1]
    return run_dynamic_scenario(pn, Scenario(embargo=("JP",), duration_days=60, inventory_days=15),
                                days=70)


def test_curves_in_per_cent_of_pre_shock_with_the_static_line(run) -> None:
    """The static line (a level of 60 %, the figure passed in) runs over the 60 days of the
    disruption (days 0..59) and is empty after."""
    opt = daily_curves_option(run.days, {"X1": run.output_fraction[0]}, static={"static": 0.6},
                              static_days=60)
    json.dumps(opt)                                    # JSON-able: no function, no NaN
    x1, st = opt["series"]
    assert opt["xAxis"]["data"] == list(range(70))
    assert [x1["data"][d] for d in (47, 48, 49, 61, 62)] == [100.0, 80.0, 40.0, 40.0, 100.0]
    assert st["lineStyle"]["type"] == "dashed"
    assert st["data"][:60] == [60.0] * 60 and st["data"][60:] == [None] * 10
    assert opt["yAxis"]["min"] == 0 and opt["yAxis"]["max"] == 100   # 40 % is below 50


def test_national_value_added_curve(run) -> None:
    """Value added of the run relative to the pre-shock value added c (final demand). On day 48
    X1 makes 0.8 of its output and loses 0.2 (c - A) of value added, the spindle plant runs at
    0.4 and loses 0.6 (A - u), M2's plant makes nothing and loses its 0.6u: the curve is
    100 (1 - (0.2 (c - A) + 0.6 (A - u) + 0.6u) / c). From day 49 X1 runs at 0.4, below half
    of the national value added: the axis starts at 0."""
    c, a, u = 1000 * 150000 / 365, 2 * 1000 * 1200 / 365, 4 * 2000 * 4.5 / 365
    sim = run.simulation
    frac = np.asarray(sim.value_added) / sim.baseline_value_added
    opt = daily_curves_option(sim.days, {"value added": frac})
    expected = 100 * (1 - (0.2 * (c - a) + 0.6 * (a - u) + 0.6 * u) / c)
    assert opt["series"][0]["data"][48] == pytest.approx(round(expected, 2), abs=1e-9)
    assert min(opt["series"][0]["data"]) < 50 and opt["yAxis"]["min"] == 0
    assert daily_curves_option([0, 1], {"a": [1.0, 0.9]})["yAxis"]["min"] == 50


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="2 values for 3 days"):
        daily_curves_option([0, 1, 2], {"a": [1.0, 1.0]})
