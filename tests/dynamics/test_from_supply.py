"""The plant network built from keyparts data, and a scenario run day by day on it, derived by
hand on the tiny dataset of tests/dataset/tiny.py (three enterprises: OEM O1, makers M1 (CN)
and M2 (JP)).

The data: product X1 of O1, 1000 units/year at USD 150 000, needs 2 spindle units A1 (part of
M1, USD 1200, category BRG); A1 needs 4 bearings P1 (USD 4.5, category BRG-DGBB-P5), bought by
M1 40 % from M1 (CN) and 60 % from M2 (JP), and 2 unpriced BRG-DGBB bearings (non-essential,
no sourcing row). Per day (365 days a year):

- X1 sells c = 1000 x 150 000 / 365 = 410 958.90 to final demand;
- X1 buys A = 2 x 1000 x 1200 / 365 = 6575.34 from plant M1|BRG|CN;
- M1|BRG|CN buys u = 4 x 2000 x 4.5 / 365 = 98.63 of BRG-DGBB-P5: 0.4u = 39.45 from
  M1|BRG-DGBB-P5|CN and 0.6u = 59.18 from M2|BRG-DGBB-P5|JP (one sector: substitutes);
- the BRG-DGBB line (2 x 2000 x 5.875, the median price of the category's parts) has no
  supplier in the data: USD 23 500 a year stays outside the network.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from keyparts.cli import app
from keyparts.dataset import read_dataset, validate_and_type
from keyparts.dynamics.from_supply import plants_of_dataset, run_dynamic_scenario
from keyparts.supply.scenario import Scenario
from tests.dataset.tiny import write_tiny


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return write_tiny(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="module")
def plants(tiny):
    return plants_of_dataset(validate_and_type(read_dataset(tiny)))[1]


def test_plants_links_and_amounts_by_hand(plants) -> None:
    net = plants.network
    ids = list(net.firm_ids)
    assert ids == ["X1", "M1|BRG|CN", "M1|BRG-DGBB-P5|CN", "M2|BRG-DGBB-P5|JP"]
    links = {(ids[s], ids[c]): f for s, c, f in zip(net.supplier, net.customer, net.flow, strict=True)}
    u = 4 * 2000 * 4.5 / 365
    assert links == pytest.approx({("M1|BRG|CN", "X1"): 2 * 1000 * 1200 / 365,
                                   ("M1|BRG-DGBB-P5|CN", "M1|BRG|CN"): 0.4 * u,
                                   ("M2|BRG-DGBB-P5|JP", "M1|BRG|CN"): 0.6 * u}, rel=1e-12)
    assert net.final_demand.tolist() == pytest.approx([1000 * 150000 / 365, 0, 0, 0], rel=1e-12)
    # the two bearing plants are one sector (a part category), the spindle plant another
    assert net.sector[2] == net.sector[3] != net.sector[1]
    assert plants.unsourced_usd_per_year == pytest.approx(2 * 2000 * 5.875)


@pytest.mark.parametrize("rule", ["proportional", "priority"])
def test_japan_embargo_day_by_day_by_hand(plants, rule) -> None:
    """Embargo on JP for 60 days, target inventory 15 days, tau 6.

    M2's plant stops on day 0. The spindle plant holds 15u of bearings and uses u a day; M1's
    bearing plant delivers its whole capacity 0.4u a day (the spindle plant orders more, but M1
    has no spare capacity), so the stock before production on day t is 15u - 0.6u t: full
    output while it covers a day's use (t <= 23), 0.6 on day 24, then 0.4 (inflow 0.4u) to day
    60. X1 holds 15A of spindles: it receives 0.6A on day 25 and 0.4A a day after, so its stock
    is 14.6A - 0.6A (t - 25): full output to day 47, 0.8 on day 48, 0.4 from day 49. M2 runs
    again on day 60; its 0.6u arrives on day 61, when the spindle plant is full again, and the
    spindles of day 61 bring X1 back to full output on day 62. X1 loses (0.2 + 13 x 0.6) = 8
    days of output = 8 x 410 958.90 = USD 3 287 671.23."""
    res = run_dynamic_scenario(plants, Scenario(embargo=("JP",), duration_days=60,
                                                inventory_days=15), days=70, rationing=rule)
    f = np.array(res.output_fraction[0])
    expected = np.ones(70)
    expected[48], expected[49:62] = 0.8, 0.4
    np.testing.assert_allclose(f, expected, atol=1e-9)
    assert res.time_to_survive_days == (48,) and res.time_to_recover_days == (62,)
    assert res.total_lost_value_usd == pytest.approx(8 * 1000 * 150000 / 365, rel=1e-9)
    assert res.industry_lost_value_usd == {
        "construction machinery": pytest.approx(8 * 1000 * 150000 / 365, rel=1e-9)}
    spindle = np.array(res.simulation.tracked_production)  # only products are tracked
    assert spindle.shape == (70, 1)


def test_spindle_plant_by_hand(plants) -> None:
    """The spindle plant's own output in the same embargo: 1 to day 23, 0.6 on day 24, 0.4 on
    days 25..60, 1 from day 61 (see above)."""
    from keyparts.dynamics import simulate
    from keyparts.dynamics.from_supply import scenario_delta

    d = scenario_delta(plants, Scenario(embargo=("JP",)))
    assert d.tolist() == [-1, -1, -1, 1]
    res = simulate(plants.network, days=70, delta=d, recovery="immediate", recovery_days=1,
                   recovery_delay_days=59, track_firms=[1])
    f = np.array(res.tracked_production)[:, 0] / plants.network.output[1]
    expected = np.ones(70)
    expected[24], expected[25:61] = 0.6, 0.4
    np.testing.assert_allclose(f, expected, atol=1e-9)


def test_cli_scenario_dynamic_and_simulate_run_keyparts(tiny) -> None:
    runner = CliRunner()
    a = runner.invoke(app, ["scenario", "--data", str(tiny), "--embargo", "jp", "--days", "60",
                            "--dynamic", "--horizon", "70", "--json"])
    assert a.exit_code == 0, a.output
    d = json.loads(a.output)
    assert d["products"][0]["id"] == "X1"
    assert d["total_lost_value_usd"] == pytest.approx(8 * 1000 * 150000 / 365, rel=1e-9)
    b = runner.invoke(app, ["simulate", "run", "--format", "keyparts", "--data", str(tiny),
                            "--embargo", "JP", "--duration", "60", "--days", "70", "--json"])
    assert b.exit_code == 0, b.output
    assert json.loads(b.output)["total_lost_value_usd"] == d["total_lost_value_usd"]
    c = runner.invoke(app, ["scenario", "--data", str(tiny), "--embargo", "XX", "--dynamic"])
    assert c.exit_code == 2 and "XX" in c.output


def test_a_non_essential_input_never_binds() -> None:
    """Firm 2 buys 1/day from firm 0 (sector 0, essential) and 1/day from firm 1 (sector 1);
    firm 1 stops for good on day 0. With firm 1's input essential firm 2's stock of 15 days lasts
    to day 14 and its output is 0 from day 15 on (stock 15 - t before production on day t);
    marked non-essential, firm 2 keeps its full output of 5/day."""
    from keyparts.dynamics import network, simulate

    for ess, day15 in (([True, True], 0.0), ([True, False], 5.0)):
        net = network([0, 1], [2, 2], [1.0, 1.0], [0.0, 0.0, 5.0], [0, 1, 2], essential=ess)
        res = simulate(net, days=20, delta=[-1, 1.0, -1], track_firms=[2])
        out = np.array(res.tracked_production)[:, 0]
        assert out[14] == pytest.approx(5.0) and out[15] == pytest.approx(day15, abs=1e-12)


def test_cli_substitution_keeps_x1_running(tiny) -> None:
    """With --substitution the spindle plant may buy more P1 from M1's own bearing plant (a part
    it already buys: no time to qualify), whose spare capacity is 100 000 x 4.5 / 365 - 0.4u =
    1193.42 a day, ramping up over 60 days: 1193.42 (t + 1) / 60 >= 0.6u = 59.18 from day 2 on,
    so the stock of 15u loses less than 3 x 0.6u and X1 never runs short."""
    r = CliRunner().invoke(app, ["scenario", "--data", str(tiny), "--embargo", "JP", "--days", "60",
                                 "--dynamic", "--substitution", "--horizon", "70", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["total_lost_value_usd"] == pytest.approx(0.0, abs=1e-6)


def test_simulate_run_keyparts_from_the_database(tiny, tmp_path) -> None:
    """The same JP embargo read from a database (the tiny dataset imported into SQLite): the
    same 8 days of X1's output lost."""
    url = f"sqlite:///{tmp_path / 'k.db'}"
    runner = CliRunner()
    assert runner.invoke(app, ["data", "import", str(tiny), "--db", url]).exit_code == 0
    r = runner.invoke(app, ["simulate", "run", "--format", "keyparts", "--db", url, "--embargo",
                            "JP", "--duration", "60", "--days", "70", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["total_lost_value_usd"] == pytest.approx(8 * 1000 * 150000 / 365,
                                                                        rel=1e-9)


def test_japan_embargo_value_added_by_region_industry_category_by_hand(tiny, plants) -> None:
    """Value added (output less the inputs it uses, at the pre-shock technical coefficients) lost
    in the 60-day JP embargo over 70 days, with c, A, u as in the module docstring:

    - M2|BRG-DGBB-P5|JP (no inputs: value added = output) makes nothing on days 0..59 and its
      full 0.6u after: 60 x 0.6u = 36u lost, region JP/Kansai (enterprises.csv);
    - the spindle plant M1|BRG|CN (value added A - u per day of full output) loses 0.4 + 36 x
      0.6 = 22 days of output (test_spindle_plant_by_hand): 22 (A - u), region CN/Liaoning;
      M1's bearing plant runs at capacity throughout: nothing lost;
    - X1 (value added c - A) loses 8 days: 8 (c - A), region CN/Jiangsu, industry
      construction machinery; the part plants are the industry 'parts and components'.
    Pre-shock national value added is c (final demand)."""
    c, a, u = 1000 * 150000 / 365, 2 * 1000 * 1200 / 365, 4 * 2000 * 4.5 / 365
    res = run_dynamic_scenario(plants, Scenario(embargo=("JP",), duration_days=60,
                                                inventory_days=15), days=70)
    sim = res.simulation
    assert sim.baseline_value_added == pytest.approx(c, rel=1e-12)
    lost = sim.value_added_lost()
    assert lost["region"] == pytest.approx({"JP/Kansai": 36 * u, "CN/Liaoning": 22 * (a - u),
                                            "CN/Jiangsu": 8 * (c - a)}, rel=1e-9)
    assert lost["industry"] == pytest.approx({"construction machinery": 8 * (c - a),
                                              "parts and components": 36 * u + 22 * (a - u)},
                                             rel=1e-9)
    assert lost["category"] == pytest.approx({"BRG": 22 * (a - u), "BRG-DGBB-P5": 36 * u},
                                             rel=1e-9)
    assert lost["product"] == pytest.approx({"X1": 8 * (c - a)}, rel=1e-9)
    assert sum(sim.value_added) == pytest.approx(70 * c - 36 * u - 22 * (a - u) - 8 * (c - a),
                                                 rel=1e-12)
    out = CliRunner().invoke(app, ["scenario", "--data", str(tiny), "--embargo", "JP", "--days",
                                   "60", "--dynamic", "--horizon", "70", "--json"])
    d = json.loads(out.output)["simulation"]
    assert d["value_added_lost"]["region"]["JP/Kansai"] == pytest.approx(36 * u, rel=1e-9)
    assert len(d["value_added_by"]["industry"]["construction machinery"]) == 70
    out = CliRunner().invoke(app, ["simulate", "run", "--format", "keyparts", "--data", str(tiny),
                                   "--days", "3", "--value-added-by", "firm", "--json"])
    d = json.loads(out.output)
    assert d["value_added_by"]["firm"]["X1"] == pytest.approx([c - a] * 3, rel=1e-12)
    bad = CliRunner().invoke(app, ["simulate", "run", "--format", "keyparts", "--data", str(tiny),
                                   "--value-added-by", "planet"])
    assert bad.exit_code == 2 and "planet" in bad.output
