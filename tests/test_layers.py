"""Engines never import the store, the web or the CLI (DESIGN: layers). Each engine package and
every module in it is imported in a fresh interpreter, and no ``keyparts.store``,
``keyparts.web`` or ``keyparts.cli`` module may be loaded as a result."""

from __future__ import annotations

import subprocess
import sys

import pytest

ENGINES = ("life", "design", "supply", "priority", "match", "qualify", "dynamics", "makers", "programme",
           "charts", "report")  # charts and the report are drawn without the web layer too

CODE = """
import importlib, pkgutil, sys
pkg = importlib.import_module("keyparts.{name}")
for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
    importlib.import_module(m.name)
print(sorted(m for m in sys.modules if m.split(".")[:2] in (["keyparts", "store"], ["keyparts", "web"],
                                                             ["keyparts", "cli"])))
"""


@pytest.mark.parametrize("name", ENGINES)
def test_an_engine_loads_no_interface(name: str) -> None:
    out = subprocess.run([sys.executable, "-c", CODE.format(name=name)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", f"keyparts.{name} loads {out.stdout.strip()}"
