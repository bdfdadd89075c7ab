"""Streaming import of the national-scale synthetic dataset (issue 10, item 1).

Workload: the dataset of ``keyparts data generate OUT --firms 100000 --seed 1`` (about 27 M
rows: 11.2 M BOM, 11.2 M sourcing, 3.4 M part values, 1 M parts), taken from
``$KEYPARTS_BENCH_DATA`` when it names such a folder, else generated into a temporary folder
(``$KEYPARTS_BENCH_FIRMS`` firms, default 100 000). ``keyparts data import`` runs as a new
process under ``/usr/bin/time -v`` into a new SQLite file and into a new PostgreSQL database
(``import_bench``, created and dropped; ``$KEYPARTS_BENCH_DBS`` picks ``sqlite``,
``postgresql`` or both). Printed: wall time, peak RSS, bytes of peak RSS per imported row,
CPU time (user + system: on the shared machine the wall time also counts other jobs' turns)
and the ratio to the figures of issue 10 for the importer that loaded every table into pandas
first (SQLite: 6.5 min, 11.6 GB). Targets: SQLite < 4 min and < 2 GB; PostgreSQL < 6 min.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRMS = int(os.environ.get("KEYPARTS_BENCH_FIRMS", "100000"))
DATA = os.environ.get("KEYPARTS_BENCH_DATA", "")
DBS = os.environ.get("KEYPARTS_BENCH_DBS", "sqlite,postgresql").split(",")
PG_ADMIN = os.environ.get("KEYPARTS_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
PG_DB = os.environ.get("KEYPARTS_BENCH_PG_DB", "import_bench")
TODAY_S, TODAY_GB = 6.5 * 60, 11.6  # issue 10: `keyparts data import` of 100 000 firms into SQLite


def _timed(cmd: list[str], env: dict) -> tuple[float, float, int, str]:
    """Wall seconds, CPU seconds (user + system), peak RSS (bytes) and stdout of ``cmd`` run
    under /usr/bin/time -v."""
    t0 = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({out.returncode}): {out.stderr[-2000:]}")
    kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr).group(1))
    cpu = sum(float(re.search(rf"{k} time \(seconds\): ([\d.]+)", out.stderr).group(1)) for k in ("User", "System"))
    load = os.getloadavg()[1]
    print(f"  (load average over the last 5 min at the end: {load:.1f} on {os.cpu_count()} cores)")
    return wall, cpu, kb * 1024, out.stdout


def _rows(stdout: str) -> int:
    m = re.search(r"imported ([\d,]+) rows", stdout)
    return int(m.group(1).replace(",", "")) if m else 0


def _report(db: str, wall: float, cpu: float, peak: int, rows: int, target_s: float,
            target_gb: float | None) -> None:
    gb = peak / 1e9
    print(f"keyparts data import -> {db}: {wall:.0f} s wall ({wall / 60:.1f} min), {cpu:.0f} s CPU (user + "
          f"system), peak RSS {gb:.2f} GB, {rows:,} rows, {rows / wall:,.0f} rows/s, "
          f"{peak / max(rows, 1):.1f} bytes of peak RSS per row")
    print(f"  target: < {target_s / 60:.0f} min" + (f", < {target_gb:.0f} GB" if target_gb else "")
          + f" -> {'met' if wall < target_s and (target_gb is None or gb < target_gb) else 'NOT met'}")
    print(f"  today (issue 10, SQLite, pandas first): {TODAY_S / 60:.1f} min, {TODAY_GB} GB -> ratio "
          f"time {wall / TODAY_S:.2f}, memory {gb / TODAY_GB:.3f}")


def main() -> None:
    import sqlalchemy as sa

    cli = [sys.executable, "-m", "keyparts"]
    env = {**os.environ, "COLUMNS": "200"}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(DATA) if DATA and Path(DATA, "bom.csv").exists() else Path(tmp) / "gen"
        if data == Path(tmp) / "gen":
            subprocess.run([*cli, "data", "generate", str(data), "--firms", str(FIRMS), "--seed", "1", "--json"],
                           check=True, stdout=subprocess.DEVNULL, env=env)
        size = sum(f.stat().st_size for f in data.glob("*.csv"))
        print(f"workload: {data} ({size / 1e6:,.0f} MB of CSV); each import a new process, /usr/bin/time -v")
        env["KEYPARTS_STORE_DIR"] = str(Path(tmp) / "stores")
        if "sqlite" in DBS:
            db = Path(tmp) / "k.db"
            wall, cpu, peak, out = _timed([*cli, "data", "import", str(data), "--db", f"sqlite:///{db}"], env)
            _report("SQLite", wall, cpu, peak, _rows(out), 4 * 60, 2)
        if "postgresql" in DBS:
            admin = sa.create_engine(PG_ADMIN.replace("postgresql://", "postgresql+psycopg://"),
                                     isolation_level="AUTOCOMMIT")
            with admin.connect() as c:
                c.execute(sa.text(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)'))
                c.execute(sa.text(f'CREATE DATABASE "{PG_DB}"'))
            try:
                url = PG_ADMIN.rsplit("/", 1)[0] + f"/{PG_DB}"
                wall, cpu, peak, out = _timed([*cli, "data", "import", str(data), "--db", url], env)
                _report("PostgreSQL", wall, cpu, peak, _rows(out), 6 * 60, None)
            finally:
                with admin.connect() as c:
                    c.execute(sa.text(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)'))
                admin.dispose()


if __name__ == "__main__":
    main()
