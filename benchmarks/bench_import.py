"""Import of a generated dataset with ~1M BOM + sourcing rows into SQLite.

Workload: ``keyparts data generate --firms 10000`` (≈100k parts, ≈1M BOM and ≈1M sourcing
rows) written as CSV, then ``keyparts data import`` (read, validate every rule, one
transaction) into a fresh SQLite file, in a child process whose peak RSS is read back.
Peer: pandas ``DataFrame.to_sql`` of the same BOM and sourcing frames (no validation, no
upsert) on the same machine. Target (issue 2): under 60 s and under 2 GB on 2 cores.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRMS = int(os.environ.get("KEYPARTS_BENCH_FIRMS", "10000"))


def _child(cmd: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def main() -> None:
    import pandas as pd
    import sqlalchemy as sa

    exe = str(Path(sys.executable).with_name("keyparts"))
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "gen"
        subprocess.run([exe, "data", "generate", str(data), "--firms", str(FIRMS), "--seed", "1"], check=True,
                       stdout=subprocess.DEVNULL)
        rows = sum(sum(1 for _ in open(data / f, encoding="utf-8")) - 1 for f in ("bom.csv", "sourcing.csv"))
        total = sum(sum(1 for _ in open(f, encoding="utf-8")) - 1 for f in data.glob("*.csv"))
        db = Path(tmp) / "k.db"
        wall, peak_mb = _child([exe, "data", "import", str(data), "--db", f"sqlite:///{db}"])
        print(f"workload: firms={FIRMS}, {rows:,} BOM+sourcing rows, {total:,} rows in all files")
        print(f"keyparts data import (validate + one transaction, SQLite): {wall:.1f} s, "
              f"{total / wall:,.0f} rows/s, peak RSS {peak_mb:,.0f} MB | target: < 60 s, < 2048 MB")
        frames = {f: pd.read_csv(data / f"{f}.csv") for f in ("bom", "sourcing")}
        eng = sa.create_engine(f"sqlite:///{Path(tmp) / 'peer.db'}")
        t0 = time.perf_counter()
        for name, df in frames.items():
            df.to_sql(name, eng, index=False, chunksize=50_000)
        peer = time.perf_counter() - t0
        eng.dispose()
        print(f"peer pandas.to_sql of BOM+sourcing only (no validation, no keys): {peer:.1f} s, "
              f"{rows / peer:,.0f} rows/s | ratio (ours/peer, time): {wall / peer:.2f}")
