"""What every command group shares: the consoles, the options --db, --data, --json, loading a
dataset, and the guard that turns a KeypartsError into one red line and its exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from keyparts.dataset.model import Dataset
from keyparts.errors import KeypartsError, Problem, ValidationError

WIDE = 4096  # columns of output that does not go to a terminal (a pipe, a file, a CI log)


def make_console(*, stderr: bool = False) -> Console:
    """A Rich console for stdout (or stderr). On a terminal it takes the terminal's width; when
    the stream is not a terminal it is ``WIDE`` columns wide, so piped tables and lines are never
    cut or wrapped at Rich's default of 80 columns. ``COLUMNS`` in the environment still wins."""
    stream = sys.stderr if stderr else sys.stdout
    tty = getattr(stream, "isatty", lambda: False)()
    return Console(stderr=stderr, width=None if tty or "COLUMNS" in os.environ else WIDE)


console = make_console()
err_console = make_console(stderr=True)
DEBUG = False  # set by keyparts.cli.main for --debug: let KeypartsError tracebacks through

DbOpt = Annotated[str | None, typer.Option("--db", help="Database URL (default $KEYPARTS_DATABASE_URL or "
                                                        "sqlite:///keyparts.db), e.g. postgresql://postgres@127.0.0.1:5432/test")]
DataOpt = Annotated[Path | None, typer.Option("--data", help="Read a dataset folder/XLSX instead of the database.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON (to_dict()).")]


def load(db: str | None, data: Path | None) -> Dataset:
    """A typed dataset from ``--data`` (folder or workbook, validated) or from the store."""
    if data is not None:
        from keyparts.dataset import read_dataset, validate_and_type

        return validate_and_type(read_dataset(data))
    from keyparts.store.analysis import stored_dataset

    return stored_dataset(db)


def load_view(db: str | None, data: Path | None) -> Dataset:
    """As :func:`load`, but from the store each table is read when the engine first asks for
    it (``bom`` and ``sourcing`` with Arrow-backed ids, see ``AnalysisStore.frame``): for the
    commands that read a few tables of a national dataset (``match``)."""
    if data is not None:
        return load(db, data)
    from keyparts.store.analysis import LEAN, stored_view

    return stored_view(db, lean=LEAN)


def load_model(db: str | None, data: Path | None, year: int | None) -> tuple[Dataset, Any]:
    """The dataset (as :func:`load_view`) and its supply model for ``year``: from ``--data``
    built here, from the store opened from its file when the data has not changed since it
    was built (``scenario``, ``assess``)."""
    if data is not None:
        from keyparts.priority.assess import build_model

        ds = load(db, data)
        return ds, build_model(ds, year)
    from keyparts.store.analysis import stored_model

    return stored_model(db, year=year)


def print_problems(problems: list[Problem]) -> None:
    """Each problem on one line of stderr, ``severity file:row:column: message`` (errors red,
    warnings yellow), never wrapped."""
    for p in problems:
        style = "red" if p.severity == "error" else "yellow"
        err_console.print(f"[{style}]{p.severity}[/] {escape(str(p))}", highlight=False, soft_wrap=True)


def print_error(exc: KeypartsError) -> None:
    """The error as one line on stderr (a dataset's problems: one line each), never wrapped:
    line breaks inside a message become '; ' and Rich's soft wrap leaves the line whole."""
    if isinstance(exc, ValidationError):
        print_problems(exc.problems)
        return
    text = "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())
    err_console.print(f"[bold red]error:[/] {escape(text)}", highlight=False, soft_wrap=True)


def guard(fn: Callable[..., Any]) -> Callable[..., Any]:
    """KeypartsError -> one line on stderr and its exit code (2 = bad input); ``--debug`` on
    the command line (see keyparts.cli.main) lets the traceback through instead."""
    @wraps(fn)
    def inner(*a: Any, **k: Any) -> Any:
        try:
            return fn(*a, **k)
        except KeypartsError as exc:
            if DEBUG:
                raise
            print_error(exc)
            raise typer.Exit(exc.exit_code) from None
    return inner


def guard_all(app: typer.Typer) -> None:
    """Wrap every command of ``app`` and of its sub-apps with :func:`guard`, once."""
    for info in app.registered_commands:
        if info.callback is not None and not getattr(info.callback, "_guarded", False):
            info.callback = guard(info.callback)
            info.callback._guarded = True  # type: ignore[attr-defined]
    for group in app.registered_groups:
        if group.typer_instance is not None:
            guard_all(group.typer_instance)
