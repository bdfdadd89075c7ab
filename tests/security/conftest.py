"""Security tests reuse the web fixtures (an app on the tiny dataset with users of three
enterprises, an analyst and an admin), plus one SQLite app per module for requests that are
refused or change nothing."""

import pytest

from tests.web.conftest import _fast_hashing, env, make_env, shared_env, sqlite_env  # noqa: F401


@pytest.fixture(scope="module")
def module_env(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("security")
    e = make_env(f"sqlite:///{tmp / 'keyparts.db'}", tmp)
    yield e
    e.app.state.engine.dispose()
