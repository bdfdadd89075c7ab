"""One slow request never freezes the others: engines run off the event loop, at most
KEYPARTS_HEAVY_WORKERS (2) at a time (keyparts.web.concurrency)."""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import uvicorn

from keyparts.life import planning

SLOW_S = 3.0  # seconds of one slow request
_REAL_PLAN_TEST = planning.plan_test


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _slow_plan(**kw):
    """Stands for a long engine run: SLOW_S seconds of pure-Python CPU work (holding the GIL
    except at the interpreter's switch interval), then the real plan (the route's typed
    response model checks it)."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < SLOW_S:
        sum(range(1000))
    return _REAL_PLAN_TEST(**kw)


@pytest.fixture
def server(sqlite_env, monkeypatch):
    """The app of the tiny dataset served by uvicorn on a real socket, in a thread."""
    import keyparts.life.planning

    monkeypatch.setattr(keyparts.life.planning, "plan_test", _slow_plan)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(sqlite_env.app, host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(base + "/healthz", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.05)
    yield base, sqlite_env.tokens
    srv.should_exit = True
    th.join(10)


PLAN = {"reliability": 0.9, "at": 1000.0, "confidence": 0.9, "beta": 1.5, "duration": 1000.0}


def _slow_request(base: str, h: dict) -> float:
    t0 = time.monotonic()
    r = httpx.post(base + "/api/v1/life/plan", json=PLAN, headers=h, timeout=60)
    assert r.status_code == 200, r.text
    # zero-failure Weibayes plan: n = ln(1 - 0.9) / ln(0.9) = 21.85 -> 22 units of 1000 h
    assert r.json()["units"] == 22
    return time.monotonic() - t0


def test_a_cheap_request_answers_while_a_slow_one_runs(server):
    """A slow request (SLOW_S = 3 s of pure-Python CPU, the worst case for the GIL) runs; meanwhile
    3 /healthz and 3 part searches (index already built) each answer in less than half of it
    (on an idle machine: tens of ms; the bound leaves room for a loaded machine, and here the
    client shares the server's GIL), and all of them while the slow one is still running."""
    base, tokens = server
    h = {"Authorization": f"Bearer {tokens['maker']}"}
    search = base + "/api/v1/parts?q=d%3D25mm"
    assert httpx.get(search, headers=h).json()["total"] >= 1  # warm: the index is built
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(_slow_request, base, h)
        time.sleep(0.2)  # the slow one is running
        cheap = []
        for _ in range(3):
            for url, hdr in ((base + "/healthz", {}), (search, h)):
                t0 = time.monotonic()
                assert httpx.get(url, headers=hdr, timeout=30).status_code == 200
                cheap.append(time.monotonic() - t0)
        still_running = not slow.done()
        assert slow.result() >= SLOW_S
    print("cheap requests (s):", [round(c, 3) for c in cheap])
    assert max(cheap) < SLOW_S / 2, f"a cheap request took {max(cheap):.2f} s while a slow one ran"
    assert still_running, "the cheap requests ended only after the slow one"


def test_heavy_work_is_bounded(server):
    """Three slow requests at once, 2 heavy slots (KEYPARTS_HEAVY_WORKERS): the third starts
    only when one of the first two ends, so the last one takes at least 2 x SLOW_S."""
    base, tokens = server
    h = {"Authorization": f"Bearer {tokens['maker']}"}
    with ThreadPoolExecutor(3) as pool:
        durations = sorted(pool.map(lambda _i: _slow_request(base, h), range(3)))
    assert durations[-1] >= 2 * SLOW_S, f"3 slow requests all ended within {durations[-1]:.2f} s: unbounded"


def test_a_search_not_yet_memoised_runs_off_the_loop(server, monkeypatch):
    """A search over the catalogue that is not memoised (here made to take SLOW_S seconds of
    pure-Python CPU) runs through keyparts.web.concurrency.heavy: meanwhile /healthz and a
    memoised search answer in less than half of it. (Run on the event loop, as the search
    route did before, it held every other request of the worker until it ended.)"""
    from keyparts.web.services import catalogue

    base, tokens = server
    h = {"Authorization": f"Bearer {tokens['maker']}"}
    memoised = base + "/api/v1/parts?q=d%3D25mm"
    assert httpx.get(memoised, headers=h).json()["total"] >= 1
    real = catalogue._public_page

    def slow_page(cache, **kw):
        t0 = time.monotonic()
        while time.monotonic() - t0 < SLOW_S:
            sum(range(1000))
        return real(cache, **kw)

    monkeypatch.setattr(catalogue, "_public_page", slow_page)
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(lambda: httpx.get(base + "/api/v1/parts?q=d%3E%3D30mm", headers=h, timeout=60))
        time.sleep(0.2)
        cheap = []
        for url, hdr in ((base + "/healthz", {}), (memoised, h)) * 2:
            t0 = time.monotonic()
            assert httpx.get(url, headers=hdr, timeout=30).status_code == 200
            cheap.append(time.monotonic() - t0)
        still_running = not slow.done()
        assert slow.result().status_code == 200
    assert max(cheap) < SLOW_S / 2, f"a cheap request took {max(cheap):.2f} s while a new search ran"
    assert still_running
