"""`keyparts demo` (what `make run` runs): import, summary, key categories, report, accounts."""

from __future__ import annotations

from typer.testing import CliRunner

from keyparts.cli import app


def test_demo_runs_the_main_job_on_the_sample(tmp_path):
    url = f"sqlite:///{tmp_path / 'k.db'}"
    report = tmp_path / "report.html"
    res = CliRunner().invoke(app, ["demo", "--db", url, "-o", str(report), "--no-serve"],
                             env={"COLUMNS": "160"})
    assert res.exit_code == 0, res.output
    # the sample's 190 enterprises (src/keyparts/data/README.md) are in the summary
    assert "enterprises" in res.output and "190" in res.output
    assert "Key categories" in res.output
    assert report.exists() and "<html" in report.read_text(encoding="utf-8")[:500].lower()
    for user in ("admin", "analyst", "oem", "maker"):
        assert user in res.output


def test_second_demo_run_keeps_users_data_and_passwords(tmp_path):
    """Issue 12: `make run` re-imported the sample over the database, deleting demands and
    resetting passwords. Now the sample goes only into an empty database, with its sharing."""
    import sqlalchemy as sa

    from keyparts.store import make_engine
    from keyparts.store.accounts import visibility
    from keyparts.web import auth
    from keyparts.web.tenancy import TenantRepo

    url = f"sqlite:///{tmp_path / 'k.db'}"
    args = ["demo", "--db", url, "-o", str(tmp_path / "r.html"), "--no-serve"]
    first = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert first.exit_code == 0, first.output
    assert "is empty: importing the bundled sample" in first.output
    eng = make_engine(url)
    with eng.connect() as conn:  # sharing.toml: D-01, D-03, D-11 public, D-04 shared
        vis = dict(conn.execute(sa.select(visibility.c.row_key, visibility.c.visibility)
                                .where(visibility.c.table_name == "demands")).all())
    assert vis == {"D-01": "public", "D-03": "public", "D-04": "shared", "D-11": "public"}
    (user,) = [u for u in auth.list_users(eng) if u["username"] == "oem"]
    p = auth.Principal(user["id"], "oem", user["enterprise_id"], "member")
    made = TenantRepo(eng, p).create("demands", {"id": "D-NEW", "category_id": "BRG-BALL-DG0", "quantity": 10.0})
    eng.dispose()
    second = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert second.exit_code == 0, second.output
    assert "already holds data" in second.output and "not imported again" in " ".join(second.output.split())
    assert "(unchanged)" in second.output
    eng = make_engine(url)
    assert TenantRepo(eng, p).get("demands", made["id"])["quantity"] == 10.0
    eng.dispose()
