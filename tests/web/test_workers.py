"""`keyparts serve --workers 2`: two server processes on one database (SQLite file and
PostgreSQL) behave as one server. Each check spreads its requests over fresh connections from
several threads until both workers (told apart by X-Keyparts-Worker) have answered, and every
answer must be right: a write made through one worker is seen by both at once, the sign-in
limit is shared, and a CLI import made while they run is seen by both within 2 s."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from tests.dataset.tiny import TINY, write_tiny
from tests.web.conftest import PASSWORD, USERS

SRC = Path(__file__).resolve().parents[2] / "src"
PG_NAME = "serve_test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _setup(url: str, tmp: Path) -> dict[str, str]:
    """The tiny dataset and the users of tests/web/conftest.py; their tokens."""
    from keyparts.dataset import read_dataset, validate_and_type
    from keyparts.store import make_engine, upgrade
    from keyparts.store.repository import import_dataset
    from keyparts.web import auth

    eng = make_engine(url)
    upgrade(eng)
    import_dataset(validate_and_type(read_dataset(write_tiny(tmp / "tiny"))), engine=eng)
    tokens = {}
    for name, (ent, role) in USERS.items():
        tokens[name] = auth.create_token(eng, auth.add_user(eng, name, PASSWORD, ent, role), "test")[1]
    eng.dispose()
    return tokens


class Server:
    def __init__(self, url: str, tokens: dict[str, str], base: str):
        self.url, self.tokens, self.base = url, tokens, base

    def spread(self, path: str, *, user: str | None = None, n: int = 24, rounds: int = 8,
               method: str = "GET", **kw) -> list[tuple[str, httpx.Response]]:
        """``n`` requests at once on fresh connections, repeated until both workers answered
        (at most ``rounds`` times): [(worker, response)]."""
        h = {"Authorization": f"Bearer {self.tokens[user]}"} if user else {}
        out: list[tuple[str, httpx.Response]] = []

        def one(_i: int) -> tuple[str, httpx.Response]:
            r = httpx.request(method, self.base + path, headers=h, timeout=30, **kw)
            return r.headers["x-keyparts-worker"], r
        with ThreadPoolExecutor(8) as pool:
            for _ in range(rounds):
                out += list(pool.map(one, range(n)))
                if len({w for w, _r in out}) >= 2:
                    return out
        raise AssertionError(f"only worker {out[0][0]} answered {len(out)} requests")

    @contextmanager
    def busy(self, path: str, **kw):
        """Requests to ``path`` from 4 threads, on fresh connections, for as long as the block
        runs: both workers keep reading (their data version and their remembered principals
        are at most a moment old when the block's write commits, so a worker that trusted
        them for a while would answer stale)."""
        stop = threading.Event()

        def loop() -> None:
            while not stop.is_set():
                httpx.get(self.base + path, timeout=30, **kw)
        threads = [threading.Thread(target=loop) for _ in range(4)]
        for t in threads:
            t.start()
        try:
            time.sleep(0.5)
            yield
        finally:
            stop.set()
            for t in threads:
                t.join(30)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request, tmp_path_factory):
    """`keyparts serve --workers 2` in a subprocess, on a fresh database of each kind."""
    from tests.conftest import PG_ADMIN_URL, _PG_SKIP

    tmp = tmp_path_factory.mktemp("workers")
    admin = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'keyparts.db'}"
    else:
        if _PG_SKIP:
            (pytest.fail if os.environ.get("KEYPARTS_REQUIRE_PG") else pytest.skip)(_PG_SKIP)
        admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(sa.text(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)'))
            c.execute(sa.text(f'CREATE DATABASE "{PG_NAME}"'))
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_NAME}"
    tokens = _setup(url, tmp)
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC), "KEYPARTS_STORE_DIR": str(tmp / "store")}
    proc = subprocess.Popen([sys.executable, "-m", "keyparts", "serve", "--workers", "2", "--port", str(port),
                             "--db", url], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        t0 = time.monotonic()
        while True:
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() - t0 < 120, "the server did not start within 120 s"
            time.sleep(0.2)
        srv = Server(url, tokens, base)
        srv.spread("/healthz")  # both workers up
        yield srv
    finally:
        proc.terminate()
        proc.wait(30)
        if admin is not None:
            with admin.connect() as c:
                c.execute(sa.text(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)'))
            admin.dispose()


def _items(r: httpx.Response) -> dict[str, dict]:
    assert r.status_code == 200, r.text
    return {i["part_id"]: i for i in r.json()["items"]}


def test_a_price_written_through_one_worker_is_read_by_both_at_once(server):
    """The maker (M1) sets P1's price through whichever worker takes the PUT, then at once 24
    searches of P1's category (BRG-DGBB-P5, holding P1 only) run on both workers: each shows
    the new price, for three successive prices (4.5 in the dataset, then 5.25, 6.5, 7.75)."""
    path = "/api/v1/parts?category=BRG-DGBB-P5"
    for price in (5.25, 6.5, 7.75):
        w = httpx.put(server.base + "/api/v1/parts/P1/price", json={"unit_price_usd": price},
                      headers={"Authorization": f"Bearer {server.tokens['maker']}"})
        assert w.status_code == 200, w.text
        got = server.spread(path, user="maker")
        assert {_items(r)["P1"]["unit_price_usd"] for _w, r in got} == {price}


def _tiny_zip(d_mm: str) -> bytes:
    """The tiny dataset as a zip, P1's bore d set to ``d_mm`` (25 in the dataset)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in TINY.items():
            z.writestr(name, text.replace("P1,d,25,mm", f"P1,d,{d_mm},mm") if name == "part_values.csv" else text)
    return buf.getvalue()


