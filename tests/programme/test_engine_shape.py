"""The programme engines stay engines: no store, web or CLI import."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_engines_loads_no_interface() -> None:
    code = ("import sys, keyparts.programme, keyparts.programme.localisation; "
            "bad = [m for m in sys.modules if m.split('.')[:2] in "
            "(['keyparts', 'store'], ['keyparts', 'web'], ['keyparts', 'cli'])]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
