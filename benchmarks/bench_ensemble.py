"""Ensemble of the daily model on Dask: 200 members on a 100 000-firm network, two local
workers against one (issue 15 target: >= 1.7x).

Generated network of bench_dynamics (100 000 firms / about 500 000 links); each member fails
0.1 % of the firms (at least one) with delta U(0.2, 1), down U{1..30} days then proportional
recovery over 30 days, simulated for ``BENCH_ENS_DAYS`` days (default 5). Both runs start their
own LocalCluster (one thread per worker process) and write Parquet to a temporary folder; the
time is the wall time of run_ensemble (cluster start, scatter of the network and all members);
the CPU time of the member runs (summed over workers) and of this process are printed too: on a
loaded machine the wall speed-up says little, while CPU per member shows whether two workers
do the same work as one.
The machine's load average is printed beside the figures: other jobs share its 2 cores.

Sizes: ``BENCH_ENS_FIRMS``, ``BENCH_ENS_LINKS``, ``BENCH_ENS_MEMBERS``, ``BENCH_ENS_DAYS``.
"""

from __future__ import annotations

import os
import tempfile
import time

from benchmarks.bench_dynamics import generated


def main() -> None:
    from keyparts.distributed import run_ensemble
    from keyparts.dynamics.ensemble import EnsembleSpec

    n = int(os.environ.get("BENCH_ENS_FIRMS", 100_000))
    m = int(os.environ.get("BENCH_ENS_LINKS", 500_000))
    members = int(os.environ.get("BENCH_ENS_MEMBERS", 200))
    days = int(os.environ.get("BENCH_ENS_DAYS", 5))
    net = generated(n, m)
    spec = EnsembleSpec(members=members, seed=1, days=days, fail_probability=0.001,
                        duration_max=30, recovery_days=30)
    print(f"network: {net.n_firms} firms, {net.n_links} links; {members} members x {days} days",
          flush=True)
    times = {}
    results = {}
    for workers in (1, 2):
        with tempfile.TemporaryDirectory(prefix="bench_ens_") as out:
            load0 = os.getloadavg()[0]
            t0 = time.perf_counter()
            run = run_ensemble(net, spec, out, workers=workers)
            times[workers] = time.perf_counter() - t0
            results[workers] = run.results.drop(columns=[]).copy()
            print(f"  {workers} worker(s): {times[workers]:.1f} s wall "
                  f"({times[workers] / members:.2f} s per member), {run.cpu_seconds_tasks:.1f} s "
                  f"CPU in members, {run.cpu_seconds_parent:.1f} s CPU in this process, "
                  f"{run.batch} members per task; load average "
                  f"{load0:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores",
                  flush=True)
    same = results[1].equals(results[2])
    print(f"{members} members, {n} firms: 1 worker {times[1]:.1f} s | 2 workers {times[2]:.1f} s | "
          f"speed-up {times[1] / times[2]:.2f}x | target >= 1.7x | identical results: {same}",
          flush=True)


if __name__ == "__main__":
    main()