def test_a_catalogue_import_is_searched_by_both_workers_at_once(server, tmp_path):
    """Both workers have built their search index (d=25mm finds P1, and P2 whose d is
    0.025 m) and keep searching. The dataset with P1's d = 35 mm is imported through one
    connection of this process; the moment it commits, every search for d=35mm, on both
    workers, returns exactly P1: each request reads the data version anew, so none answers
    from a version read before the commit (a worker that trusted a read for 0.5 s would)."""
    from keyparts.dataset import read_dataset, validate_and_type
    from keyparts.store import make_engine
    from keyparts.store.repository import import_dataset

    assert all("P1" in _items(r) for _w, r in server.spread("/api/v1/parts?q=d%3D25mm", user="admin"))
    ds = validate_and_type(read_dataset(write_tiny(
        tmp_path / "v35", part_values_csv=TINY["part_values.csv"].replace("P1,d,25,mm", "P1,d,35,mm"))))
    eng = make_engine(server.url)
    try:
        with server.busy("/api/v1/parts?q=d%3D35mm", headers={"Authorization": f"Bearer {server.tokens['admin']}"}):
            import_dataset(ds, engine=eng)
            got = server.spread("/api/v1/parts?q=d%3D35mm", user="admin")
    finally:
        eng.dispose()
    assert [sorted(_items(r)) for _w, r in got] == [["P1"]] * len(got)


def test_a_dataset_uploaded_through_one_worker_is_searched_by_both(server):
    """The admin uploads the dataset with P1's d = 40 mm through one worker (the API import);
    right after, every search for d=40mm, on both workers, returns exactly P1."""
    r = httpx.post(server.base + "/api/v1/datasets/import", data={"replace": "false"},
                   files={"file": ("tiny.zip", _tiny_zip("40"), "application/zip")},
                   headers={"Authorization": f"Bearer {server.tokens['admin']}"}, timeout=60)
    assert r.status_code == 200, r.text
    got = server.spread("/api/v1/parts?q=d%3D40mm", user="admin")
    assert [sorted(_items(r)) for _w, r in got] == [["P1"]] * len(got)


