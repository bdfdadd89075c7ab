"""Streaming generator: ``keyparts data generate OUT --firms N --seed 1`` in a new process.

Workload: the synthetic dataset of N firms (default 10 000, ≈100k parts, ≈1.1M BOM and
≈1.1M sourcing rows; set ``KEYPARTS_BENCH_GEN_FIRMS=100000`` for the national-scale target
run, ≈1M parts, ≈11M BOM and ≈11M sourcing rows, ≈0.8 GB of CSV) written to a temporary
folder, timed (wall) with the child's own peak RSS (``os.wait4``). Before: the in-memory
generator + per-cell writer it replaced, measured on the same machine (issue 10: 100 000
firms 6 min, 7.2 GB peak and no output; 10 000 firms 84 s, 875 MB). Target (issue 10,
100 000 firms): < 90 s and < 1.5 GB peak RSS. MB = 2^20 bytes (KiB of /usr/bin/time / 1024).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRMS = int(os.environ.get("KEYPARTS_BENCH_GEN_FIRMS", "10000"))
#: the generator before streaming (wall s, peak RSS MB), same machine, new process
BEFORE = {10_000: (83.9, 875.0), 100_000: (360.0, 7200.0)}
TARGET = {100_000: (90.0, 1500.0)}


def _child(cmd: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    exe = str(Path(sys.executable).with_name("keyparts"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "gen"
        wall, peak = _child([exe, "data", "generate", str(out), "--firms", str(FIRMS), "--seed", "1", "--json"])
        size = sum(f.stat().st_size for f in out.iterdir()) / 1e6
    line = f"keyparts data generate --firms {FIRMS} --seed 1: {wall:.1f} s, peak RSS {peak:,.0f} MB, {size:,.0f} MB of CSV"
    if FIRMS in BEFORE:
        b_wall, b_peak = BEFORE[FIRMS]
        line += (f" | before: {b_wall:.0f} s, {b_peak:,.0f} MB | ratio {b_wall / wall:.1f}x faster, "
                 f"{b_peak / peak:.1f}x less memory")
    if FIRMS in TARGET:
        t_wall, t_peak = TARGET[FIRMS]
        line += f" | target: < {t_wall:.0f} s, < {t_peak:,.0f} MB"
    else:
        line += " | target (100 000 firms): < 90 s, < 1500 MB"
    print(line, flush=True)
