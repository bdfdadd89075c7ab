"""Ensembles: seeded members, Parquet results resumed by fingerprint, a Dask LocalCluster of two
workers equal to the single-process run, loss distributions and exceedance probabilities."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from keyparts.cli import app
from keyparts.distributed import read_results, run_ensemble
from keyparts.dynamics.ensemble import (EnsembleSpec, loss_distribution, member_shock,
                                        network_fingerprint, run_member)
from keyparts.dynamics.inoue_todo import read_network
from keyparts.errors import InputError

GEN60 = Path(__file__).parent / "data" / "gen60"
SPEC = EnsembleSpec(members=12, seed=7, days=25, fail_probability=0.05, duration_max=10,
                    recovery_days=10)


@pytest.fixture(scope="module")
def net():
    return read_network(GEN60)


def test_members_are_reproducible_and_differ(net) -> None:
    """Member m draws only from (seed, m): the same shock whenever and wherever it runs."""
    a, b = member_shock(SPEC, 3, net.n_firms), member_shock(SPEC, 3, net.n_firms)
    assert (a["delta"] == b["delta"]).all() and a["duration"] == b["duration"]
    c = member_shock(SPEC, 4, net.n_firms)
    assert not (a["delta"] == c["delta"]).all()
    hit = a["delta"][a["delta"] >= 0]
    assert hit.size == a["failed"].size >= 1
    assert ((hit >= SPEC.delta_min) & (hit <= SPEC.delta_max)).all()
    fp = network_fingerprint(net)
    r1, r2 = run_member(net, SPEC, 3, net_fp=fp), run_member(net, SPEC, 3, net_fp=fp)
    assert r1 == r2 and 0 < r1["production_loss"] < 1


def test_loss_distribution_by_hand() -> None:
    """Losses 0, 0.02, 0.2, 0.6 (four members): mean 0.205; P(> 0.01) = 3/4, P(> 0.1) = 2/4,
    P(> 0.5) = 1/4; median (linear interpolation) (0.02 + 0.2) / 2 = 0.11."""
    d = loss_distribution("x", [0.0, 0.02, 0.2, 0.6])
    assert d.mean == pytest.approx(0.205) and d.quantiles["p50"] == pytest.approx(0.11)
    assert d.exceedance["0.01"] == 0.75 and d.exceedance["0.1"] == 0.5 and d.exceedance["0.5"] == 0.25
    with pytest.raises(InputError):
        EnsembleSpec(members=0)


def test_resume_computes_only_the_missing_members(net, tmp_path) -> None:
    """Run 12 members, delete the rows of half of them, rerun: 6 are computed, and every record
    equals the first run's."""
    first = run_ensemble(net, SPEC, tmp_path, workers=0)
    assert first.computed == 12 and len(first.results) == 12
    kept = first.results[first.results["member"] % 2 == 0]
    for f in tmp_path.glob("*.parquet"):
        f.unlink()
    kept.to_parquet(tmp_path / "kept.parquet", index=False)
    again = run_ensemble(net, SPEC, tmp_path, workers=0)
    assert again.computed == 6
    pd.testing.assert_frame_equal(again.results, first.results)
    # nothing missing: nothing computed; a changed spec changes every fingerprint
    assert run_ensemble(net, SPEC, tmp_path, workers=0).computed == 0
    other = EnsembleSpec(**(SPEC.to_dict() | {"seed": 8}))
    assert run_ensemble(net, other, tmp_path, workers=0).computed == 12
    assert len(read_results(tmp_path)) == 24


def test_local_cluster_of_two_workers_equals_one_process(net, tmp_path) -> None:
    single = run_ensemble(net, SPEC, tmp_path / "one", workers=0)
    dask = run_ensemble(net, SPEC, tmp_path / "two", workers=2, batch=2)
    assert dask.workers == 2 and dask.scheduler == "local cluster"
    pd.testing.assert_frame_equal(dask.results, single.results)
    assert [d.to_dict() for d in dask.distributions] == [d.to_dict() for d in single.distributions]


def test_cli_ensemble_keyparts_per_product_and_plot(tmp_path) -> None:
    """Fail by country on the tiny dataset: the groups are CN (group 0: M1's plants) and JP
    (group 1: M2's). When only JP fails, X1 keeps running for 47 days even if M2 stops
    completely (test_from_supply), so over a 30-day run its loss is 0 in those members; the
    plot is a PNG."""
    from tests.dataset.tiny import write_tiny

    d = write_tiny(tmp_path / "tiny")
    png = tmp_path / "loss.png"
    r = CliRunner().invoke(app, ["simulate", "ensemble", "--format", "keyparts", "--data", str(d),
                                 "--members", "6", "--workers", "0", "--days", "30",
                                 "--fail-by", "country", "--fail-probability", "0.5",
                                 "--out", str(tmp_path / "runs"), "--plot", str(png), "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    names = [x["name"] for x in out["distributions"]]
    assert names == ["total production", "X1"]
    res = read_results(tmp_path / "runs")
    jp_only = res[res["failed"] == "1"]
    assert len(jp_only) and (jp_only["loss_0"].abs() < 1e-12).all()
    assert len(res) == 6 and set(res["failed"]) <= {"0", "1", "0,1"}
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_existing_cluster_by_scheduler_address(net, tmp_path) -> None:
    """--scheduler sends the same tasks to a cluster already running (here one started by the
    test on loopback): the records equal the single-process run's."""
    from dask.distributed import LocalCluster

    single = run_ensemble(net, SPEC, tmp_path / "one", workers=0)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as cluster:
        remote = run_ensemble(net, SPEC, tmp_path / "remote", scheduler=cluster.scheduler_address)
    assert remote.scheduler.startswith("tcp://127.0.0.1:") and remote.workers == 1
    pd.testing.assert_frame_equal(remote.results, single.results)
