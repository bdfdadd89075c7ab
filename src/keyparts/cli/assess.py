"""``keyparts assess``, ``keyparts scenario`` and ``keyparts report``: the bottleneck assessment."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.table import Table

from keyparts.cli.common import DataOpt, DbOpt, JsonOpt, console, load, load_model
from keyparts.errors import InputError

if TYPE_CHECKING:
    from keyparts.priority.assess import Assessment


YearOpt = Annotated[int | None, typer.Option("--year", help="Trade/production year (default: latest in the data).")]


def _split(s: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in (s or "").split(",") if x.strip())


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _f(x: object, fmt: str = ".2f") -> str:
    try:
        if _missing(x):
            return "–"
        return format(x, fmt)
    except (TypeError, ValueError):
        return str(x)


def _t(x: object) -> str:
    return "–" if _missing(x) else str(x)


def assess(db: DbOpt = None, data: DataOpt = None, year: YearOpt = None,
           top: Annotated[int, typer.Option("--top", min=1, help="Length of the key-category list.")] = 10,
           samples: Annotated[int, typer.Option("--samples", min=10, help="Monte Carlo samples.")] = 500,
           seed: Annotated[int, typer.Option("--seed", help="Random seed of the sensitivity run.")] = 0,
           as_json: JsonOpt = False) -> None:
    """Rank key categories: import reliance, concentration, supply risk, importance, worst embargo.

    Example: keyparts assess --top 10    (or: keyparts assess --data ./mydataset --json)
    """
    from keyparts.priority.assess import run_assessment
    ds, model = load_model(db, data, year)
    res = run_assessment(ds, year=year, top_n=top, n_samples=samples, seed=seed, model=model)
    if as_json:
        print(json.dumps(res.to_dict()))
        return
    print_assessment(res, top)


def print_assessment(res: Assessment, top: int) -> None:
    """The top-N key categories as a Rich table."""
    t = Table(title=f"Key categories {res.year} (home {res.home})", box=box.SIMPLE_HEAD, pad_edge=False,
              caption="* critical: SR >= 1 and EI >= 2.8 (EU method); worst = 90-day single-country embargo")
    t.add_column("#", justify="right", no_wrap=True)
    t.add_column("category", no_wrap=True)
    for c in ("IR", "HHI", "SR", "EI", "origin", f"P(top{top})", "worst $m"):
        t.add_column(c, justify="right", no_wrap=True)
    wide = console.width >= 110
    if wide:
        t.add_column("flags", overflow="fold")
    for cid, r in res.ranked().head(top).iterrows():
        t.add_row(str(int(r["rank"])), f"{cid}{'*' if r['critical'] else ''}", _f(r["import_reliance"], ".0%"),
                  _f(r["hhi"]), _f(r["supply_risk"]), _f(r["economic_importance"], ".1f"),
                  f"{_t(r['top_origin'])} {_f(r['top_origin_share'], '.0%')}", _f(r["p_top_n"], ".0%"),
                  f"{_t(r['worst_embargo_country'])} {_f(r['worst_embargo_loss_usd'] / 1e6, '.0f')}"
                  if r["worst_embargo_loss_usd"] > 0 else "–",
                  *([", ".join(r["flags"])] if wide else []))
    console.print(t)


def scenario(embargo: Annotated[str | None, typer.Option("--embargo", help="Comma-separated ISO codes, e.g. JP,DE.")] = None,
             supplier: Annotated[list[str] | None, typer.Option("--supplier", help="Failed supplier id (repeat or comma-separate).")] = None,
             days: Annotated[float, typer.Option("--days", min=0, help="Duration of the disruption (days).")] = 90.0,
             inventory_days: Annotated[float, typer.Option("--inventory-days", min=0, help="Inventory cover (days).")] = 15.0,
             ramp_up_days: Annotated[float, typer.Option("--ramp-up-days", min=0, help="Days until spare domestic capacity delivers.")] = 60.0,
             qualify_days: Annotated[float | None, typer.Option("--qualify-days", min=0, help="Days before a domestic part still in qualification for a buyer can supply it (default: its category's Kaplan-Meier median time to qualify from the case histories).")] = None,
             db: DbOpt = None, data: DataOpt = None, year: YearOpt = None,
             top: Annotated[int, typer.Option("--top", min=1, help="Rows in the table.")] = 15,
             dynamic: Annotated[bool, typer.Option("--dynamic", help="Run it day by day on the plant "
                                                   "network (keyparts.dynamics, Inoue & Todo 2019) "
                                                   "instead of the static estimate.")] = False,
             rationing: Annotated[str, typer.Option("--rationing", help="With --dynamic: "
                                                    "proportional or priority.")] = "proportional",
             horizon: Annotated[int | None, typer.Option("--horizon", min=1, help="With --dynamic: "
                                                         "days simulated (default duration + 30)."
                                                         )] = None,
             substitution: Annotated[bool, typer.Option("--substitution", help="With --dynamic: "
                                                        "buyers move unmet demand to "
                                                        "interchangeable or qualified parts "
                                                        "(ramp-up over --ramp-up-days).")] = False,
             as_json: JsonOpt = False) -> None:
    """Simulate an embargo and/or supplier failure; lost output per product and industry.

    Example: keyparts scenario --embargo JP,DE --days 90 --json
    """
    from keyparts.priority.assess import run_scenario
    from keyparts.supply.scenario import Scenario
    sup = tuple(s for x in (supplier or []) for s in _split(x))
    emb = _split(embargo)
    if not emb and not sup:
        raise InputError("scenario: give --embargo COUNTRIES and/or --supplier ID (nothing to disrupt)")
    if dynamic:
        from keyparts.cli.simulate import _print_dynamic, plants_with_substitutes
        from keyparts.dynamics.from_supply import plants_of_dataset, run_dynamic_scenario
        ds = load(db, data)
        (model, pn), kw = plants_of_dataset(ds, year), {}
        if substitution:
            pn, kw["substitution"] = plants_with_substitutes(ds, model, pn, ramp_days=ramp_up_days)
        dyn = run_dynamic_scenario(pn, Scenario(embargo=emb, failed_suppliers=sup, duration_days=days,
                                                inventory_days=inventory_days),
                                   days=horizon, rationing=rationing, **kw)
        _print_dynamic(dyn, as_json)
        return
    _ds, model = load_model(db, data, year)
    res = run_scenario(model, Scenario(embargo=emb, failed_suppliers=sup, duration_days=days,
                                       inventory_days=inventory_days, ramp_up_days=ramp_up_days,
                                       qualify_days=qualify_days))
    if as_json:
        print(json.dumps(res.to_dict()))
        return
    t = Table(title=f"Embargo {','.join(emb) or '–'}; failed {','.join(sup) or '–'}; {days:g} days "
                    f"(inventory {inventory_days:g}, ramp-up {ramp_up_days:g}): lost USD "
                    f"{res.total_lost_value_usd / 1e6:,.1f} m")
    for c in ("product", "industry", "output fraction", "lost (USD m)", "binding items"):
        t.add_column(c)
    p = res.products.sort_values("lost_value_usd", ascending=False).head(top)
    for pid, r in p.iterrows():
        t.add_row(pid, r["industry"], f"{r['output_fraction']:.0%}", f"{r['lost_value_usd'] / 1e6:,.2f}",
                  ", ".join(r["binding_items"]))
    console.print(t)
    ti = Table(title="Industries")
    for c in ("industry", "lost (USD m)", "lost share"):
        ti.add_column(c)
    for ind, r in res.industries.sort_values("lost_value_usd", ascending=False).iterrows():
        ti.add_row(str(ind), f"{r['lost_value_usd'] / 1e6:,.2f}", f"{r['lost_share']:.0%}")
    console.print(ti)


def report(output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path("report.html"),
           db: DbOpt = None, data: DataOpt = None, year: YearOpt = None,
           top: Annotated[int, typer.Option("--top", min=1, help="Length of the key-category list.")] = 10,
           samples: Annotated[int, typer.Option("--samples", min=10, help="Monte Carlo samples.")] = 500,
           seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
           embargo: Annotated[str | None, typer.Option("--embargo", help="Also show this embargo scenario, e.g. JP,DE.")] = None,
           supplier: Annotated[list[str] | None, typer.Option("--supplier", help="Failed supplier id for that scenario.")] = None,
           days: Annotated[float, typer.Option("--days", min=0, help="Duration of that scenario (days).")] = 90.0,
           lang: Annotated[str, typer.Option("--lang", help="Language of the report: en or zh_CN.")] = "en") -> None:
    """Write the assessment as one self-contained HTML file (no network needed to view it).

    Example: keyparts report -o report.html --embargo JP,DE --days 180 --lang zh_CN
    """
    from keyparts.report.html import LANGS
    if lang not in LANGS:
        raise InputError(f"--lang: {lang!r}, expected one of {', '.join(LANGS)}")
    from keyparts.priority.assess import build_model, run_assessment, run_scenario
    from keyparts.report import render_report
    from keyparts.supply.scenario import Scenario
    ds = load(db, data)
    model = build_model(ds, year)
    res = run_assessment(ds, top_n=top, n_samples=samples, seed=seed, model=model)
    sup = tuple(s for x in (supplier or []) for s in _split(x))
    extra = []
    if embargo or sup:
        extra.append(run_scenario(model, Scenario(embargo=_split(embargo), failed_suppliers=sup, duration_days=days)))
    html = render_report(res, title=str(ds.meta.get("name", "keyparts")), scenarios=extra, lang=lang,
                         names_zh=names_zh(ds))
    output.write_text(html, encoding="utf-8")
    console.print(f"wrote {output}")


def names_zh(ds) -> dict[str, str]:
    """Category id -> Chinese name, where the dataset gives one."""
    cats = ds.frames["categories"]
    if "name_zh" not in cats.columns:
        return {}
    return {cid: n for cid, n in zip(cats["id"], cats["name_zh"]) if isinstance(n, str) and n}


def demo_assessment(*, db: str | None, top: int, report: Path, n_samples: int = 500, seed: int = 0,
                    lang: str = "en") -> None:
    """What ``keyparts demo`` runs after importing the sample: the top-N table and the report."""
    from keyparts.priority.assess import run_assessment
    from keyparts.report import render_report
    ds = load(db, None)
    res = run_assessment(ds, top_n=top, n_samples=n_samples, seed=seed)
    print_assessment(res, top)
    report.write_text(render_report(res, title=str(ds.meta.get("name", "keyparts")), lang=lang, names_zh=names_zh(ds)),
                      encoding="utf-8")
    console.print(f"wrote {report}")


def register(app: typer.Typer) -> None:
    app.command("assess")(assess)
    app.command("scenario")(scenario)
    app.command("report")(report)
