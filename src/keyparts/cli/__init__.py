"""The ``keyparts`` command line: one Typer app, one module per command group.

Every command prints a Rich table by default or ``to_dict()`` as JSON with ``--json``.
Exit codes: 0 done, 1 a check failed, 2 bad input. Errors print one line; ``--debug``
shows the traceback.
"""

from __future__ import annotations

import importlib
import sys
from typing import Annotated

import click
import typer

from keyparts.cli import common
from keyparts.cli.common import guard_all
from keyparts.errors import InputError

app = typer.Typer(
    name="keyparts",
    help="Find, rank and break bottlenecks in key industrial basic parts.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Each module owns one command group (or a few top-level commands) and adds it with register(app).
for _group in ("data", "demo", "assess", "life", "design", "match", "simulate", "web", "localisation", "trade", "makers", "qualify", "edition", "challenge", "risk"):
    importlib.import_module(f"keyparts.cli.{_group}").register(app)

guard_all(app)


def _print_version(value: bool) -> None:
    if value:
        from keyparts import __version__
        print(f"keyparts {__version__}")
        raise typer.Exit()


@app.callback()
def root(version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                               help="Print the version and exit.")] = False) -> None:
    """Find, rank and break bottlenecks in key industrial basic parts."""


def main() -> None:
    """Console entry point. ``--debug`` anywhere on the line shows tracebacks instead of the
    one-line errors that :func:`keyparts.cli.common.guard` prints. A usage error (unknown
    option, bad option value) is one line too, with the command's ``--help`` to read."""
    if "--debug" in sys.argv:
        sys.argv.remove("--debug")
        common.DEBUG = True
    try:
        rc = app(standalone_mode=False)
    except _ABORT:
        common.err_console.print("[bold red]error:[/] aborted", highlight=False)
        sys.exit(1)
    except _USAGE as exc:
        if type(exc).__name__ != "NoArgsIsHelpError":  # the help is already printed
            ctx = getattr(exc, "ctx", None)
            hint = f" (see: {ctx.command_path} --help)" if ctx is not None else ""
            common.print_error(InputError(_message(exc) + hint))
        sys.exit(getattr(exc, "exit_code", 2))
    sys.exit(rc if isinstance(rc, int) else 0)


# Click's usage errors: from the click package, or from the copy newer Typer versions carry.
_USAGE = tuple({click.ClickException, getattr(typer, "TyperException", click.ClickException)})
_ABORT = tuple({click.exceptions.Abort, typer.Abort})


def _message(exc: Exception) -> str:
    fmt = getattr(exc, "format_message", None)
    return fmt() if callable(fmt) else str(exc)
