"""Daily propagation engine at scale: seconds per simulated day, keyparts beside the reference.

Generated network (default 100 000 firms / 500 000 links, 50 sectors, a shock to 1 % of the
firms with delta 0.5); targets of issue 15 for 1 000 000 firms / 5 000 000 links on 2 cores:
<= 0.5 s per day with proportional rationing, <= 2 s with exact priority rationing, < 4 GB.

The reference C++ simulator (Inoue & Todo 2019, HiroyasuInoue/ProductionNetworkSimulator,
``proNet.cpp``) is run on the same files when ``$KEYPARTS_PRONET`` names its binary built from
source (``g++ -std=c++11 -O3 -fopenmp -o proNet proNet.cpp``, needs Debian's libboost-dev);
otherwise it is skipped with a message. Its -R 0 is compared with ``proportional`` and its
-R 3 with ``priority``.

Sizes: ``BENCH_DYN_FIRMS``, ``BENCH_DYN_LINKS``, ``BENCH_DYN_DAYS`` (default 10).
"""

from __future__ import annotations

import os
import resource
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks._common import report


def generated(n_firms: int, n_links: int, n_sectors: int = 50, seed: int = 1):
    """Random network: suppliers drawn with a heavy tail (Pareto weights), customers uniform,
    flows lognormal, final demand for 70 % of the firms; duplicate links removed."""
    from keyparts.dynamics import network
    rng = np.random.default_rng(seed)
    w = rng.pareto(1.5, n_firms) + 1
    sup = rng.choice(n_firms, n_links, p=w / w.sum())
    cus = rng.integers(0, n_firms, n_links)
    key = np.unique(sup.astype(np.int64) * n_firms + cus)
    sup, cus = key // n_firms, key % n_firms
    keep = sup != cus
    sup, cus = sup[keep], cus[keep]
    flow = rng.lognormal(3, 1, sup.shape[0]).round(3) + 0.001
    fd = np.where(rng.random(n_firms) < 0.7, rng.lognormal(4, 1, n_firms).round(3), 0.0)
    return network(sup, cus, flow, fd, rng.integers(1, n_sectors + 1, n_firms))


def write_inoue_todo(net, delta: np.ndarray, folder: Path) -> None:
    """The four files of the reference's format and a delta file."""
    ids = np.arange(net.n_firms)
    np.savetxt(folder / "firmAffiliation.txt", np.c_[ids, net.sector, np.zeros_like(ids)], fmt="%d")
    np.savetxt(folder / "aTableLine.txt", np.c_[net.supplier, net.customer, net.flow], fmt="%d %d %.3f")
    np.savetxt(folder / "cVector.txt", np.c_[ids, net.final_demand], fmt="%d %.3f")
    np.savetxt(folder / "piniVector.txt", np.c_[ids, net.output], fmt="%d %.3f")
    hit = np.flatnonzero(delta >= 0)
    np.savetxt(folder / "delta.txt", np.c_[hit, delta[hit]], fmt="%d %.3f")


def run_reference(binary: str, folder: Path, option: int, days: int) -> tuple[float, np.ndarray]:
    """Seconds the reference spends in its simulation loop (its own "elapsed time for
    simulation", reading and set-up excluded) and its daily total production."""
    out = subprocess.run([binary, "-t", str(days), "-R", str(option), "-d", "delta.txt",
                          "-X", "pact.txt", "-f", "fc.txt", "-v", "va.txt", "aTableLine.txt",
                          "cVector.txt", "piniVector.txt", "firmAffiliation.txt"],
                         cwd=folder, check=True, capture_output=True, text=True)
    sim = [float(line.rsplit(":", 1)[1]) for line in out.stderr.splitlines()
           if line.startswith("elapsed time for simulation:")]
    return sim[-1], np.loadtxt(folder / "pact.txt")[1:, 1]


def main() -> None:
    from keyparts.dynamics import simulate
    n = int(os.environ.get("BENCH_DYN_FIRMS", 100_000))
    m = int(os.environ.get("BENCH_DYN_LINKS", 500_000))
    days = int(os.environ.get("BENCH_DYN_DAYS", 10))
    net = generated(n, m)
    rng = np.random.default_rng(2)
    delta = np.full(n, -1.0)
    delta[rng.choice(n, max(1, n // 100), replace=False)] = 0.5
    print(f"network: {net.n_firms} firms, {net.n_links} links, {days} days", flush=True)
    binary = os.environ.get("KEYPARTS_PRONET")
    folder = None
    if binary and Path(binary).is_file():
        folder = Path(tempfile.mkdtemp(prefix="bench_dyn_"))
        write_inoue_todo(net, delta, folder)
    else:
        print("reference simulator not built: set KEYPARTS_PRONET to its proNet binary to compare",
              flush=True)
    for rule, option, target in (("proportional", 0, "<= 0.5 s/day at 1M/5M"),
                                 ("priority", 3, "<= 2 s/day at 1M/5M")):
        # per day = (run of 1 + days) - (run of 1 day): set-up and first touch cancel out
        t0 = time.perf_counter()
        simulate(net, days=1, delta=delta, rationing=rule)
        one = time.perf_counter() - t0
        t0 = time.perf_counter()
        res = simulate(net, days=1 + days, delta=delta, rationing=rule)
        ours = max(time.perf_counter() - t0 - one, 1e-9) / days
        print(f"  {rule}: set-up and day 0 {one:.2f} s", flush=True)
        peer = None
        if folder:
            peer_s, peer_p = run_reference(binary, folder, option, 1 + days)
            peer = peer_s / (1 + days)
        report(f"{rule}, per simulated day ({n} firms / {net.n_links} links)", ours,
               f"proNet -R {option}" if folder else None, peer, target)
        if folder:
            diff = np.max(np.abs(np.array(res.production) / peer_p - 1))
            print(f"  daily total production, largest relative difference to proNet: {diff:.1e}",
                  flush=True)
        print(f"  production day {res.days[-1]}: {res.production[-1] / res.baseline_production:.4f} of "
              f"pre-shock", flush=True)
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
          flush=True)
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2
    print(f"peak memory of this process: {peak_gb:.2f} GB (target < 4 GB at 1M/5M)", flush=True)


if __name__ == "__main__":
    main()
