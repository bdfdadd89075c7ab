"""Request bodies are bounded per route while they stream in, before authentication (H-2).

The app is driven as a plain ASGI callable so that the test sees exactly how many body bytes
the server pulled: a chunked body (no Content-Length) must not be read past the route's limit,
and a declared Content-Length above it is refused before any byte is read.
"""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from keyparts.web.app import JSON_BODY_BYTES, SMALL_BODY_BYTES

CHUNK = 64 * 1024


def run_asgi(coro) -> None:
    """Run one ASGI call to its end in a thread of its own: a session-scoped Playwright (the
    browser tests) keeps an event loop running in the main thread, where asyncio.run() refuses."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coro).result()


def call(app, path: str, *, total: int, headers: list[tuple[bytes, bytes]] = (),
         content_length: bool = False, body: bytes | None = None) -> tuple[int, int, dict]:
    """POST ``total`` bytes to ``path`` in 64 KiB chunks; (status, bytes pulled by the app, JSON)."""
    pulled = 0
    sent: list[dict] = []
    data = body if body is not None else b"x" * total
    total = len(data)

    async def receive():
        nonlocal pulled
        if pulled >= total:
            return {"type": "http.disconnect"}
        chunk = data[pulled:pulled + CHUNK]
        pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": pulled < total}

    async def send(message):
        sent.append(message)

    hdrs = list(headers)
    if content_length:
        hdrs.append((b"content-length", str(total).encode()))
    else:
        hdrs.append((b"transfer-encoding", b"chunked"))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "headers": hdrs, "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 80)}
    run_asgi(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body_out = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], pulled, json.loads(body_out or b"{}")


JSON = [(b"content-type", b"application/json")]


def test_chunked_login_body_is_refused_at_16_kib_not_buffered(module_env):
    """A 400 MiB chunked sign-in body was buffered whole before the 401. Now the server stops
    pulling as soon as 16 KiB + one chunk have arrived: 413, at most 16 + 64 KiB read of the
    8 MiB offered."""
    status, pulled, out = call(module_env.app, "/api/v1/auth/login", total=8 << 20, headers=JSON)
    assert status == 413 and "16 KiB" in out["detail"]
    assert pulled <= SMALL_BODY_BYTES + CHUNK


def test_declared_oversize_upload_is_refused_before_reading(module_env):
    """A 500 MiB upload announced by Content-Length is refused before one body byte is read
    (no spooling to disk), signed in or not."""
    token = module_env.tokens["oem"].encode()
    for hdrs in ([], [(b"authorization", b"Bearer " + token)]):
        hdrs = hdrs + [(b"content-type", b"multipart/form-data; boundary=x")]
        app = module_env.app

        async def never():
            raise AssertionError("body read")
        pulled = []

        async def send(m):
            pulled.append(m)
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
                 "scheme": "http", "path": "/api/v1/datasets/validate", "raw_path": b"", "query_string": b"",
                 "root_path": "", "headers": hdrs + [(b"content-length", str(500 << 20).encode())],
                 "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 80)}
        run_asgi(app(scope, never, send))
        assert pulled[0]["status"] == 413


def test_unauthenticated_chunked_upload_stops_at_16_kib(module_env):
    """Without credentials the answer can only be 401, so at most 16 KiB (+ one chunk) of a
    chunked multipart upload are read: 413 instead of spooling the upload to disk."""
    status, pulled, _ = call(module_env.app, "/api/v1/datasets/validate", total=4 << 20,
                             headers=[(b"content-type", b"multipart/form-data; boundary=x")])
    assert status == 413 and pulled <= SMALL_BODY_BYTES + CHUNK


def test_signed_in_json_body_is_bounded_at_1_mib(module_env):
    """A JSON write (here a demand) is at most 1 MiB: a 3 MiB chunked body gets 413 after at
    most 1 MiB + one chunk."""
    auth = [(b"authorization", b"Bearer " + module_env.tokens["oem"].encode())]
    status, pulled, _ = call(module_env.app, "/api/v1/demands", total=3 << 20, headers=auth + JSON)
    assert status == 413 and pulled <= JSON_BODY_BYTES + CHUNK


def test_limits_leave_ordinary_requests_alone(module_env):
    """A sign-in of a few bytes reaches the password check (401, not 413), and a signed-in
    life-data body of 1.3 MB (above the 1 MiB JSON limit, within the upload limit) is read and
    validated whole (422 for its too-long ``dist``, a cheap refusal after the whole body)."""
    status, _, out = call(module_env.app, "/api/v1/auth/login", total=0, headers=JSON, content_length=True,
                          body=json.dumps({"username": "oem", "password": "wrong password"}).encode())
    assert status == 401, out
    times = [round(1000.123457 + i % 997, 6) for i in range(100_000)]
    body = json.dumps({"times": times, "dist": "x" * 41}).encode()
    assert len(body) > JSON_BODY_BYTES
    auth = [(b"authorization", b"Bearer " + module_env.tokens["oem"].encode())]
    status, _, out = call(module_env.app, "/api/v1/life/fit", total=0, headers=auth + JSON, body=body)
    assert status == 422 and "body.dist" in out["detail"], out


@pytest.mark.parametrize("path", ["/login", "/api/v1/auth/login"])
def test_sign_in_bodies_over_16_kib_are_413_before_the_limiter(module_env, path):
    """The limit applies before authentication: a 20 KiB sign-in body is 413 and never reaches
    the password check."""
    status, _, _ = call(module_env.app, path, total=20 * 1024, content_length=True,
                        headers=[(b"content-type", b"application/x-www-form-urlencoded")])
    assert status == 413


def test_test_campaign_upload_gets_the_upload_limit(module_env):
    """``POST /parts/{id}/tests`` is a file upload: a 2 MiB CSV passes the body limit (here it
    is then refused as 422 for its 2 KiB non-numeric stress cells), where a JSON write would be
    413 at 1 MiB."""
    csv = b"time,status,stress\n" + b"".join(b"%d,F,%s\n" % (i + 1, b"x" * 2048) for i in range(1024))
    assert len(csv) > 2 * JSON_BODY_BYTES
    r = module_env.client("maker").post("/api/v1/parts/P1/tests", files={"file": ("t.csv", csv, "text/csv")},
                                        data={"test_id": "TBIG"})
    assert r.status_code == 422, r.text[:300]
