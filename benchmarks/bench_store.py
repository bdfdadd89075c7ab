"""``keyparts search`` in a new process, three ways of reading the stored data:

1. **load** (before issue 10): read every table into pandas, build the search index, search;
2. **arrow** (chosen): open the analysis store's index file memory-mapped and search
   (``keyparts search`` itself; its first run after an import also writes the files: "cold");
3. **sql**: push the clauses down to the database as SQL over ``part_values`` with an index on
   ``(parameter, value_canonical, part_id)``: count, first page, status facet.

Each is a new Python process, timed from outside (wall s, peak RSS from ``/usr/bin/time``).
The database is ``$KEYPARTS_BENCH_STORE_DB`` (e.g. one made with
``keyparts data generate /tmp/x --firms 10000 --seed 1`` and ``keyparts data import``), else
a generated 1 000-firm dataset in a temporary folder.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

WHERE = "d=25mm; C>=14kN"

LOAD = """
from keyparts.store import load_dataset
from keyparts.match import build_index, search
r = search(build_index(load_dataset({url!r})), {where!r})
print("total", r.total)
"""

SQL = """
import sqlalchemy as sa
eng = sa.create_engine({url!r})
with eng.begin() as c:
    c.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_bench_pv_param_value ON part_values (parameter, value_canonical, part_id)")
hit = ("SELECT p.id, p.designation, p.maker_id, p.status FROM parts p WHERE p.id IN "
       "(SELECT part_id FROM part_values WHERE parameter = 'd' AND value_canonical = 25) AND p.id IN "
       "(SELECT part_id FROM part_values WHERE parameter = 'C' AND value_canonical >= 14)")
with eng.connect() as c:
    total = c.exec_driver_sql(f"SELECT count(*) FROM ({{hit}}) h").scalar_one()
    page = c.exec_driver_sql(hit + " ORDER BY p.id LIMIT 20").all()
    facet = c.exec_driver_sql(f"SELECT status, count(*) FROM ({{hit}}) h GROUP BY status").all()
print("total", total)
"""


def _run(args: list[str], env: dict) -> tuple[float, float, float, str]:
    """Wall time (s), CPU time (user + system, s), peak RSS (MB) and stdout of one new process
    (CPU time is the steadier figure on a shared machine)."""
    out = subprocess.run(["/usr/bin/time", "-f", "TIME %e %U %S %M", *args], capture_output=True, text=True,
                         env=env)
    m = re.search(r"TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", out.stderr)
    if out.returncode != 0 or m is None:
        raise RuntimeError(out.stderr[-2000:])
    return float(m.group(1)), float(m.group(2)) + float(m.group(3)), int(m.group(4)) / 1024, out.stdout


def main() -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("KEYPARTS_BENCH_STORE_DB")
        if not url:
            url = f"sqlite:///{tmp}/bench.db"
            subprocess.run([py, "-m", "keyparts", "data", "generate", f"{tmp}/data", "--firms", "1000", "--seed", "1"],
                           check=True, env=env, capture_output=True)
            subprocess.run([py, "-m", "keyparts", "data", "import", f"{tmp}/data", "--db", url],
                           check=True, env=env, capture_output=True)
        cli = [py, "-m", "keyparts", "search", "--where", WHERE, "--db", url, "--json"]
        if os.environ.get("KEYPARTS_STORE_DIR") is None:
            env["KEYPARTS_STORE_DIR"] = f"{tmp}/store"  # a cold store: the first run writes it
        rows = [("arrow, cold (reads the tables, writes the files)", _run(cli, env))]
        rows.append(("arrow, warm (opens the index file)", min((_run(cli, env) for _ in range(3)), key=lambda r: r[0])))
        rows.append(("load every table + build index", _run([py, "-c", LOAD.format(url=url, where=WHERE)], env)))
        rows.append(("sql pushdown with index", min((_run([py, "-c", SQL.format(url=url)], env) for _ in range(3)),
                                                    key=lambda r: r[0])))
        rows.append(("(of which: starting Python and importing the CLI)",
                     _run([py, "-c", "import keyparts.cli, keyparts.match.search, keyparts.store.analysis"], env)))
        for name, (wall, cpu, rss, out) in rows:
            total = re.search(r'"total": (\d+)|total (\d+)', out)
            n = next(g for g in total.groups() if g) if total else "?"
            print(f"keyparts search --where {WHERE!r} | {name}: {wall:.2f} s wall, {cpu:.2f} s CPU, "
                  f"{rss:.0f} MB peak, {n} parts",
                  flush=True)


if __name__ == "__main__":
    main()
