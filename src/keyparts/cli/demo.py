"""``keyparts demo``: the main job on the bundled sample (what ``make run`` runs)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from keyparts.cli.common import DbOpt, console



def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(db: DbOpt = None,
             report: Annotated[Path, typer.Option("--report", "-o", help="Where to write the HTML report")] = Path("report.html"),
             top: Annotated[int, typer.Option("--top", help="How many key categories to list")] = 10,
             serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the web platform afterwards")] = True,
             port: Annotated[int, typer.Option("--port", help="Port to serve on (127.0.0.1)")] = 8000,
             lang: Annotated[str, typer.Option("--lang", help="Language of the HTML report: en or zh_CN")]
             = "en") -> None:
        """Import the bundled sample, print its summary and key categories, write the HTML report,
        create demo accounts and serve the web platform on http://127.0.0.1:8000.

        The sample replaces what the database holds; the demo accounts get new random
        passwords on every run (printed once).

        Example: keyparts demo --no-serve -o report.html
        """
        from keyparts.cli.assess import demo_assessment
        from keyparts.cli.data import print_summary, run_import
        from keyparts.cli.web import demo_accounts
        from keyparts.dataset import sample_path
        from keyparts.store import summary

        path = sample_path()
        console.print(f"[bold]keyparts demo[/]: importing the bundled sample from {path}")
        run_import(path, db, replace=True)
        print_summary(summary(db))
        demo_assessment(db=db, top=top, report=report, lang=lang)
        accounts = demo_accounts(db)
        t = Table(title="Demo accounts (passwords are new on every run)")
        for col in ("user", "password", "enterprise"):
            t.add_column(col)
        for row in accounts:
            t.add_row(*row)
        console.print(t)
        if serve:
            import uvicorn

            from keyparts.web import create_app

            console.print(f"[bold]serving[/] http://127.0.0.1:{port}  (API docs /docs; Ctrl-C stops)")
            uvicorn.run(create_app(db), host="127.0.0.1", port=port, log_level="warning")
