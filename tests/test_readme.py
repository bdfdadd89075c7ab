"""Every ``keyparts ...`` example in README.md's code blocks runs, in README order, against the
bundled sample in a fresh SQLite database, and returns what the README says it returns.

Options in brackets are included (they are what the README offers), the first of ``a|b|c`` is
taken, and the README's placeholders are filled in as the README states: PATH the sample,
DIR / OUT new folders, URL the test database, NAME a new user, ID an enterprise of the sample
(``--enterprise``: the OEM O-CN-001; ``--supplier``: the Japanese maker M-JP-004); the files
``tests.csv`` and ``substitute.csv`` hold the sample's 6309 endurance campaign LT-6309-CN of
PT-0021, ``benchmark.csv`` campaign LT-6309-SE of PT-0551, and ``alt.csv`` the ReliaWiki
Arrhenius-Weibull example (tests/life/cases.py). Every example must have an expectation below,
so a new example cannot go unchecked. ``serve`` is started as a process and asked for pages.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from keyparts.cli import app
from tests.life.cases import RW_LR_GROUPS, RW_LR_STRESS

pytestmark = pytest.mark.slow  # ~25 commands, several of them full assessments of the sample

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "keyparts" / "data" / "sample"
PASSWORD = "readme example password"


def readme_commands() -> list[str]:
    """The ``keyparts`` commands of README.md's fenced code blocks, in order, comments cut."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.S | re.M):
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            out += [c.strip() for c in line.split(" ; ") if c.strip().startswith("keyparts ")]
    return out


def expand(cmd: str, tmp: Path, db_url: str) -> list[str]:
    """argv of a README command: brackets included, first alternative, placeholders filled."""
    args = []
    for tok in shlex.split(cmd)[1:]:
        tok = tok.replace("[", "").replace("]", "")
        if "|" in tok and not tok.startswith("-"):
            tok = tok.split("|")[0]
        prev = args[-1] if args else ""
        tok = {"PATH": str(SAMPLE), "DIR": str(tmp / "export"), "OUT": str(tmp / "generated"),
               "URL": db_url, "NAME": "reader"}.get(tok, tok)
        if tok == "ID":
            tok = {"--enterprise": "O-CN-001", "--supplier": "M-JP-004"}[prev]
        args.append(tok)
    return args


def _json(out: str) -> dict | list:
    return json.loads(out)


# What each example promises (README comment or command), as (command prefix, allowed exit
# codes, check of stdout and the working folder). Exit 1 is "a check failed", a result the
# README documents for the application checks and the qualification verdict.
EXPECT: list[tuple[str, set[int], Callable[[str, Path], bool]]] = [
    ("data validate", {0}, lambda out, tmp: "valid" in out),
    ("data import", {0}, lambda out, tmp: "imported" in out),
    ("data export", {0}, lambda out, tmp: len(pd.read_csv(tmp / "export" / "parts.csv")) == 1170),
    ("data summary", {0}, lambda out, tmp: _json(out)["rows"]["parts"] == 1170),
    ("data generate", {0}, lambda out, tmp: len(pd.read_csv(tmp / "generated" / "enterprises.csv")) == 200),
    ("db upgrade", {0}, lambda out, tmp: "latest schema" in out),
    ("demo", {0}, lambda out, tmp: "Demo accounts" in out and (tmp / "report.html").stat().st_size > 10_000),
    ("user add", {0}, lambda out, tmp: "user reader" in out and "O-CN-001 as member" in out),
    ("assess", {0}, lambda out, tmp: len(_json(out)["categories"]) >= 10),
    ("scenario", {0}, lambda out, tmp: _json(out)["total_lost_value_usd"] > 0
     and _json(out)["scenario"]["embargo"] == ["JP", "DE"]),
    ("report", {0}, lambda out, tmp: (tmp / "report.html").stat().st_size > 10_000),
    ("life fit", {0}, lambda out, tmp: "B10 = " in out and (tmp / "p.png").stat().st_size > 1000),
    ("life compare", {0, 1}, lambda out, tmp: "LR test" in out and ("PASS" in out or "FAIL" in out)),
    ("life alt", {0}, lambda out, tmp: "at stress 323" in out),
    ("life plan", {0}, lambda out, tmp: "units" in out),
    ("design bearing", {0, 1}, lambda out, tmp: "L10" in out),
    ("design bolt", {0, 1}, lambda out, tmp: "M12" in out),
    ("design parse", {0}, lambda out, tmp: "6205" in out),
    ("design interchange", {0}, lambda out, tmp: "interchangeable" in out or "identical" in out
     or "similar" in out or "drop-in" in out),
    ("search", {0}, lambda out, tmp: re.search(r"\b([1-9]\d*) part\(s\)", out) is not None),
    ("interchange", {0}, lambda out, tmp: "6309" in out or "PT-" in out),
    ("match", {0}, lambda out, tmp: "PT-" in out),
    ("allocate", {0}, lambda out, tmp: "optimal" in out),
    ("runs list", {0}, lambda out, tmp: "allocate" in out),
    ("runs show", {0}, lambda out, tmp: _json(out)["kind"] == "allocate"),
    ("qualify list", {0}, lambda out, tmp: "QC-001" in out and "QC-004" in out),
    ("qualify status", {0, 1}, lambda out, tmp: _json(out)["case_id"] == "QC-001" and len(_json(out)["gates"]) > 0),
    ("qualify advance", {0}, lambda out, tmp: "QC-002" in out),
    ("qualify plan", {0}, lambda out, tmp: "units" in out),
    ("qualify premium", {0}, lambda out, tmp: "premium" in out.lower()),
]


