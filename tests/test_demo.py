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
