"""The ``keyparts`` command line: one Typer app, one module per command group.

Every command prints a Rich table by default or ``to_dict()`` as JSON with ``--json``.
Exit codes: 0 done, 1 a check failed, 2 bad input. Errors print one line; ``--debug``
shows the traceback.
"""

from __future__ import annotations

import importlib
import sys

import typer
from rich.console import Console
from rich.markup import escape

from keyparts.cli.common import guard_all
from keyparts.errors import KeypartsError

app = typer.Typer(
    name="keyparts",
    help="Find, rank and break bottlenecks in key industrial basic parts.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
err_console = Console(stderr=True)

# (module under keyparts.cli, attribute) — each module owns one command group or command.
_GROUPS = [
    ("data", "register"),
    ("demo", "register"),
    ("assess", "register"),
    ("life", "register"),
    ("design", "register"),
    ("match", "register"),
    ("web", "register"),
]

for _mod, _attr in _GROUPS:
    try:
        module = importlib.import_module(f"keyparts.cli.{_mod}")
    except ModuleNotFoundError as exc:  # a group not built yet
        if exc.name != f"keyparts.cli.{_mod}":
            raise
        continue
    getattr(module, _attr)(app)

guard_all(app)


def main() -> None:
    """Console entry point: run the app, turning KeypartsError into one clear line (exit 2)."""
    debug = "--debug" in sys.argv
    if debug:
        sys.argv.remove("--debug")
        sys._keyparts_debug = True  # type: ignore[attr-defined]  # read by keyparts.cli.common.guard
    try:
        app()
    except KeypartsError as exc:
        if debug:
            raise
        err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(exc.exit_code)