def _expectation(args: list[str]):
    for prefix, codes, check in EXPECT:
        words = prefix.split()
        if args[: len(words)] == words:
            return prefix, codes, check
    raise AssertionError(f"README example 'keyparts {' '.join(args)}' has no expectation in tests/test_readme.py")


def _write_inputs(tmp: Path) -> None:
    tests = pd.read_csv(SAMPLE / "tests.csv", dtype=str)
    tests[tests["test_id"] == "LT-6309-CN"].to_csv(tmp / "tests.csv", index=False)
    tests[tests["test_id"] == "LT-6309-CN"].to_csv(tmp / "substitute.csv", index=False)
    tests[tests["test_id"] == "LT-6309-SE"].to_csv(tmp / "benchmark.csv", index=False)
    rows = [(t, s) for s, g in zip(RW_LR_STRESS, RW_LR_GROUPS) for t in g]
    pd.DataFrame({"time": [t for t, _ in rows], "status": "F", "stress": [s for _, s in rows],
                  "time_unit": "h"}).to_csv(tmp / "alt.csv", index=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(args: list[str], tmp: Path, db_url: str) -> str:
    """Start ``keyparts serve`` on a free port; the README promises pages at /, the REST API
    at /api/v1 and its docs at /docs."""
    port = _free_port()
    args = [str(port) if a == "8000" else a for a in args]
    env = {**os.environ, "KEYPARTS_DATABASE_URL": db_url, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "keyparts", *args], cwd=tmp, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/docs", timeout=2) as r:
                    docs = r.status
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    return f"serve did not come up: {proc.stderr.read().decode()[-500:]}"
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as r:
            login = r.status
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/version", timeout=5) as r:
            api = r.status
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return "" if (docs, login, api) == (200, 200, 200) else f"/docs {docs}, /login {login}, /api/v1/version {api}"


def test_readme_examples_are_found():
    """The README's two example blocks hold 31 commands: 9 data, 22 analyses (five lines chain
    two or three with ' ; '), five of them the qualification workflow."""
    cmds = readme_commands()
    assert len(cmds) == 31 and cmds[0].startswith("keyparts data validate")
    assert any(c.startswith("keyparts search --category BRG") for c in cmds)


def test_every_readme_example_returns_what_it_promises(tmp_path, monkeypatch):
    db_url = f"sqlite:///{tmp_path / 'readme.db'}"
    monkeypatch.setenv("KEYPARTS_DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)
    _write_inputs(tmp_path)
    runner = CliRunner()
    failures = []
    for cmd in readme_commands():
        args = expand(cmd, tmp_path, db_url)
        if args[0] == "serve":
            problem = _serve(args, tmp_path, db_url)
            if problem:
                failures.append(f"{cmd}: {problem}")
            continue
        prefix, codes, check = _expectation(args)
        res = runner.invoke(app, args, input=f"{PASSWORD}\n{PASSWORD}\n" if prefix == "user add" else None)
        try:
            ok = res.exit_code in codes and check(res.stdout, tmp_path)
        except Exception as exc:  # a missing file, unreadable JSON: the promise is not kept
            ok, res_note = False, f"{type(exc).__name__}: {exc}"
        else:
            res_note = ""
        if not ok:
            failures.append(f"{cmd} -> exit {res.exit_code} {res_note} stdout: {res.stdout[-300:]!r} "
                            f"stderr: {res.stderr[-300:]!r}")
    assert failures == []
