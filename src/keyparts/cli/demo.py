"""``keyparts demo``: the main job on the bundled sample (what ``make run`` runs)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from keyparts.cli.common import DbOpt, console



def _share_sample(db: str | None, path: Path) -> dict[str, int]:
    from keyparts.store import make_engine, upgrade
    from keyparts.web.sharing import apply_sharing_file
    eng = make_engine(db)
    try:
        upgrade(eng)
        return apply_sharing_file(eng, path) if path.exists() else {}
    finally:
        eng.dispose()


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(db: DbOpt = None,
             report: Annotated[Path, typer.Option("--report", "-o", help="Where to write the HTML report")] = Path("report.html"),
             top: Annotated[int, typer.Option("--top", help="How many key categories to list")] = 10,
             serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the web platform afterwards")] = True,
             port: Annotated[int, typer.Option("--port", help="Port to serve on (127.0.0.1)")] = 8000,
             lang: Annotated[str, typer.Option("--lang", help="Language of the HTML report: en or zh_CN")]
             = "en") -> None:
        """Import the bundled sample into an empty database, print its summary and key
        categories, write the HTML report, create demo accounts and serve the web platform on
        http://127.0.0.1:8000.

        The sample is imported (with its illustrative sharing.toml: some demands public, some
        prices shared) only when the database holds no data: a database in use keeps its demands,
        tests, prices and offers. Demo accounts are created once, with random passwords printed
        then; later runs leave them as they are (`keyparts user password NAME` resets one).

        Example: keyparts demo --no-serve -o report.html
        """
        from keyparts.cli.assess import demo_assessment
        from keyparts.cli.data import print_summary, run_import
        from keyparts.cli.web import demo_accounts
        from keyparts.dataset import sample_path
        from keyparts.store import database_url, summary

        path = sample_path()
        before = summary(db)
        if before["last_import"] is None and not any(before["rows"].values()):
            console.print(f"[bold]keyparts demo[/]: the database {database_url(db)} is empty: importing the "
                          f"bundled sample from {path}")
            run_import(path, db, replace=False)
            shared = _share_sample(db, path / "sharing.toml")
            console.print("shared as in sharing.toml (illustrative): "
                          + ", ".join(f"{n} {k}" for k, n in shared.items()))
        else:
            console.print(f"[bold]keyparts demo[/]: {database_url(db)} already holds data "
                          f"({sum(before['rows'].values()):,} rows): the sample is [bold]not[/] imported again, "
                          "nothing is replaced. (To see the sample afresh, use another database: --db sqlite:///demo.db)")
        print_summary(summary(db))
        demo_assessment(db=db, top=top, report=report, lang=lang)
        accounts = demo_accounts(db)
        t = Table(title="Demo accounts (a password is shown once, when the account is created)")
        for col in ("user", "password", "enterprise"):
            t.add_column(col)
        for row in accounts:
            t.add_row(*row)
        console.print(t)
        if any(pw == "(unchanged)" for _, pw, _ in accounts):
            console.print("existing accounts keep their passwords; reset one with `keyparts user password NAME`")
        if serve:
            import uvicorn

            from keyparts.web import create_app

            console.print(f"[bold]serving[/] http://127.0.0.1:{port}  (API docs /docs; Ctrl-C stops)")
            uvicorn.run(create_app(db), host="127.0.0.1", port=port, log_level="warning")
