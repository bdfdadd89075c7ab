"""Heavy uploads run off the event loop (H-3): while a large life-test CSV is parsed and
fitted, a live server still answers ``/healthz`` within 200 ms.

Before, an 82 KiB XLSX froze every request for 54 s and a 100 000-row life CSV for 7-12 s,
because parsing and fitting ran inside ``async def`` handlers on the loop (here: one answer
after 16 s). The bound allows one answer in ten above 200 ms, and none above 2 s: on a shared
two-core machine the OS and the GIL (a C call in the worker holding it) can delay a single
answer by a few hundred ms, which is not the loop being blocked.
"""

from __future__ import annotations

import socket
import threading
import time

import httpx
import numpy as np
import pytest
import uvicorn


@pytest.fixture
def live(sqlite_env):
    """The app served by uvicorn on 127.0.0.1 and a free port, for the length of one test."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(sqlite_env.app, lifespan="off", log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", sqlite_env
    server.should_exit = True
    thread.join(10)
    sock.close()


def test_healthz_answers_within_200_ms_during_a_heavy_upload(live):
    url, env = live
    rng = np.random.default_rng(1)
    n = 60_000  # Weibull(beta=2, eta=1000) lives, a third suspended: seconds of parsing, fitting, plotting
    t = 1000 * rng.weibull(2.0, n)
    rows = "\n".join(f"{x:.4f},{'S' if i % 3 == 0 else 'F'},u{i}" for i, x in enumerate(t))
    csv = ("time,status,unit_id\n" + rows + "\n").encode()
    result: dict = {}

    def upload():
        with httpx.Client(timeout=120) as c:
            t0 = time.perf_counter()
            r = c.post(f"{url}/api/v1/life/fit-csv", files={"file": ("big.csv", csv, "text/csv")},
                       data={"plot": "true"}, headers={"Authorization": f"Bearer {env.tokens['maker']}"})
            result.update(status=r.status_code, took=time.perf_counter() - t0)

    latencies = []
    with httpx.Client(timeout=30) as probe:
        assert probe.get(f"{url}/healthz").status_code == 200  # connection warmed up
        worker = threading.Thread(target=upload)
        worker.start()
        time.sleep(0.3)  # the upload is now being parsed or fitted
        while worker.is_alive() and len(latencies) < 40:
            t0 = time.perf_counter()
            assert probe.get(f"{url}/healthz").status_code == 200
            latencies.append(time.perf_counter() - t0)
            time.sleep(0.05)
        worker.join(120)
    slow = [x for x in latencies if x >= 0.2]
    assert len(slow) <= len(latencies) // 10 and max(latencies) < 2.0, \
        f"healthz latencies during the upload (s): {sorted(latencies)[-5:]} of {len(latencies)}"
    assert result.get("status") == 200, result
    assert len(latencies) >= 3, f"the upload took only {result['took']:.2f} s: not heavy enough to test"
