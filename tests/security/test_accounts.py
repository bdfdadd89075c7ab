"""Low findings of issue 11 on accounts: token expiry and revival, password change and reset,
common passwords, user names, the CLI password, audit of admin-made users, unknown
enterprises, the forbidden page's status.

Tiny dataset users (tests/web/conftest.py): oem (O1), maker (M1), rival (M2), analyst (M2),
admin (M1).
"""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from keyparts.errors import InputError
from keyparts.web import auth
from tests.web.conftest import PASSWORD

NEW = "a fresh and long passphrase"


def login(client, user: str, password: str = PASSWORD):
    return client.post("/api/v1/auth/login", json={"username": user, "password": password})


def test_api_tokens_expire_after_90_days(sqlite_env, monkeypatch):
    """A token made now works today and stops on day 91 (TOKEN_DAYS = 90)."""
    eng = sqlite_env.app.state.engine
    uid = next(u["id"] for u in auth.list_users(eng) if u["username"] == "rival")
    _, tok = auth.create_token(eng, uid, "ci")
    assert auth.token_principal(eng, tok) is not None
    later = auth.now() + dt.timedelta(days=91)
    monkeypatch.setattr(auth, "now", lambda: later)
    assert auth.token_principal(eng, tok) is None


def test_disabling_revokes_tokens_for_good(sqlite_env):
    """Enabling a disabled user again does not bring back its old tokens."""
    eng = sqlite_env.app.state.engine
    auth.set_disabled(eng, "rival")
    auth.set_disabled(eng, "rival", False)
    assert auth.token_principal(eng, sqlite_env.tokens["rival"]) is None
    assert login(sqlite_env.client(), "rival").status_code == 200  # the password still works


def test_a_user_changes_its_own_password(sqlite_env):
    c = sqlite_env.client("oem")
    r = c.post("/api/v1/me/password", json={"current_password": "not it at all", "new_password": NEW})
    assert r.status_code == 400 and "current_password" in r.json()["detail"]
    assert c.post("/api/v1/me/password", json={"current_password": PASSWORD, "new_password": NEW}).status_code == 204
    assert login(sqlite_env.client(), "oem").status_code == 401
    assert login(sqlite_env.client(), "oem", NEW).status_code == 200


@pytest.mark.parametrize("password", ["password123", "qwertyuiop", "1234567890", "ILOVEYOU12"])
def test_common_passwords_are_refused(sqlite_env, password):
    """Entries of the 30 000 most common passwords (zxcvbn's list; case does not matter)."""
    r = sqlite_env.client("admin").post("/api/v1/users", json={"username": "newbie", "password": password,
                                                              "enterprise_id": "O1"})
    assert r.status_code == 400 and "common" in r.json()["detail"]


@pytest.mark.parametrize("name,why", [("ｏｅｍ", "taken"), ("OEM", "taken"), ("eve\u202egnp.exe", "bidi"),
                                      ("eve\x00", "control"), ("eve\nroot", "control")])
def test_confusable_and_control_user_names_are_refused(sqlite_env, name, why):
    """Full-width 'ｏｅｍ' is 'oem' after NFKC (UAX #15) and 'OEM' differs only in case: both are
    taken; a right-to-left override or a control character is refused."""
    with pytest.raises(InputError, match="taken" if why == "taken" else "control or bidi"):
        auth.add_user(sqlite_env.app.state.engine, name, NEW, "O1")


def test_admin_made_user_appears_in_the_target_enterprise_audit(sqlite_env):
    """The admin (M1) creates a user inside O1: O1's members see it in their audit trail."""
    r = sqlite_env.client("admin").post("/api/v1/users", json={"username": "mole", "password": NEW,
                                                              "enterprise_id": "O1"})
    assert r.status_code == 201
    items = sqlite_env.client("oem").get("/api/v1/audit").json()["items"]
    assert any(e["table_name"] == "users" and e["row_key"] == "mole" and e["username"] == "admin"
               for e in items)


def _tiny_db(tmp_path) -> str:
    from keyparts.dataset import read_dataset, validate_and_type
    from keyparts.store.repository import import_dataset
    from tests.dataset.tiny import write_tiny
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    import_dataset(validate_and_type(read_dataset(write_tiny(tmp_path / "t"))), url)
    return url


def test_cli_password_never_on_the_command_line_and_unknown_enterprise_refused(tmp_path):
    from keyparts.cli import app
    db = _tiny_db(tmp_path)
    r = CliRunner().invoke(app, ["user", "add", "zoe", "-e", "O1", "--password", NEW, "--db", db])
    assert r.exit_code == 2 and "--password" in r.output  # no such option
    r = CliRunner().invoke(app, ["user", "add", "zoe", "-e", "O1", "--db", db], input=f"{NEW}\n{NEW}\n")
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["user", "add", "yan", "-e", "NOPE", "--db", db], input=f"{NEW}\n{NEW}\n")
    assert r.exit_code == 2 or (isinstance(r.exception, InputError) and "NOPE" in str(r.exception))
    r = CliRunner().invoke(app, ["user", "password", "zoe", "--db", db], input="x" * 12 + "\n" + "x" * 12 + "\n")
    assert r.exit_code == 0, r.output
    from keyparts.store import make_engine
    eng = make_engine(db)
    assert auth.authenticate(eng, "zoe", "x" * 12) is not None and auth.authenticate(eng, "zoe", NEW) is None
    eng.dispose()


def test_forbidden_page_answers_403(sqlite_env):
    from tests.web.test_pages import signed_in
    c, _ = signed_in(sqlite_env, "oem")
    r = c.get("/scenario")
    assert r.status_code == 403 and "cannot open" in r.text
