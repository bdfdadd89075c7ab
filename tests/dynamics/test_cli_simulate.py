"""``keyparts simulate run`` end to end: the JSON is the engine's to_dict() and equals the
reference's output on its toy network."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from keyparts.cli import app

runner = CliRunner()
TOY = Path(__file__).parent / "data" / "toy"
EXPECTED = Path(__file__).parent / "data" / "expected"


def test_run_json_equals_the_reference_toy_run() -> None:
    """Same run as data/cases.txt line toy_R2_c20 (proNet -t 30 -R 2 -b 0 -c 20 -d delta.txt)."""
    res = runner.invoke(app, ["simulate", "run", "--network", str(TOY), "--format", "inoue-todo",
                              "--days", "30", "--rationing", "compat-R2", "--delta",
                              str(TOY / "delta.txt"), "--recovery", "proportional",
                              "--recovery-days", "20", "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert d["days"] == list(range(30)) and d["rationing"] == "compat-R2"
    np.testing.assert_allclose(d["production"], np.loadtxt(EXPECTED / "toy_R2_c20.pact.txt")[1:, 1],
                               rtol=1e-9)
    np.testing.assert_allclose(d["final_consumption"],
                               np.loadtxt(EXPECTED / "toy_R2_c20.fc.txt")[1:, 1], rtol=1e-9)


def test_options_map_to_the_reference_flags() -> None:
    """--tau 3 --inventory-days 7 --order keep-initial: runs and echoes every choice."""
    res = runner.invoke(app, ["simulate", "run", "--network", str(TOY), "--days", "3", "--tau", "3",
                              "--inventory-days", "7", "--order", "keep-initial", "--json"])
    d = json.loads(res.output)
    assert (d["tau"], d["inventory_days"], d["order"]) == (3.0, 7.0, "keep-initial")
    assert d["production"] == [400.0, 400.0, 400.0]  # no shock: the pre-shock 200 + 200


def test_bad_input_exits_2_with_one_line(tmp_path) -> None:
    res = runner.invoke(app, ["simulate", "run", "--network", str(TOY), "--rationing", "fair"])
    assert res.exit_code == 2 and "rationing" in res.output
    res = runner.invoke(app, ["simulate", "run", "--network", str(tmp_path)])
    assert res.exit_code == 2 and "firmAffiliation.txt: file not found" in res.output.replace("\n", "")


def test_firm_snapshots_by_firm_id() -> None:
    """Toy network, firm 1 loses 10 % on day 0 (proportional): on day 0 firm 1 makes
    0.9 x 200 = 180 and firm 2 its full 200 (inventories of 15 days cover the cut)."""
    res = runner.invoke(app, ["simulate", "run", "--network", str(TOY), "--days", "1", "--delta",
                              str(TOY / "delta.txt"), "--firm-snapshots", "0", "--json"])
    d = json.loads(res.output)
    assert d["firm_ids"] == ["1", "2"] and d["firm_production"] == {"0": [180.0, 200.0]}
    res = runner.invoke(app, ["simulate", "run", "--network", str(TOY), "--firm-snapshots", "x"])
    assert res.exit_code == 2 and "--firm-snapshots" in res.output


def test_daily_final_demand_and_damped_renewal_equal_the_reference() -> None:
    """Runs gen60_R2_M (proNet -t 30 -R 2 -b 0 -c 20 -M dailyC:5:12 -d delta.txt) and
    gen60_R0_b5_c10 (proNet -t 40 -R 0 -b 5 -c 10 -d delta.txt) of data/cases.txt."""
    gen60 = TOY.parent / "gen60"
    for name, extra in (("gen60_R2_M", ["--days", "30", "--rationing", "compat-R2", "--recovery",
                                        "proportional", "--recovery-days", "20",
                                        "--daily-final-demand", "dailyC:5:12"]),
                        ("gen60_R0_b5_c10", ["--days", "40", "--rationing", "compat-R0",
                                             "--recovery", "damped-renewal", "--recovery-days",
                                             "10"])):
        res = runner.invoke(app, ["simulate", "run", "--network", str(gen60), "--delta",
                                  str(gen60 / "delta.txt"), *extra, "--json"])
        assert res.exit_code == 0, res.output
        d = json.loads(res.output)
        np.testing.assert_allclose(d["final_consumption"],
                                   np.loadtxt(EXPECTED / f"{name}.fc.txt")[1:, 1], rtol=1e-9)
        np.testing.assert_allclose(d["production"],
                                   np.loadtxt(EXPECTED / f"{name}.pact.txt")[1:, 1], rtol=1e-9)


def test_min_inventory_draws_poisson_targets_at_least_the_minimum() -> None:
    """--min-inventory 12 with --inventory-days 15: every firm's target is a Poisson(15) draw
    of at least 12 days (the reference's -D 2 -e 12), so the inventory is per firm; without a
    shock there is no loss whatever the targets (a pre-shock day is a fixed point)."""
    from keyparts.dynamics import poisson_inventory_days

    t = poisson_inventory_days(10_000, 15.0, minimum=12, seed=1)
    assert t.min() >= 12 and (t == np.round(t)).all()
    # mean of Poisson(15) conditioned on >= 12: sum_{k>=12} k p_k / sum_{k>=12} p_k = 16.22
    # (p_k = e^-15 15^k / k!); the standard error of 10 000 draws is about 0.03
    assert abs(t.mean() - 16.22) < 0.1
    assert (poisson_inventory_days(10_000, 15.0, minimum=12, seed=1) == t).all()
    res = runner.invoke(app, ["simulate", "run", "--network", str(TOY.parent / "gen30"),
                              "--days", "10", "--min-inventory", "12", "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert d["inventory_days"] == "per firm"
    np.testing.assert_allclose(d["production"], d["baseline_production"], rtol=1e-12)


def test_min_inventory_with_the_reference_draws_equals_the_reference() -> None:
    """Run gen60_R3_D2_e8_i7_r12 of data/cases.txt (proNet -t 40 -R 3 -D 2 -e 8 -i 7 -r 12
    -d delta.txt): Poisson(7) targets of at least 8 days drawn as the reference draws them."""
    gen60 = TOY.parent / "gen60"
    res = runner.invoke(app, ["simulate", "run", "--network", str(gen60), "--delta",
                              str(gen60 / "delta.txt"), "--days", "40", "--rationing", "compat-R3",
                              "--inventory-days", "7", "--min-inventory", "8", "--seed", "12",
                              "--draws", "reference", "--json"])
    assert res.exit_code == 0, res.output
    np.testing.assert_allclose(json.loads(res.output)["production"],
                               np.loadtxt(EXPECTED / "gen60_R3_D2_e8_i7_r12.pact.txt")[1:, 1],
                               rtol=1e-9)


def test_poisson_initial_inventory_equals_the_reference() -> None:
    """Run gen60_R2_D1_i9_c10 of data/cases.txt (proNet -t 30 -R 2 -D 1 -i 9 -b 0 -c 10
    -d delta.txt): targets of 9 days, initial stocks Poisson(9) drawn as the reference does."""
    gen60 = TOY.parent / "gen60"
    res = runner.invoke(app, ["simulate", "run", "--network", str(gen60), "--delta",
                              str(gen60 / "delta.txt"), "--days", "30", "--rationing", "compat-R2",
                              "--inventory-days", "9", "--poisson-initial-inventory",
                              "--draws", "reference", "--recovery", "proportional",
                              "--recovery-days", "10", "--json"])
    assert res.exit_code == 0, res.output
    np.testing.assert_allclose(json.loads(res.output)["final_consumption"],
                               np.loadtxt(EXPECTED / "gen60_R2_D1_i9_c10.fc.txt")[1:, 1], rtol=1e-9)


def test_value_added_by_firm_and_sector_adds_up_to_the_total() -> None:
    """--value-added-by firm,sector on the reference's toy network: per firm and per sector the
    daily values add up to the daily national value added, and before the shock's first day
    (no shock: --days 2 without --delta) each firm's value added is its output less its inputs,
    so the national figure is the toy's total final demand (cVector.txt)."""
    res = runner.invoke(app, ["simulate", "run", "--network", str(TOY), "--days", "2",
                              "--value-added-by", "firm,sector", "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    for dim in ("firm", "sector"):
        total = np.sum(list(d["value_added_by"][dim].values()), axis=0)
        np.testing.assert_allclose(total, d["value_added"], rtol=1e-12)
    c = np.loadtxt(TOY / "cVector.txt", ndmin=2)
    np.testing.assert_allclose(d["value_added"], [c[:, -1].sum()] * 2, rtol=1e-9)
    bad = runner.invoke(app, ["simulate", "run", "--network", str(TOY), "--value-added-by", "region"])
    assert bad.exit_code == 2 and "region" in bad.output
