"""The ``keyparts`` command line: one Typer app, one module per command group.

Every command prints a Rich table by default or ``to_dict()`` as JSON with ``--json``.
Exit codes: 0 done, 1 a check failed, 2 bad input. Errors print one line; ``--debug``
shows the traceback.
"""

from __future__ import annotations

import importlib
import sys

import typer

from keyparts.cli import common
from keyparts.cli.common import guard_all

app = typer.Typer(
    name="keyparts",
    help="Find, rank and break bottlenecks in key industrial basic parts.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Each module owns one command group (or a few top-level commands) and adds it with register(app).
for _group in ("data", "demo", "assess", "life", "design", "match", "web", "qualify"):
    importlib.import_module(f"keyparts.cli.{_group}").register(app)

guard_all(app)


def main() -> None:
    """Console entry point. ``--debug`` anywhere on the line shows tracebacks instead of the
    one-line errors that :func:`keyparts.cli.common.guard` prints."""
    if "--debug" in sys.argv:
        sys.argv.remove("--debug")
        common.DEBUG = True
    app()
