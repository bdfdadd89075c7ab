"""The issue-10 commands on a national database, each a new process, against their targets.

``keyparts search --where "d=25mm; C>=14kN"`` (< 2 s, < 1 GB), ``keyparts match --demand ID``
(< 5 s), ``keyparts scenario --embargo JP`` (< 30 s) and ``keyparts assess`` (< 60 s, < 4 GB),
each timed from outside with ``/usr/bin/time`` (wall s, CPU s = user + system, peak RSS),
beside the figure issue 10 reported before the analysis store (search: 205 s and 10 GB per
call at 100 000 firms) and the ratio.

The database is ``$KEYPARTS_BENCH_COMMANDS_DB`` (the target run: the 100 000-firm dataset of
``keyparts data generate --firms 100000 --seed 1`` imported into SQLite), else a generated
1 000-firm dataset in a temporary folder. Its analysis store is warm when the database was
imported (search index) and once a command has read a table (``bom``, ``sourcing``: the first
``scenario`` after an import copies them into the store); ``KEYPARTS_BENCH_REPEAT`` runs each
command that many times (default 1). The machine's load average is printed with the figures:
on a shared machine the wall time grows with it, the CPU time much less.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

WHERE = "d=25mm; C>=14kN"
# (command, wall target s, RSS target MB, issue 10's "today": wall s, RSS MB)
TARGETS = {"search": (2.0, 1024, 205.0, 10 * 1024), "match": (5.0, None, None, None),
           "scenario": (30.0, None, None, None), "assess": (60.0, 4096, None, None)}


def _run(args: list[str], env: dict) -> tuple[float, float, float]:
    """Wall time (s), CPU time (user + system, s) and peak RSS (MB) of one new process."""
    out = subprocess.run(["/usr/bin/time", "-f", "TIME %e %U %S %M", *args], capture_output=True, text=True,
                         env=env)
    m = re.search(r"TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", out.stderr)
    if m is None or out.returncode not in (0, 1):  # 1: a check failed (e.g. no part meets a demand)
        raise RuntimeError(out.stderr[-2000:])
    return float(m.group(1)), float(m.group(2)) + float(m.group(3)), int(m.group(4)) / 1024


def _first_demand(url: str) -> str:
    import sqlalchemy as sa

    eng = sa.create_engine(url)
    with eng.connect() as c:
        got = c.exec_driver_sql("SELECT id FROM demands ORDER BY id LIMIT 1").scalar()
    eng.dispose()
    return str(got)


def line(name: str, args: str, wall: float, cpu: float, rss: float) -> str:
    """One result line: workload, our figures, the target, the issue's figure and the ratio."""
    t_wall, t_rss, was_wall, was_rss = TARGETS[name]
    ok = wall < t_wall and (t_rss is None or rss < t_rss)
    out = (f"keyparts {name} {args} | {wall:.2f} s wall, {cpu:.2f} s CPU, {rss:.0f} MB peak | target "
           f"< {t_wall:g} s" + (f", < {t_rss / 1024:g} GB" if t_rss else "") + (" met" if ok else " NOT met"))
    if was_wall is not None:
        out += (f" | issue 10 before: {was_wall:g} s, {was_rss / 1024:g} GB | ratio {was_wall / wall:.0f}x faster, "
                f"{was_rss / rss:.0f}x less memory")
    return out


def main() -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    py = sys.executable
    repeat = int(os.environ.get("KEYPARTS_BENCH_REPEAT", "1"))
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("KEYPARTS_BENCH_COMMANDS_DB")
        if not url:
            url = f"sqlite:///{tmp}/bench.db"
            subprocess.run([py, "-m", "keyparts", "data", "generate", f"{tmp}/data", "--firms", "1000", "--seed", "1"],
                           check=True, env=env, capture_output=True)
            subprocess.run([py, "-m", "keyparts", "data", "import", f"{tmp}/data", "--db", url],
                           check=True, env=env, capture_output=True)
        demand = _first_demand(url)
        runs = {"search": f"--where {WHERE!r}", "match": f"--demand {demand}", "scenario": "--embargo JP",
                "assess": ""}
        argv = {"search": ["--where", WHERE], "match": ["--demand", demand], "scenario": ["--embargo", "JP"],
                "assess": []}
        print(f"database {url}; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} (1, 5, 15 min)",
              flush=True)
        for name, args in runs.items():
            cmd = [py, "-m", "keyparts", name, *argv[name], "--db", url, "--json"]
            for _ in range(repeat):
                print(line(name, args, *_run(cmd, env)), flush=True)
        print(f"load average after {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)


if __name__ == "__main__":
    main()
