"""The command line as a whole: version, one-line errors, output without a terminal, and
country codes typed in any case."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

from typer.testing import CliRunner

from keyparts.cli import app
from keyparts.cli.common import guard
from keyparts.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "keyparts" / "data" / "sample"
runner = CliRunner()


def test_version_is_the_version_declared_in_pyproject():
    """``keyparts --version`` prints ``keyparts X`` with X the ``[project] version`` of
    pyproject.toml (the package metadata is built from it)."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0
    assert res.stdout.strip() == f"keyparts {declared}"


def test_long_error_is_one_line_on_stderr():
    """An unknown embargo country lists the 19 codes of the sample: a message of ~150 characters,
    which Rich wrapped over 2-3 lines at 80 columns. It must stay one line, exit 2."""
    res = runner.invoke(app, ["scenario", "--data", str(SAMPLE), "--embargo", "XX"])
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert len(lines[0]) > 80
    assert lines[0].startswith("error: --embargo: 'XX' is not a country code of the dataset")
    assert lines[0].endswith("MX, BR)")


def test_error_with_line_breaks_prints_one_line(capsys):
    """A message spanning lines (e.g. a wrapped library message) is joined with '; '."""
    import typer
    import pytest

    @guard
    def fails() -> None:
        raise InputError("first part\n  second part")

    with pytest.raises(typer.Exit) as exc:
        fails()
    assert exc.value.exit_code == 2
    assert capsys.readouterr().err == "error: first part; second part\n"


def test_table_piped_to_a_file_is_not_cut_at_80_columns():
    """Without a terminal (stdout a pipe, no COLUMNS) the search table keeps every cell whole:
    the maker id M-CN-001 and designation 6309-2RS of the sample's PT-0022 (parts.csv), which
    Rich cut to 'M-CN-0…' and '6309-2…' at its default 80 columns."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR", "TERM")}
    env["PYTHONPATH"] = str(ROOT / "src")
    out = subprocess.run([sys.executable, "-m", "keyparts", "search", "--data", str(SAMPLE), "--category", "BRG",
                          "--where", "d=45mm", "--limit", "3"],
                         capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)
    assert out.returncode == 0, out.stderr
    row = next(line for line in out.stdout.splitlines() if "PT-0022" in line)
    assert "6309-2RS" in row and "M-CN-001" in row and "…" not in out.stdout
    assert "d [mm]" in out.stdout  # the unit in brackets is text, not Rich markup


def test_embargo_country_codes_are_case_insensitive():
    """ISO 3166-1 alpha-2 codes are letters without case: ``--embargo jp,de`` is ``JP,DE``."""
    lower = runner.invoke(app, ["scenario", "--data", str(SAMPLE), "--embargo", "jp,de", "--json"])
    upper = runner.invoke(app, ["scenario", "--data", str(SAMPLE), "--embargo", "JP,DE", "--json"])
    assert lower.exit_code == 0, lower.output
    assert json.loads(lower.stdout) == json.loads(upper.stdout)
    assert json.loads(lower.stdout)["scenario"]["embargo"] == ["JP", "DE"]


def test_api_country_codes_are_upper_cased_at_the_boundary():
    """The API's inputs accept 'jp' and carry 'JP'; a code that is not two letters stays refused."""
    import pytest
    from pydantic import ValidationError

    from keyparts.web.api.schemas import ScenarioIn, SourcingIn

    assert ScenarioIn(embargo=["jp", " de"]).embargo == ["JP", "DE"]
    assert SourcingIn(item_id="PT-1", supplier_id="M-1", origin_country="jp", share=1).origin_country == "JP"
    with pytest.raises(ValidationError):
        SourcingIn(item_id="PT-1", supplier_id="M-1", origin_country="j1", share=1)


def test_usage_error_is_one_line_naming_the_help():
    """A bad option value is a usage error: exit 2 and one line naming the option and the
    command's --help (Typer drew a 5-line box around it)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-m", "keyparts", "search", "--limit", "-5"], capture_output=True,
                         text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)
    assert out.returncode == 2
    lines = out.stderr.splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("error: Invalid value for '--limit': ")
    assert lines[0].endswith(" (see: python -m keyparts search --help)")
