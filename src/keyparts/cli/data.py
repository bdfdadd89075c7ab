"""``keyparts data ...``: validate, import, export, summarise and generate datasets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from keyparts.cli.common import DbOpt, console, print_problems
from keyparts.cli.common import err_console as err
from keyparts.errors import ValidationError

data_app = typer.Typer(help="Dataset commands: validate, import, export, summary, generate.",
                       no_args_is_help=True)

PathArg = Annotated[Path, typer.Argument(help="A dataset folder (CSV files + dataset.toml) or an .xlsx workbook")]


def print_read_as(read_as: dict[str, str]) -> None:
    """Files not read as UTF-8 with commas, e.g. ``categories.csv: read as GB18030, delimiter ';'``."""
    for f, how in read_as.items():
        err.print(f"[cyan]{f}[/]: {how}")


@data_app.command("validate")
def validate_cmd(path: PathArg,
                 as_json: Annotated[bool, typer.Option("--json", help="Print problems as JSON")] = False) -> None:
    """Check a dataset without writing anything; list every error and warning.

    Example: keyparts data validate src/keyparts/data/sample
    """
    from keyparts.dataset.chunks import open_source
    from keyparts.dataset.stream import check

    source = open_source(path)
    if as_json or not err.is_terminal:
        problems = check(source)
    else:
        with _progress() as bar:
            problems = check(source, progress=_ticker(bar))
    errors = [p for p in problems if p.severity == "error"]
    if as_json:
        print(json.dumps({"valid": not errors, "read_as": source.read_as, "problems": [
            {"file": p.file, "row": p.row, "column": p.column, "message": p.message, "severity": p.severity}
            for p in problems]}, ensure_ascii=False, indent=2))
    else:
        print_read_as(source.read_as)
        print_problems(problems)
        if not errors:
            console.print(f"[green]valid[/]: {path} ({len(problems)} warning(s))")
        else:
            err.print(f"[bold red]{len(errors)} error(s)[/] in {path}")
    raise typer.Exit(2 if errors else 0)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description:<28}"), BarColumn(), TextColumn("{task.fields[done]}"),
                    TimeElapsedColumn(), console=err, transient=True)


def _ticker(bar: Progress):
    """A progress callback (what, done, total) showing one bar per phase: ``check <file>``
    counts the bytes of the file read, ``load <table>`` the rows written."""
    tasks: dict[str, int] = {}
    plain = not err.is_terminal  # a log, not a screen: one line per phase and per chunk loaded

    def tick(what: str, done: int, total: int | None) -> None:
        if plain:
            if what not in tasks or what.startswith("load"):
                err.print(f"{what}: {done:,}/{total:,}" if total else f"{what}: {done:,}", highlight=False)
                tasks.setdefault(what, -1)
            return
        shown = f"{done / 2**20:,.0f}/{(total or 0) / 2**20:,.0f} MB" if what.startswith("check") and total \
            else f"{done:,}/{total:,} rows" if total else f"{done:,} rows"
        if what not in tasks:
            tasks[what] = bar.add_task(what, total=total, done=shown)
        bar.update(tasks[what], completed=done, done=shown)
    return tick


def run_import(path: Path, db: str | None, replace: bool) -> dict[str, int]:
    """Validate (chunk by chunk) then import in one transaction, with a progress bar per
    phase on stderr; returns rows per table. Exit 2, nothing written, on any error."""
    from keyparts.store.importer import import_path

    try:
        with _progress() as bar:
            done = import_path(path, db, replace=replace, progress=_ticker(bar))
    except ValidationError as exc:
        print_problems(exc.problems + exc.warnings)
        err.print(f"[bold red]{len(exc.problems)} error(s)[/] in {path}; nothing was written.")
        raise typer.Exit(2) from exc
    print_read_as(done.read_as)
    print_problems(done.warnings)
    return done.rows


@data_app.command("import")
def import_cmd(path: PathArg, db: DbOpt = None,
               replace: Annotated[bool, typer.Option("--replace", help="Replace all stored data instead of upserting by id")] = False) -> None:
    """Validate a dataset, then write it in one transaction (upsert by id; --replace replaces).

    If any error is found nothing is written and the exit code is 2.

    Example: keyparts data import src/keyparts/data/sample --db sqlite:///keyparts.db
    """
    counts = run_import(path, db, replace)
    from keyparts.store.analysis import write_indexes
    with err.status("writing the search indexes of the analysis store"):
        write_indexes(db)  # now, so that the first search opens them instead of building them
    console.print(f"[green]imported[/] {sum(counts.values()):,} rows from {path} "
                  f"({', '.join(f'{k} {v:,}' for k, v in counts.items())})")


@data_app.command("export")
def export_cmd(out: Annotated[Path, typer.Argument(help="Folder to write the CSV files and dataset.toml into")],
               db: DbOpt = None) -> None:
    """Write the stored dataset back as a normalized CSV folder (import -> export is lossless).

    Example: keyparts data export out/ --db sqlite:///keyparts.db
    """
    from keyparts.store import export_dataset

    files = export_dataset(out, db)
    console.print(f"[green]exported[/] {len(files)} files to {out}")


@data_app.command("summary")
def summary_cmd(db: DbOpt = None,
                as_json: Annotated[bool, typer.Option("--json", help="Print as JSON")] = False) -> None:
    """Row counts per table and the last import.

    Example: keyparts data summary --json
    """
    from keyparts.store import summary

    s = summary(db)
    if as_json:
        print(json.dumps(s, ensure_ascii=False, indent=2))
        return
    print_summary(s)


def print_summary(s: dict) -> None:
    """The summary as a Rich table."""
    meta = s["dataset"]
    t = Table(title="Stored dataset", caption=f"{meta.get('name', 'dataset')}, {meta.get('year', '?')}, "
              f"home country {meta.get('country', '?')}; {s['database']}")
    t.add_column("table")
    t.add_column("rows", justify="right")
    for k, v in s["rows"].items():
        t.add_row(k, f"{v:,}")
    console.print(t)


@data_app.command("generate")
def generate_cmd(out: Annotated[Path, typer.Argument(help="Folder to write the synthetic dataset into")],
                 firms: Annotated[int, typer.Option("--firms", min=10, help="Number of enterprises (10 000 gives ~100k parts, ~1M BOM and ~1M sourcing rows)")] = 1000,
                 seed: Annotated[int, typer.Option("--seed", min=0, help="Random seed (same seed, same dataset)")] = 0,
                 as_json: Annotated[bool, typer.Option("--json", help="Print the rows written per table as JSON (no progress bars)")] = False) -> None:
    """Write a deterministic synthetic dataset for scale tests (heavy-tailed supplier network,
    multi-level BOMs), streamed to CSV block by block in bounded memory. Figures are
    synthetic, not statistics. On a terminal, a progress bar per table shows the rows
    written (on stderr); with --json or when stderr is not a terminal nothing is shown
    until the end.

    Example: keyparts data generate /tmp/big --firms 100000 --seed 1
    """
    from keyparts.dataset.generate_csv import write_generated

    if as_json or not err.is_terminal:
        counts = write_generated(out, firms, seed=seed)
    else:
        tasks: dict[str, int] = {}
        with _progress() as bar:
            def tick(table: str, done: int, total: int | None) -> None:
                if table not in tasks:
                    tasks[table] = bar.add_task(table, total=total)
                bar.update(tasks[table], completed=done)
            counts = write_generated(out, firms, seed=seed, progress=tick)
    if as_json:
        print(json.dumps({"folder": str(out), "rows": counts}, ensure_ascii=False, indent=2))
        return
    console.print(f"[green]wrote[/] {out}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))


def register(app: typer.Typer) -> None:
    app.add_typer(data_app, name="data")
    db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)

    @db_app.command("upgrade")
    def upgrade_cmd(db: DbOpt = None) -> None:
        """Apply the Alembic migrations to the database (creates the schema if empty).

        Example: keyparts db upgrade --db postgresql://postgres@127.0.0.1:5432/test
        """
        from keyparts.store import make_engine, upgrade

        upgrade(make_engine(db))
        console.print("[green]database is at the latest schema[/]")

    app.add_typer(db_app, name="db")
    runs_app = typer.Typer(help="Saved analysis runs (allocations), for audit.", no_args_is_help=True)

    @runs_app.command("list")
    def runs_list(db: DbOpt = None, kind: Annotated[str | None, typer.Option("--kind", help="Only runs of this kind, e.g. allocate")] = None,
                  as_json: Annotated[bool, typer.Option("--json", help="Print as JSON")] = False) -> None:
        """List the latest saved runs, newest first.

        Example: keyparts runs list --kind allocate
        """
        from keyparts.store.runs import list_runs

        runs = list_runs(db, kind=kind)
        if as_json:
            print(json.dumps(runs, ensure_ascii=False, default=str))
            return
        t = Table(title="Saved runs")
        for c in ("id", "kind", "at", "status", "objective", "source"):
            t.add_column(c)
        for r in runs:
            t.add_row(str(r["id"]), r["kind"], r["at"], str(r["status"]),
                      "" if r["objective"] is None else f"{r['objective']:,.2f}", r["source"])
        console.print(t)

    @runs_app.command("show")
    def runs_show(run_id: Annotated[int, typer.Argument(help="Run id from `keyparts runs list`")], db: DbOpt = None) -> None:
        """Print one saved run as JSON: inputs, options, solution, objective, solver status.

        Example: keyparts runs show 3
        """
        from keyparts.store.runs import get_run

        print(json.dumps(get_run(run_id, db), ensure_ascii=False, indent=2, default=str))

    app.add_typer(runs_app, name="runs")