def test_the_login_limit_holds_across_workers(server):
    """LoginLimiter(free=5, base_s=2): five wrong passwords for 'oem' from one address are
    answered 401, the fifth starting a 2 s wait; then 12 more at once on fresh connections.
    Every one of those sent within 1 s of the fifth's answer is 429, and both workers answer
    429 (per-process counting would have let each worker answer 401 to five)."""
    def login(_i: int = 0) -> tuple[float, str, int]:
        t = time.monotonic()
        r = httpx.post(server.base + "/api/v1/auth/login", json={"username": "oem", "password": "wrong password"},
                       timeout=30)
        return t, r.headers["x-keyparts-worker"], r.status_code
    for _round in range(3):
        first = [login()[2] for _ in range(5)]
        assert first == [401] * 5
        t5 = time.monotonic()
        with ThreadPoolExecutor(6) as pool:
            more = list(pool.map(login, range(12)))
        early = [(w, st) for t, w, st in more if t < t5 + 1.0]
        assert {st for _w, st in early} <= {429}, f"a wrong password was checked within the wait: {early}"
        if len(early) >= 4 and len({w for w, _st in early}) == 2:
            return
        deadline = time.monotonic() + 60  # a success, once the wait is over, resets the pair: try again
        while httpx.post(server.base + "/api/v1/auth/login", json={"username": "oem", "password": PASSWORD},
                         timeout=30).status_code != 200:
            assert time.monotonic() < deadline
            time.sleep(1)
    raise AssertionError("the machine was too slow to send 4 attempts to both workers within 1 s")


def test_a_cli_import_while_two_workers_run_is_visible_to_both_within_2_s(server, tmp_path):
    """`keyparts data import` in its own process moves P1's bore to 30 mm; within 2 s every
    search for d=30mm, on both workers, returns P1 (each worker compares the data version in
    the database; none keeps a process counter)."""
    assert not any("P1" in _items(r) for _w, r in server.spread("/api/v1/parts?q=d%3D30mm", user="analyst"))
    folder = write_tiny(tmp_path / "v2", part_values_csv=TINY["part_values.csv"].replace("P1,d,25,mm", "P1,d,30,mm"))
    cmd = subprocess.run([sys.executable, "-m", "keyparts", "data", "import", str(folder), "--db", server.url],
                         env={**os.environ, "PYTHONPATH": str(SRC)}, capture_output=True, text=True)
    assert cmd.returncode == 0, cmd.stdout + cmd.stderr
    t0 = time.monotonic()
    while True:
        got = server.spread("/api/v1/parts?q=d%3D30mm", user="analyst", n=8)
        if all(sorted(_items(r)) == ["P1"] for _w, r in got):
            break
        assert time.monotonic() - t0 < 2.0, "the import is not visible to both workers within 2 s"
        time.sleep(0.05)


def test_a_sign_out_through_one_worker_ends_the_session_on_both_at_once(server):
    """The maker signs in (session cookie); /me answers 200 on both workers, which keep being
    asked (each remembers the principal for up to 2 s). Sign-out through one worker bumps the `accounts`
    version in its transaction; right after, /me with the old cookie is 401 on both workers."""
    r = httpx.post(server.base + "/api/v1/auth/login", json={"username": "maker", "password": PASSWORD}, timeout=30)
    assert r.status_code == 200, r.text
    cookies, csrf = dict(r.cookies), r.json()["csrf_token"]
    assert {x.status_code for _w, x in server.spread("/api/v1/me", cookies=cookies)} == {200}
    with server.busy("/api/v1/me", cookies=cookies):
        out = httpx.post(server.base + "/api/v1/auth/logout", cookies=cookies, headers={"X-CSRF-Token": csrf},
                         timeout=30)
        assert out.status_code == 204, out.text
        assert {x.status_code for _w, x in server.spread("/api/v1/me", cookies=cookies)} == {401}
