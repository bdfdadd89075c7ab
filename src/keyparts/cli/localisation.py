"""``keyparts localisation``: localisation rates (国产化率) per category and product and year, targets, LMDI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from keyparts.cli.common import DataOpt, DbOpt, JsonOpt, load
from keyparts.errors import InputError

console = Console()


def _pct(x: object) -> str:
    return "–" if x is None or x != x else f"{x:.1%}"


def localisation(category: Annotated[str | None, typer.Option("--category", help="Only this category id.")] = None,
                 product: Annotated[str | None, typer.Option("--product", help="Only this product id.")] = None,
                 industry: Annotated[str | None, typer.Option("--industry", help="Only this industry.")] = None,
                 year: Annotated[list[int] | None, typer.Option("--year", help="Year(s) to compute (repeat); default every year in trade/production.")] = None,
                 targets: Annotated[Path | None, typer.Option("--targets", help="targets.csv: scope, indicator, value, year, source.")] = None,
                 project_to: Annotated[int | None, typer.Option("--project-to", help="Project every target year by year to this year from capacity plans (enterprise_categories in later years) and projects' end years.")] = None,
                 db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Localisation rates per category, product and industry: consumption_share (1 - IR), bom_value_share, qualified_capacity_share;
    gaps to targets; LMDI-I split of import changes into volume, substitution and price; with --project-to, the
    projection of each target's indicator to that year from capacity plans and projects (on track or not).

    Example: keyparts localisation --data src/keyparts/data/sample --category BRG-BALL --json

    Example: keyparts localisation --data src/keyparts/data/sample --targets targets.csv --project-to 2027
    """
    import pandas as pd

    from keyparts.programme.localisation import run_localisation

    tg = None
    if targets is not None:
        if not targets.is_file():
            raise InputError(f"--targets {targets}: no such file; expected a targets.csv (scope, indicator, value, year, source)")
        tg = pd.read_csv(targets, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    res = run_localisation(load(db, data), years=year or None, category=category, product=product,
                           industry=industry, targets=tg, project_to=project_to)
    if as_json:
        print(json.dumps(res.to_dict(), ensure_ascii=False))
        return
    t = Table(title="Localisation rates", box=box.SIMPLE_HEAD)
    for c in ("id", "year", "consumption", "BOM value", "qualified capacity"):
        t.add_column(c, justify="left" if c == "id" else "right")
    for df, key in ((res.categories, "category_id"), (res.products, "product_id"), (res.industries, "industry")):
        for r in df.itertuples(index=False):
            t.add_row(getattr(r, key), str(r.year), _pct(r.consumption_share), _pct(r.bom_value_share),
                      _pct(r.qualified_capacity_share))
    console.print(t)
    if len(res.targets):
        tt = Table(title="Targets", box=box.SIMPLE_HEAD)
        for c in ("scope", "indicator", "target", "year", "actual", "gap", "needed/yr", "trend/yr", "on track"):
            tt.add_column(c)
        for r in res.targets.itertuples(index=False):
            tt.add_row(r.scope, r.indicator, _pct(r.value), str(r.year), _pct(r.actual), _pct(r.gap),
                       _pct(r.needed_per_year), _pct(r.observed_per_year), str(r.on_track))
        console.print(tt)
    if len(res.projection):
        tp = Table(title=f"Projection to {res.method['project_to']} (capacity plans and projects)", box=box.SIMPLE_HEAD)
        for c in ("scope", "indicator", "year", "projected", "path", "target", "by", "gap", "on track"):
            tp.add_column(c)
        for r in res.projection.itertuples(index=False):
            tp.add_row(r.scope, r.indicator, str(r.year), _pct(r.projected), _pct(r.path),
                       _pct(r.target), str(r.target_year), _pct(r.gap), "–" if r.on_track is None else
                       ("yes" if r.on_track else "no"))
        console.print(tp)
    if len(res.decomposition):
        td = Table(title=f"Change of imports, {res.method['decomposition']} (USD m)", box=box.SIMPLE_HEAD)
        for c in ("category", "years", "ΔM", "volume", "substitution", "price"):
            td.add_column(c, justify="left" if c == "category" else "right")
        m = lambda x: "–" if x != x else f"{x / 1e6:,.1f}"
        for r in res.decomposition.itertuples(index=False):
            td.add_row(r.category_id, f"{r.year_from}-{r.year_to}", m(r.delta_imports_usd), m(r.volume_effect_usd),
                       m(r.substitution_effect_usd), m(r.price_effect_usd))
        console.print(td)


def register(app: typer.Typer) -> None:
    app.command("localisation")(localisation)
