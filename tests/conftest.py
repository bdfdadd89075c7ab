"""Shared fixtures: databases (SQLite always; PostgreSQL when reachable, required in CI)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

PG_ADMIN_URL = os.environ.get("KEYPARTS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_reason() -> str | None:
    try:
        eng = sa.create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with eng.connect():
            pass
        eng.dispose()
    except Exception as exc:  # any reason the server cannot be used
        return f"PostgreSQL at {PG_ADMIN_URL} not reachable: {type(exc).__name__}: {str(exc).splitlines()[0]}"
    return None


_PG_SKIP = _pg_reason()


@pytest.fixture(autouse=True, scope="session")
def _default_database(tmp_path_factory) -> Iterator[None]:
    """No test writes the user's ./keyparts.db: the default database is a temporary file, and
    the analysis stores of PostgreSQL databases go to a temporary folder (not ~/.cache)."""
    old = os.environ.get("KEYPARTS_DATABASE_URL")
    old_store = os.environ.get("KEYPARTS_STORE_DIR")
    os.environ["KEYPARTS_DATABASE_URL"] = f"sqlite:///{tmp_path_factory.mktemp('default-db') / 'keyparts.db'}"
    os.environ["KEYPARTS_STORE_DIR"] = str(tmp_path_factory.mktemp("analysis-store"))
    yield
    if old_store is None:
        os.environ.pop("KEYPARTS_STORE_DIR", None)
    else:
        os.environ["KEYPARTS_STORE_DIR"] = old_store
    if old is None:
        os.environ.pop("KEYPARTS_DATABASE_URL", None)
    else:
        os.environ["KEYPARTS_DATABASE_URL"] = old


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    """URL of a new, empty PostgreSQL database, dropped on exit. Skips with the reason when no
    server is reachable, except in CI (KEYPARTS_REQUIRE_PG=1) where that is a failure."""
    if _PG_SKIP:
        if os.environ.get("KEYPARTS_REQUIRE_PG"):
            pytest.fail(_PG_SKIP)
        pytest.skip(_PG_SKIP)
    name = f"kp_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as c:
            c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test (see :func:`fresh_pg_database`)."""
    with fresh_pg_database() as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'keyparts.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """Each store test runs on both databases."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'keyparts.db'}"
    return request.getfixturevalue("pg_url")


CHROMIUM = os.environ.get("KEYPARTS_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright. Skips with the reason when Chromium is
    missing, except in CI (KEYPARTS_REQUIRE_BROWSER=1) where that is a failure."""
    if not os.path.exists(CHROMIUM):
        msg = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("KEYPARTS_REQUIRE_BROWSER"):
            pytest.fail(msg)
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                    "--disable-quic", "--no-first-run", "--disable-component-update",
                                    "--disable-sync"])
        yield b
        b.close()
