"""Run every ``benchmarks/bench_*.py`` (or those named on the command line)."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import time

import benchmarks


def main(argv: list[str]) -> int:
    # The processes under test (`keyparts search`, `keyparts serve`, ...) start as an installed
    # package does, from compiled bytecode: without this, an environment that sets
    # PYTHONDONTWRITEBYTECODE makes every new process compile keyparts' ~300 modules again
    # (0.3-0.5 s of each command's start-up, measured on `keyparts search`).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_"))
    if argv:
        names = [n for n in names if any(a in n for a in argv)]
    failed = 0
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        t0 = time.perf_counter()
        try:
            importlib.import_module(f"benchmarks.{name}").main()
        except Exception as exc:  # report and go on with the other benchmarks
            failed += 1
            print(f"FAILED: {type(exc).__name__}: {exc}")
        print(f"--- {name} took {time.perf_counter() - t0:.1f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
