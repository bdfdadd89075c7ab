"""The data commands end to end through the CLI, and help text on every command."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from keyparts.cli import app
from tests.dataset.tiny import TINY, write_tiny

runner = CliRunner()


def test_validate_reports_errors_and_exits_2(tmp_path):
    bad = write_tiny(tmp_path / "bad", parts_csv=TINY["parts.csv"].replace("qualified", "approved"))
    res = runner.invoke(app, ["data", "validate", str(bad), "--json"])
    assert res.exit_code == 2
    out = json.loads(res.stdout)
    assert out["valid"] is False
    assert {"file": "parts.csv", "row": 2, "column": "status", "severity": "error",
            "message": "'approved' is not one of prototype | qualified | production"} in out["problems"]


def test_import_then_summary_json(tmp_path):
    url = f"sqlite:///{tmp_path / 'k.db'}"
    res = runner.invoke(app, ["data", "import", str(write_tiny(tmp_path / "ds")), "--db", url])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["data", "summary", "--db", url, "--json"])
    s = json.loads(res.stdout)
    assert s["rows"]["parts"] == 3 and s["rows"]["bom"] == 3
    assert s["dataset"]["name"] == "tiny"


def test_failed_import_exits_2_and_writes_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'k.db'}"
    bad = write_tiny(tmp_path / "bad", bom_csv=TINY["bom.csv"] + "P1,A1,1,true\n")
    res = runner.invoke(app, ["data", "import", str(bad), "--db", url])
    assert res.exit_code == 2
    assert "cycle: A1 -> P1 -> A1" in res.output
    assert not (tmp_path / "k.db").exists()


def _commands(group: typer.Typer, prefix: tuple[str, ...] = ()):
    import typer.main

    cmd = typer.main.get_command(group)
    stack = [(prefix, cmd)]
    while stack:
        path, c = stack.pop()
        subs = getattr(c, "commands", None)
        if subs:
            stack.extend((path + (name,), sub) for name, sub in subs.items())
        else:
            yield path


def test_every_command_has_help_with_an_example():
    missing = []
    for path in _commands(app):
        res = runner.invoke(app, [*path, "--help"])
        if res.exit_code != 0 or "Example" not in res.output:
            missing.append(" ".join(path))
    assert missing == []
