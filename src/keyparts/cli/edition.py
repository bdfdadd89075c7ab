"""``keyparts edition``: publish, list, export and compare editions of the key-category list; back-test."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from keyparts.cli.common import DataOpt, DbOpt, JsonOpt, console, load
from keyparts.errors import InputError

edition_app = typer.Typer(help="Editions of the key-category list: publish, list, export, diff, back-test.",
                          no_args_is_help=True)
TopOpt = Annotated[int, typer.Option("--top", help="Length of the key-category list (top n by score).")]


def _source(db: str | None, data: Path | None) -> str:
    from keyparts.store import database_url
    from keyparts.store.db import make_engine

    if data is not None:
        return str(data)
    return make_engine(database_url(db)).url.render_as_string(hide_password=True)


def _edition(name: str, db: str | None):
    from keyparts.programme.editions import Edition
    from keyparts.store.editions import get_edition

    return Edition.from_dict(get_edition(name, db))


@edition_app.command("publish")
def publish_cmd(name: Annotated[str, typer.Argument(help="Edition name, e.g. 2024")],
                year: Annotated[int | None, typer.Option("--year", help="Data year (default: the latest year with trade data).")] = None,
                top: TopOpt = 10,
                samples: Annotated[int, typer.Option("--samples", help="Monte Carlo samples of the rank sensitivity.")] = 500,
                seed: Annotated[int, typer.Option("--seed", help="Seed of the sensitivity.")] = 0,
                db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Freeze the ranked key-category list of a year, with the fingerprint of its inputs and the method version.

    Example: keyparts edition publish 2023 --year 2023 --data src/keyparts/data/sample
    """
    from keyparts.programme.editions import publish
    from keyparts.store.editions import save_edition

    ed = publish(load(db, data), name, year=year, top_n=top, n_samples=samples, seed=seed,
                 published_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    body = ed.to_dict()
    save_edition(body, source=_source(db, data), url=db)
    if as_json:
        print(json.dumps(body, ensure_ascii=False))
        return
    console.print(f"[green]published[/] edition {ed.name} (year {ed.year}, method {ed.method_version}, "
                  f"fingerprint {ed.fingerprint[:12]}…): {len(ed.rows)} ranked categories, top {ed.top_n}")


@edition_app.command("list")
def list_cmd(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """The published editions, oldest year first.

    Example: keyparts edition list --json
    """
    from keyparts.store.editions import list_editions

    eds = list_editions(db)
    if as_json:
        print(json.dumps({"editions": eds}, ensure_ascii=False))
        return
    t = Table(title="Editions", box=box.SIMPLE_HEAD)
    for c in ("name", "year", "method", "fingerprint", "published", "source"):
        t.add_column(c)
    for e in eds:
        t.add_row(e["name"], str(e["year"]), e["method_version"], e["fingerprint"][:12], e["published_at"], e["source"])
    console.print(t)


@edition_app.command("export")
def export_cmd(name: Annotated[str, typer.Argument(help="Edition name")],
               fmt: Annotated[str, typer.Option("--format", help="csv, xlsx or html")] = "csv",
               out: Annotated[Path | None, typer.Option("--out", help="File to write (default NAME.FORMAT)")] = None,
               db: DbOpt = None) -> None:
    """Write an edition's ranked list as CSV, XLSX (a sheet 'edition' and a sheet 'about') or HTML.

    Example: keyparts edition export 2024 --format xlsx --out key-categories-2024.xlsx
    """
    if fmt not in ("csv", "xlsx", "html"):
        raise InputError(f"--format {fmt!r}: expected csv, xlsx or html")
    ed = _edition(name, db)
    path = out or Path(f"{name}.{fmt}")
    rows = ed.rows.sort_values("rank")
    about = {k: v for k, v in ed.to_dict().items() if k != "categories"}
    if fmt == "csv":
        rows.to_csv(path, index=False)
    elif fmt == "xlsx":
        import pandas as pd

        with pd.ExcelWriter(path) as xw:
            rows.to_excel(xw, sheet_name="edition", index=False)
            pd.DataFrame({"key": list(about), "value": [json.dumps(v) if isinstance(v, list) else v
                                                        for v in about.values()]}).to_excel(xw, sheet_name="about", index=False)
    else:
        meta = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in about.items())
        path.write_text(f"<!doctype html><meta charset='utf-8'><title>Edition {html.escape(name)}</title>"
                        f"<h1>Key-category list, edition {html.escape(name)}</h1><table>{meta}</table>"
                        + rows.to_html(index=False, na_rep="", float_format=lambda x: f"{x:.4g}"), encoding="utf-8")
    console.print(f"[green]wrote[/] {path} ({len(rows)} categories)")


@edition_app.command("diff")
def diff_cmd(a: Annotated[str, typer.Argument(help="Older edition")],
             b: Annotated[str, typer.Argument(help="Newer edition")],
             roadmap: Annotated[bool, typer.Option("--roadmap/--no-roadmap", help="Add the roadmap gaps of B's year (needs --data or --db with roadmap rows).")] = False,
             db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Categories that entered, left or moved in the list, each with the indicators that moved its score.

    Example: keyparts edition diff 2022 2023 --json
    """
    from keyparts.programme.editions import diff

    ea, eb = _edition(a, db), _edition(b, db)
    notes = None
    if roadmap:
        from keyparts.programme.challenges import roadmap_notes

        notes = roadmap_notes(load(db, data), year=eb.year)
    res = diff(ea, eb, notes=notes)
    if as_json:
        print(json.dumps(res.to_dict(), ensure_ascii=False))
        return
    if "warning" in res.method:
        console.print(f"[yellow]{res.method['warning']}[/]")
    for title, entries in (("Entered", res.entered), ("Left", res.left), ("Moved", res.moved)):
        t = Table(title=f"{title} ({a} → {b})", box=box.SIMPLE_HEAD)
        for c in ("category", "rank", "Δ score", "drivers"):
            t.add_column(c)
        for e in entries:
            t.add_row(e["category_id"], f"{e['rank_a'] or '–'} → {e['rank_b'] or '–'}", f"{e['delta_score']:+.3f}",
                      "; ".join([d["words"] for d in e["drivers"] if d["contribution"] is not None][:3]
                                + [d["words"] for d in e["drivers"] if d["contribution"] is None]))
        console.print(t)


@edition_app.command("backtest")
def backtest_cmd(top: TopOpt = 10,
                 year: Annotated[list[int] | None, typer.Option("--year", help="List years to run (repeat); default every year in trade/production.")] = None,
                 horizon: Annotated[int | None, typer.Option("--horizon", help="Score only events at most this many years after the list.")] = None,
                 db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Run the method on each year's data and score its lists against later events (events.csv), beside
    two naive baselines (top n by import value; by import reliance): hit rate, lead time, precision.

    Example: keyparts edition backtest --data src/keyparts/data/sample --top 10 --json
    """
    from keyparts.programme.backtest import METHODS, backtest

    res = backtest(load(db, data), years=year or None, top_n=top, horizon=horizon)
    if as_json:
        print(json.dumps(res.to_dict(), ensure_ascii=False))
        return
    t = Table(title=f"Back-test of the top {top}, lists {res.years[0]}-{res.years[-1]}", box=box.SIMPLE_HEAD)
    for c in ("list", "events scored", "caught", "hit rate", "mean lead (years)", "precision"):
        t.add_column(c, justify="left" if c == "list" else "right")
    f = lambda x, p=False: "–" if x is None else (f"{x:.0%}" if p else f"{x:.1f}")
    for m in METHODS:
        s = res.summary[m]
        t.add_row(m, str(s["scored_events"]), str(s["caught"]), f(s["hit_rate"], True), f(s["mean_lead_years"]),
                  f(s["precision"], True))
    console.print(t)


def register(app: typer.Typer) -> None:
    app.add_typer(edition_app, name="edition")
