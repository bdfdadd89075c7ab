"""The qualification engine stays an engine: no store, web or CLI import, results pickle."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_engine_loads_no_interface() -> None:
    code = ("import sys, keyparts.qualify as q; q.design_review_bearing(bearing={'C_kN': 14.8}, "
            "required_life_h=1, loads='Fr=2kN; n=1800rpm'); "
            "bad = [m for m in sys.modules if m.split('.')[:2] in "
            "(['keyparts', 'store'], ['keyparts', 'web'], ['keyparts', 'cli'])]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
