"""The repository stands alone: no tracked file cites notes that live outside it.

A reader of the repository must be able to open every source that a value or a method is
credited to. Notes kept on a developer's machine (a shared folder of reference notes, one per
area: engineering, life, supply, platform, programme) and absolute
machine paths cannot be opened, so they must never be cited: cite the published source itself
(standard and clause, paper, catalogue page, public data file), and write a computed value's
calculation in the test's docstring. The project's own ``docs/life.md`` may be linked freely.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
THIS = Path(__file__).resolve().relative_to(ROOT).as_posix()

#: (what it means, pattern). Each pattern names an outside note or a machine path precisely, so
#: that links to the project's own docs/life.md pass.
OUTSIDE_REFERENCES = [
    ("the shared reference folder", re.compile(r"shared" + "/reference")),
    ("an outside note", re.compile(r"(?:engineering|supply|platform)[._]md(?![a-z])|(?<!docs/)\bprogramme[._]md(?![a-z])")),
    ("the outside life note (docs/life.md is fine)", re.compile(r"(?<!docs/)\blife\.md\s*§|life_md")),
    ("a note of the project outside the repository",
     re.compile(r"\bproject(?:'s)? (?:reference|research notes)\b|\breference notes? §", re.I)),
    ("an absolute machine path", re.compile(r"(?<![\w.~/-])/(?:work|root)/")),
]


def _tracked_files() -> list[str]:
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return []
    return [f for f in out.stdout.decode().split("\0") if f]


def _offences(name: str, text: str) -> list[str]:
    found = []
    for lineno, line in enumerate(text.splitlines(), 1):
        for what, pattern in OUTSIDE_REFERENCES:
            if pattern.search(line):
                found.append(f"{name}:{lineno}: {what}: {line.strip()[:120]}")
    return found


def test_patterns_catch_outside_references_and_let_own_docs_pass() -> None:
    bad = ["see /work/shared" + "/reference/engineering.md §1.6", "(life.md §5.1)", "platform" + ".md §5.4",
           "supply.md §4.3", "programme.md", "def test_x_life_md_5_1", "in the project reference [R]",
           "reference note §4.3", "/root/notes.txt", "test_engineering_md_1"]
    good = ["[docs/life.md](docs/life.md) §3", "[docs/programme.md](docs/programme.md)", "see docs/life.md §2", "https://example.com/work/x",
            "ISO 281:2007 clause 9.3", "src/keyparts/data/README.md"]
    assert all(_offences("x", line) for line in bad), [b for b in bad if not _offences("x", b)]
    assert not any(_offences("x", line) for line in good)


def test_no_tracked_file_cites_notes_outside_the_repository() -> None:
    files = _tracked_files()
    if not files:
        pytest.skip("not a git checkout: no list of tracked files")
    offences: list[str] = []
    for name in files:
        path = ROOT / name
        if name == THIS or not path.is_file():
            continue
        data = path.read_bytes()
        if b"\0" in data[:8192]:
            continue  # binary
        offences += _offences(name, data.decode("utf-8", errors="replace"))
    assert not offences, "cite the published source instead:\n" + "\n".join(offences)
