"""Web fixtures: an app on the tiny dataset with users of three enterprises and an analyst."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from keyparts.web import auth

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True, scope="session")
def _fast_hashing():
    """Cheap Argon2 parameters in tests (the production default costs ~0.1 s per hash)."""
    old = auth._hasher
    auth._hasher = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
    auth._DUMMY_HASH = auth._hasher.hash("dummy-password")
    yield
    auth._hasher = old


@dataclass
class Env:
    app: object
    url: str
    tokens: dict[str, str]

    def client(self, user: str | None = None) -> TestClient:
        c = TestClient(self.app)
        if user:
            c.headers["Authorization"] = f"Bearer {self.tokens[user]}"
        return c


USERS = {  # user -> (enterprise of the tiny dataset, role)
    "oem": ("O1", "member"),       # OEM Hengyu: owns demand D1, sourcing O1|A1|M1|CN
    "maker": ("M1", "member"),     # maker Liaoning: owns parts P1, A1, their prices and test T1
    "rival": ("M2", "member"),     # maker Kansai: owns P2
    "analyst": ("M2", "analyst"),
    "admin": ("M1", "admin"),
}


def make_env(db_url: str, tmp_path) -> Env:
    from keyparts.dataset import read_dataset, validate_and_type
    from keyparts.store.repository import import_dataset
    from keyparts.web import create_app
    from tests.dataset.tiny import write_tiny

    app = create_app(db_url)
    ds = validate_and_type(read_dataset(write_tiny(tmp_path / "tiny")))
    import_dataset(ds, engine=app.state.engine)
    tokens = {}
    for name, (ent, role) in USERS.items():
        uid = auth.add_user(app.state.engine, name, PASSWORD, ent, role)
        tokens[name] = auth.create_token(app.state.engine, uid, "test")[1]
    return Env(app, db_url, tokens)


@pytest.fixture
def env(db_url, tmp_path) -> Env:
    e = make_env(db_url, tmp_path)
    yield e
    e.app.state.engine.dispose()


@pytest.fixture
def sqlite_env(sqlite_url, tmp_path) -> Env:
    e = make_env(sqlite_url, tmp_path)
    yield e
    e.app.state.engine.dispose()


def env_per_database(request, tmp_path_factory, build):
    """For a module-scoped fixture with params ["sqlite", "postgresql"]: ``build(url, tmp)`` on a
    new SQLite file or a fresh PostgreSQL database, yielded, its engine disposed after."""
    from tests.conftest import fresh_pg_database

    tmp = tmp_path_factory.mktemp("web")
    if request.param == "sqlite":
        e = build(f"sqlite:///{tmp / 'keyparts.db'}", tmp)
        yield e
        e.app.state.engine.dispose()
        return
    with fresh_pg_database() as url:
        e = build(url, tmp)
        yield e
        e.app.state.engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_env(request, tmp_path_factory) -> Env:
    """One env per test module and database, for tests that do not change owned rows."""
    yield from env_per_database(request, tmp_path_factory, make_env)
