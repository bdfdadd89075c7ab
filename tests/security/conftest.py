"""Security tests use the web fixtures (an app on the tiny dataset with users of three
enterprises, an analyst and an admin; SQLite and PostgreSQL)."""

from tests.web.conftest import _fast_hashing, env, shared_env, sqlite_env  # noqa: F401
