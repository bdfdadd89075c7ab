"""M-6 (the sign-in limit bypassed by concurrency), M-7 (lockout as denial of service) and the
low findings on the limiter's memory, login CSRF and the Secure cookie flag (issue 11).

The throttle (keyparts.web.auth.LoginLimiter, defaults): per (user name, address) pair, the
first 5 attempts since the last success go at once; the 5th sets a wait of 2 s, each further
attempt doubles it (OWASP Authentication Cheat Sheet, login throttling).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from keyparts.store.accounts import login_throttle
from keyparts.web import auth
from tests.web.conftest import PASSWORD

WRONG = "wrong password!!"


def login(client, user: str = "maker", password: str = WRONG, **headers):
    return client.post("/api/v1/auth/login", json={"username": user, "password": password}, headers=headers)


def from_address(env, address: str) -> TestClient:
    return TestClient(env.app, client=(address, 40000))


def test_parallel_guesses_check_at_most_five_passwords(env):
    """40 parallel wrong guesses from one address: exactly 5 passwords are checked (401), the
    other 35 are refused (429) before any check."""
    c = env.client()
    with ThreadPoolExecutor(20) as pool:
        codes = list(pool.map(lambda _: login(c).status_code, range(40)))
    assert sorted(codes) == [401] * 5 + [429] * 35


def test_the_count_holds_across_workers(env, tmp_path):
    """Two app instances (two workers) on one database: 10 wrong guesses alternating between
    them check 5 passwords, not 5 per worker."""
    from keyparts.web import create_app
    other = create_app(env.url)
    try:
        clients = [env.client(), TestClient(other)]
        codes = [login(clients[i % 2]).status_code for i in range(10)]
    finally:
        other.state.engine.dispose()
    assert codes == [401] * 5 + [429] * 5


def test_failures_from_one_address_do_not_lock_the_user_out_elsewhere(env):
    """Five wrong passwords from 10.0.0.66 slow down that pair only: the user signs in from
    10.0.0.7 at once; the attacker's address waits 2 s even with the right password."""
    attacker, user = from_address(env, "10.0.0.66"), from_address(env, "10.0.0.7")
    assert [login(attacker).status_code for _ in range(5)] == [401] * 5
    assert login(user, password=PASSWORD).status_code == 200
    r = login(attacker, password=PASSWORD)
    assert r.status_code == 429 and r.headers["Retry-After"] == "2"
    assert login(attacker, user="oem", password=PASSWORD).status_code == 200  # another user name


def test_delays_grow_and_a_success_resets_them(sqlite_env, monkeypatch):
    """Attempts 1-5 at once; then waits of 2, 4, 8 s (doubling), and the right password after
    the wait resets the pair."""
    now = [1_000_000.0]
    monkeypatch.setattr(auth, "_clock", lambda: now[0])
    c = sqlite_env.client()
    assert [login(c).status_code for _ in range(5)] == [401] * 5
    for wait in (2, 4, 8):
        r = login(c)
        assert r.status_code == 429 and r.headers["Retry-After"] == str(wait)
        now[0] += wait
        assert login(c).status_code == 401
    now[0] += 16
    assert login(c, password=PASSWORD).status_code == 200
    assert [login(c).status_code for _ in range(5)] == [401] * 5  # five at once again


def test_forwarded_addresses_are_believed_only_from_configured_proxies(env, monkeypatch):
    """Without KEYPARTS_TRUSTED_PROXIES an attacker cannot dodge the throttle by inventing
    X-Forwarded-For; behind the configured proxy 10.0.0.1 the real clients are told apart,
    so the attacker's failures do not lock out the user coming through the same proxy."""
    direct = from_address(env, "10.0.0.66")
    for i in range(5):
        assert login(direct, **{"X-Forwarded-For": f"192.0.2.{i}"}).status_code == 401
    assert login(direct, **{"X-Forwarded-For": "192.0.2.99"}).status_code == 429
    monkeypatch.setenv("KEYPARTS_TRUSTED_PROXIES", "10.0.0.1")
    proxy = from_address(env, "10.0.0.1")
    for _ in range(5):
        assert login(proxy, user="oem", **{"X-Forwarded-For": "198.51.100.9"}).status_code == 401
    assert login(proxy, user="oem", password=PASSWORD, **{"X-Forwarded-For": "203.0.113.5"}).status_code == 200
    # a client-supplied left-most entry does not help: the proxy appends the real address
    r = login(proxy, user="oem", **{"X-Forwarded-For": "203.0.113.77, 198.51.100.9"})
    assert r.status_code == 429


def test_refused_user_names_take_no_process_memory_and_fixed_size_rows(sqlite_env):
    """300 distinct 100-character user names: the limiter object is unchanged (its state is
    in the database) and each pair is one row keyed by a 64-hex-digit SHA-256."""
    lim = sqlite_env.app.state.limiter
    before = {k: repr(v) for k, v in vars(lim).items()}
    c = sqlite_env.client()
    for i in range(300):
        login(c, user=f"{i:04d}" + "x" * 96)
    assert {k: repr(v) for k, v in vars(lim).items()} == before
    with sqlite_env.app.state.engine.connect() as conn:
        keys = conn.execute(sa.select(login_throttle.c.key)).scalars().all()
    assert len(keys) == 300 and {len(k) for k in keys} == {64}


def test_cleanup_of_idle_pairs_is_bounded(sqlite_env):
    """500 pairs idle for over a day; one new pair deletes at most 200 of them: 300 idle + 1."""
    eng, lim = sqlite_env.app.state.engine, sqlite_env.app.state.limiter
    old = auth._clock() - 2 * 86_400
    with eng.begin() as conn:
        conn.execute(login_throttle.insert(), [{"key": f"{i:064d}", "attempts": 1, "delay_s": 0.0,
                                                "next_at": old, "updated_at": old} for i in range(500)])
    assert lim.attempt(eng, "someone", "10.1.1.1") == 0.0
    with eng.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(login_throttle)).scalar() == 301


def test_cross_site_sign_in_is_refused(sqlite_env):
    """Login CSRF: a form posted from another site must not sign the browser in."""
    c = sqlite_env.client()
    r = c.post("/login", data={"username": "oem", "password": PASSWORD, "next": "/"},
               headers={"Origin": "https://evil.example"}, follow_redirects=False)
    assert r.status_code != 303 and "kp_session" not in r.headers.get("set-cookie", "")
    r = login(c, user="oem", password=PASSWORD, Origin="https://evil.example")
    assert r.status_code == 403
    r = login(c, user="oem", password=PASSWORD, Referer="https://evil.example/page")
    assert r.status_code == 403
    assert login(c, user="oem", password=PASSWORD, Origin="http://testserver").status_code == 200


@pytest.mark.parametrize("peer,secure", [("10.0.0.1", True), ("10.0.0.66", False)])
def test_secure_cookie_behind_a_tls_terminating_proxy(sqlite_env, monkeypatch, peer, secure):
    """The configured proxy 10.0.0.1 says X-Forwarded-Proto: https -> the cookie is Secure; the
    same header from anyone else is ignored."""
    monkeypatch.setenv("KEYPARTS_TRUSTED_PROXIES", "10.0.0.0/30")
    r = login(from_address(sqlite_env, peer), user="oem", password=PASSWORD, **{"X-Forwarded-Proto": "https"})
    assert r.status_code == 200
    assert ("Secure" in r.headers["set-cookie"]) is secure
