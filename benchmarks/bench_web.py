"""Loopback load test of the web platform on the bundled sample in SQLite, served by uvicorn in a
separate process: part search (REST) and the dashboard page, each under ApacheBench (50
concurrent keep-alive clients; `make bench` installs Debian's apache2-utils), then a mixed run
of 50 httpx async clients for 30 s. Prints requests/s, p50/p95/p99 latency and the errors.
The Python client shares the 2 cores with the server, so its latencies include its own CPU.

Target (2 cores): p95 < 200 ms for search, zero errors. KEYPARTS_BENCH_WEB_SECONDS and
KEYPARTS_BENCH_WEB_CLIENTS shorten/resize the run.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SECONDS = float(os.environ.get("KEYPARTS_BENCH_WEB_SECONDS", "30"))
CLIENTS = int(os.environ.get("KEYPARTS_BENCH_WEB_CLIENTS", "50"))
SEARCHES = ["/api/v1/parts?q=d%3E%3D20mm&limit=20",
            "/api/v1/parts?category=BRG-BALL-DG0&limit=20",
            "/api/v1/parts?q=d%3D25mm%3B%20D%3D52mm&limit=20",
            "/api/v1/parts?category=HYD&limit=20&offset=20",
            "/api/v1/parts?q=C%3E%3D50kN&limit=20"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _setup(folder: Path) -> tuple[str, str]:
    from keyparts.dataset import load_sample
    from keyparts.store import make_engine, upgrade
    from keyparts.store.repository import import_dataset
    from keyparts.web import auth

    url = f"sqlite:///{folder / 'bench.db'}"
    eng = make_engine(url)
    upgrade(eng)
    import_dataset(load_sample(), engine=eng)
    ent = load_sample().frames["enterprises"]["id"].iloc[0]
    uid = auth.add_user(eng, "bench", "bench-password-123", str(ent), "analyst")
    token = auth.create_token(eng, uid, "bench")[1]
    eng.dispose()
    return url, token


async def _load(base: str, token: str, only: str | None = None, seconds: float = SECONDS) -> dict[str, list]:
    import httpx

    lat: dict[str, list[float]] = {"search": [], "dashboard": [], "healthz": []}
    errors: list[str] = []
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"},
                                 limits=limits, timeout=30) as client:
        async def worker(i: int) -> None:
            n = i
            while time.perf_counter() < stop:
                kind = only or ("dashboard" if n % 4 == 3 else "search")
                path = {"dashboard": "/", "healthz": "/healthz"}.get(kind) or SEARCHES[n % len(SEARCHES)]
                t0 = time.perf_counter()
                try:
                    r = await client.get(path)
                    if r.status_code != 200:
                        errors.append(f"{path}: HTTP {r.status_code}")
                except httpx.HTTPError as exc:
                    errors.append(f"{path}: {type(exc).__name__}")
                lat[kind].append(time.perf_counter() - t0)
                n += 1
        await asyncio.gather(*(worker(i) for i in range(CLIENTS)))
    return {**lat, "errors": errors}


def _ab(base: str, token: str, path: str, seconds: float) -> dict[str, float] | None:
    """One endpoint under ApacheBench (a C client, so the load generator does not eat the
    server's CPU as a Python client does): keep-alive, CLIENTS concurrent, ``seconds`` long."""
    import re
    import shutil

    if not shutil.which("ab"):
        return None
    out = subprocess.run(["ab", "-k", "-q", "-c", str(CLIENTS), "-t", str(int(seconds)), "-n", "10000000",
                          "-H", f"Authorization: Bearer {token}", base + path],
                         capture_output=True, text=True, check=True).stdout
    def num(pattern: str) -> float:
        m = re.search(pattern, out, re.MULTILINE)
        return float(m.group(1)) if m else 0.0

    return {"rps": num(r"Requests per second:\s+([\d.]+)"), "failed": num(r"Failed requests:\s+(\d+)"),
            "non2xx": num(r"Non-2xx responses:\s+(\d+)"), "p50": num(r"^\s+50%\s+(\d+)"),
            "p95": num(r"^\s+95%\s+(\d+)"), "p99": num(r"^\s+99%\s+(\d+)"),
            "n": num(r"Complete requests:\s+(\d+)")}


def main() -> None:
    import httpx

    with tempfile.TemporaryDirectory(prefix="kp_bench_web_") as tmp:
        url, token = _setup(Path(tmp))
        port = _free_port()
        env = {**os.environ, "KEYPARTS_DATABASE_URL": url}
        proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "keyparts.web:create_app", "--factory",
                                 "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
                                 "--no-access-log", "--timeout-keep-alive", "30"], env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            h = {"Authorization": f"Bearer {token}"}
            for path in SEARCHES + ["/"]:  # warm the caches (dataset, index, assessment)
                httpx.get(base + path, headers=h, timeout=120).raise_for_status()
            ab = {kind: _ab(base, token, path, SECONDS / 2)
                  for kind, path in (("search", SEARCHES[0]), ("dashboard", "/"))}
            floor_s = min(10.0, SECONDS)
            floor = asyncio.run(_load(base, token, "healthz", floor_s))
            t0 = time.perf_counter()
            res = asyncio.run(_load(base, token))
            wall = time.perf_counter() - t0
        finally:
            proc.terminate()
            proc.wait(10)
    if ab["search"] is None:
        print("ApacheBench (ab, Debian apache2-utils) not found: only the Python client's figures below")
    for kind, r in ab.items():
        if r:
            print(f"ab {kind}: {CLIENTS} concurrent keep-alive clients, {r['n']:.0f} requests, {r['rps']:.0f}/s, "
                  f"p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms, p99 {r['p99']:.0f} ms, "
                  f"errors {r['failed'] + r['non2xx']:.0f}"
                  + (" | target p95 < 200 ms: " + ("met" if r["p95"] < 200 else "NOT met") if kind == "search" else ""))
    total = len(res["search"]) + len(res["dashboard"])
    print(f"Python client (httpx, same 2 cores as the server): {CLIENTS} concurrent clients for {wall:.1f} s, "
          f"3/4 part search (REST), 1/4 dashboard page (analyst)")
    print(f"throughput: {total / wall:.0f} requests/s, errors: {len(res['errors'])}")
    for kind in ("search", "dashboard"):
        a = np.asarray(res[kind]) * 1e3
        if a.size:
            p50, p95, p99 = np.percentile(a, [50, 95, 99])
            print(f"{kind}: {a.size} requests, {a.size / wall:.0f}/s, p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
                  f"p99 {p99:.1f} ms (client-bound: see the floor below)")
    a = np.asarray(floor["healthz"]) * 1e3
    if a.size:
        p50, p95 = np.percentile(a, [50, 95])
        print(f"floor (same server and clients, trivial /healthz): {a.size / floor_s:.0f} requests/s, "
              f"p50 {p50:.1f} ms, p95 {p95:.1f} ms — the machine's and client's ceiling")
    if res["errors"]:
        print("first errors:", res["errors"][:5])


if __name__ == "__main__":
    main()
