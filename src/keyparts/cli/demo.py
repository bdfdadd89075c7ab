"""``keyparts demo``: the main job on the bundled sample (what ``make run`` runs)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console()


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(db: Annotated[str | None, typer.Option("--db", help="Database URL (default sqlite:///keyparts.db)")] = None,
             report: Annotated[Path, typer.Option("--report", "-o", help="Where to write the HTML report")] = Path("report.html"),
             top: Annotated[int, typer.Option("--top", help="How many key categories to list")] = 10) -> None:
        """Import the bundled sample, print its summary and key categories, write the HTML report.

        The sample replaces what the database holds.

        Example: keyparts demo --db sqlite:///keyparts.db -o report.html
        """
        from keyparts.cli.data import print_summary, run_import
        from keyparts.dataset import sample_path
        from keyparts.store import summary

        path = sample_path()
        console.print(f"[bold]keyparts demo[/]: importing the bundled sample from {path}")
        run_import(path, db, replace=True)
        print_summary(summary(db))
        try:
            from keyparts.cli.assess import demo_assessment
        except ImportError:
            return
        demo_assessment(db=db, top=top, report=report)
