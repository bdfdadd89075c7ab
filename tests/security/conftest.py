"""Security tests reuse the web fixtures (an app on the tiny dataset with users of three
enterprises, an analyst and an admin)."""

from tests.web.conftest import _fast_hashing, env, make_env, shared_env, sqlite_env  # noqa: F401
