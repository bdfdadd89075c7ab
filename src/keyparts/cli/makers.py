"""``keyparts makers``: capability search, 专精特新 specialisation, category fragmentation, talent gap."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from keyparts.cli.common import DataOpt, DbOpt, JsonOpt, load
from keyparts.errors import InputError

console = Console()
makers_app = typer.Typer(name="makers", help="Specialised makers and the people who make the parts: capability "
                         "search, 专精特新 criteria, fragmentation, talent gap.\n\nExample: keyparts makers search "
                         "\"test:life test\" \"accreditation:17025\"", no_args_is_help=True)

YearOpt = Annotated[int | None, typer.Option("--year", help="Only this year (default: every year).")]


def _f(x: Any, fmt: str = ".3g") -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return format(x, fmt) if isinstance(x, (int, float)) and not isinstance(x, bool) else str(x)


def _frame(ds: Any, name: str) -> Any:
    df = ds.frames.get(name)
    if df is None or not len(df):
        raise InputError(f"the dataset has no rows in {name}.csv: expected the makers' registry "
                         f"(see docs/makers.md and docs/data-format.md)")
    return df


def _print(obj: dict) -> None:
    print(json.dumps(obj, ensure_ascii=False, default=str))


@makers_app.command("search")
def search_cmd(requirements: Annotated[list[str], typer.Argument(help="kind:name[@class], kind = process | machine | "
                                                                 "test | accreditation (or cert).")],
               db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Enterprises that have every capability asked (processes, machines, tests, accreditations).

    Example: keyparts makers search "process:superfinish@P4" "test:life test" "accreditation:17025"
    """
    from keyparts.makers import search_capabilities
    ds = load(db, data)
    res = search_capabilities(ds.frames.get("capabilities"), ds["enterprises"], requirements)
    if as_json:
        return _print(res.to_dict())
    t = Table(title=f"{res.total} enterprise(s) | {' & '.join(res.requirements)}")
    for c in ("enterprise", "name", "country", "region", "matched"):
        t.add_column(c)
    for i in res.items:
        t.add_row(i["enterprise_id"], escape(str(i["name"])), str(i["country"]), _f(i["region"]),
                  escape("; ".join(f"{k} → {', '.join(v)}" for k, v in i["matched"].items())))
    console.print(t)


EnterpriseOpt = Annotated[str | None, typer.Option("--enterprise", "-e", help="Only this enterprise id.")]
CriteriaOpt = Annotated[Path | None, typer.Option(
    "--criteria", help="A criteria TOML file (default: the bundled MIIT 2022 criteria).")]
RateOpt = Annotated[float | None, typer.Option(
    "--cny-per-usd", min=0.0, help="One CNY per USD rate for every year (default: NBS annual averages "
    "2021-2023).")]


@makers_app.command("specialisation")
def specialisation_cmd(year: YearOpt = None, enterprise: EnterpriseOpt = None, criteria: CriteriaOpt = None,
                       cny_per_usd: RateOpt = None, db: DbOpt = None, data: DataOpt = None,
                       as_json: JsonOpt = False) -> None:
    """专精特新 eligibility and distance per tier, and the specialisation index, per enterprise and year.

    Example: keyparts makers specialisation --year 2023 --enterprise M-CN-004 --json
    """
    from keyparts.makers import eligibility, load_criteria, specialisation_index
    ds = load(db, data)
    ey = _frame(ds, "enterprise_years")
    ec = ds.frames.get("enterprise_categories")
    if year is not None:
        ey = ey[ey["year"].astype(int).isin([year, year - 1, year - 2])]  # growth needs two earlier years
    if enterprise is not None:
        ey = ey[ey["enterprise_id"] == enterprise]
        if not len(ey):
            raise InputError(f"enterprise_years.csv has no rows for enterprise {enterprise!r}")
    elig = eligibility(ey, load_criteria(criteria), enterprise_categories=ec, cny_per_usd=cny_per_usd)
    spec = specialisation_index(ey, ec)
    keep = (lambda r: r["year"] == year) if year is not None else (lambda r: True)
    out = {"eligibility": {**elig.to_dict(), "rows": [r for r in elig.rows if keep(r)]},
           "specialisation": {**spec.to_dict(), "rows": [r for r in spec.rows if keep(r)]}}
    if as_json:
        return _print(out)
    idx = {(r["enterprise_id"], r["year"]): r for r in out["specialisation"]["rows"]}
    tiers = {}
    for r in out["eligibility"]["rows"]:
        tiers.setdefault((r["enterprise_id"], r["year"]), {})[r["tier"]] = r
    t = Table(title=f"专精特新 ({elig.criteria['version']}) and specialisation index S = (C + N + R) / 3")
    for c in ("enterprise", "year", "S", "C", "N", "R", "provincial", "little giant"):
        t.add_column(c)

    def cell(r: dict | None) -> str:
        if r is None:
            return "–"
        if r["eligible"]:
            return "[green]eligible[/]"
        return f"no: {r['unmet']} unmet, distance {_f(r['distance'])}"
    for key, tv in tiers.items():
        s = idx.get(key, {})
        t.add_row(key[0], str(key[1]), _f(s.get("index")), _f(s.get("concentration")), _f(s.get("niche")),
                  _f(s.get("rd")), cell(tv.get("provincial")), cell(tv.get("little_giant")))
    console.print(t)
    console.print(f"Criteria: {escape(elig.criteria['source'])} ({elig.criteria['published']}); thresholds marked "
                  "unverified in the rules file.", highlight=False)


CategoryOpt = Annotated[str | None, typer.Option("--category", "-c", help="Only this category id.")]
KminOpt = Annotated[int, typer.Option("--k-min", min=1, help="Suppress figures of categories with fewer makers.")]


@makers_app.command("fragmentation")
def fragmentation_cmd(year: YearOpt = None, category: CategoryOpt = None, k_min: KminOpt = 3,
                      db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Fragmentation of domestic capacity per category: makers, CR4, HHI, low-end share, utilisation.

    Example: keyparts makers fragmentation --year 2023 --category BRG-DGBB
    """
    from keyparts.makers import fragmentation
    ds = load(db, data)
    res = fragmentation(_frame(ds, "enterprise_categories"), ds["enterprises"], ds["categories"],
                        country=ds.meta.get("country", "CN"), year=year, k_min=k_min)
    rows = [r for r in res.rows if category is None or r["category_id"] == category]
    if as_json:
        return _print({**res.to_dict(), "rows": rows})
    t = Table(title=f"Domestic capacity ({res.country}) per category | HHI < 0.15 = fragmented")
    for c in ("category", "year", "makers", "capacity", "CR4", "HHI", "low-end", "utilisation", "finding"):
        t.add_column(c)
    for r in rows:
        t.add_row(r["category_id"], str(r["year"]), str(r["makers"]),
                  "suppressed" if r["suppressed"] else _f(r["capacity"], ",.0f"), _f(r["cr4"]), _f(r["hhi"]),
                  _f(r["low_end_share"], ".0%") if r["low_end_share"] is not None else "–",
                  _f(r["utilisation"], ".0%") if r["utilisation"] is not None else "–", escape(r["finding"] or ""))
    console.print(t)


BaseOpt = Annotated[int, typer.Option("--base-year", help="Year of today's capacity.")]
PlanOpt = Annotated[int, typer.Option("--plan-year", help="Year of the capacity plan.")]
ReplOpt = Annotated[float, typer.Option("--replacement-rate", min=0.0, max=1.0,
                                        help="Share of staff replaced per year (retirement, leaving).")]
RiskOpt = Annotated[float, typer.Option("--at-risk-below", min=0.0, help="Flag a category when a cell it draws "
                                        "on has coverage (supply / demand) below this.")]
RatiosOpt = Annotated[Path | None, typer.Option("--ratios", help="Staffing ratios CSV (category_id, occupation_code, "
                                                "persons_per_1000_capacity); default the bundled illustrative file.")]


@makers_app.command("talent")
def talent_cmd(base_year: BaseOpt, plan_year: PlanOpt, replacement_rate: ReplOpt = 0.0, at_risk_below: RiskOpt = 1.0,
               ratios: RatiosOpt = None, db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Staff the capacity plan needs per category × occupation × region against training supply.

    Example: keyparts makers talent --base-year 2023 --plan-year 2026 --replacement-rate 0.03
    """
    from keyparts.makers import load_occupations, load_staffing_ratios, talent_gap
    ds = load(db, data)
    res = talent_gap(_frame(ds, "enterprise_categories"), ds["enterprises"], ds["categories"],
                     load_staffing_ratios(ratios), ds.frames.get("training"), base_year=base_year,
                     plan_year=plan_year, replacement_rate=replacement_rate, at_risk_below=at_risk_below,
                     projects=ds.frames.get("projects"), project_staff=ds.frames.get("project_staff"),
                     challenges=ds.frames.get("challenges"), challenge_staff=ds.frames.get("challenge_staff"))
    if as_json:
        return _print(res.to_dict())
    names = dict(zip(*load_occupations()[["code", "name_zh"]].to_numpy().T))
    t = Table(title=f"Talent gap {base_year} → {plan_year} (persons/year; gap > 0 = shortage)")
    for c in ("occupation", "region", "demand", "supply", "gap", "coverage"):
        t.add_column(c)
    for g in res.gap:
        t.add_row(f"{g['occupation_code']} {names.get(g['occupation_code'], '')}", _f(g["region"]), _f(g["demand"]),
                  _f(g["supply"]), _f(g["gap"]), _f(g["coverage"], ".0%") if g["coverage"] is not None else "–")
    console.print(t)
    if res.categories_at_risk:
        console.print("Key categories at risk from talent: " + ", ".join(res.categories_at_risk), highlight=False)
    if res.projects_lacking_staff:
        console.print("Special projects lacking key staff: " + ", ".join(res.projects_lacking_staff), highlight=False)
    if res.challenges_lacking_staff:
        console.print("Challenges lacking key staff: " + ", ".join(res.challenges_lacking_staff), highlight=False)


@makers_app.command("rd")
def rd_cmd(year: YearOpt = None, category: CategoryOpt = None, k_min: KminOpt = 3,
           db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """R&D intensity per key category, weighted by each maker's revenue in it (R&D spend / revenue).

    Example: keyparts makers rd --year 2023
    """
    from keyparts.makers.rnd import rd_intensity
    ds = load(db, data)
    res = rd_intensity(_frame(ds, "enterprise_years"), _frame(ds, "enterprise_categories"), ds["categories"],
                       year=year, k_min=k_min)
    rows = [r for r in res.rows if category is None or r["category_id"] == category]
    if as_json:
        return _print({**res.to_dict(), "rows": rows})
    t = Table(title="R&D intensity per category (R&D spend / revenue, weighted by revenue in the category)")
    for c in ("category", "year", "makers", "R&D intensity"):
        t.add_column(c)
    for r in rows:
        t.add_row(r["category_id"], str(r["year"]), str(r["makers"]),
                  "suppressed" if r["suppressed"] else _f(r["rd_intensity"], ".1%"))
    console.print(t)


@makers_app.command("projects")
def projects_cmd(db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Efficiency of special projects: TRL gained and domestic parts qualified, per million USD.

    Example: keyparts makers projects --json
    """
    from keyparts.makers.rnd import project_efficiency
    ds = load(db, data)
    res = project_efficiency(_frame(ds, "projects"), ds["parts"], ds["categories"],
                             ds.frames.get("qualification_cases"))
    if as_json:
        return _print(res.to_dict())
    t = Table(title="Special projects per million USD of budget")
    for c in ("project", "category", "budget (M USD)", "TRL gained", "per M USD", "parts qualified", "per M USD"):
        t.add_column(c)
    for r in res.rows:
        t.add_row(r["project_id"], r["category_id"], _f(r["budget_usd"] / 1e6 if r["budget_usd"] else None, ".1f"),
                  _f(r["trl_gained"], ".0f"), _f(r["trl_per_musd"], ".2f"), str(r["parts_qualified"]),
                  _f(r["parts_per_musd"], ".2f"))
    console.print(t)


@makers_app.command("standards")
def standards_cmd(category: CategoryOpt = None, db: DbOpt = None, data: DataOpt = None,
                  as_json: JsonOpt = False) -> None:
    """The standards registry: standards per category, the qualification decisions that followed
    them, the projects that are to produce them, and categories without a test method.

    Example: keyparts makers standards --category BRG
    """
    from keyparts.makers.rnd import standards_registry
    ds = load(db, data)
    res = standards_registry(_frame(ds, "standards"), ds["categories"], projects=ds.frames.get("projects"),
                             qualification_events=ds.frames.get("qualification_events"))
    rows = [r for r in res.rows if category is None or r["category_id"] == category]
    if as_json:
        return _print({**res.to_dict(), "rows": rows})
    t = Table(title="Standards registry")
    for c in ("code", "category", "kind", "adopts", "status", "used by cases", "to be produced by"):
        t.add_column(c)
    for r in rows:
        adopts = f"{r['equivalent']} {r['equivalence'] or ''}".strip() if r.get("equivalent") else "–"
        t.add_row(escape(r["code"]), _f(r["category_id"]), r["kind"], escape(adopts), r["status"],
                  ", ".join(r["used_by_cases"]) or "–", ", ".join(r["produced_by_projects"]) or "–")
    console.print(t)
    if res.without_test_method:
        console.print("Categories without a current test-method standard: " + ", ".join(res.without_test_method),
                      highlight=False)


talent_app = typer.Typer(name="talent", help="The people who make the parts: staff demand of capacity plans and "
                         "special projects against training supply.\n\nExample: keyparts talent gap --base-year 2023 "
                         "--plan-year 2026", no_args_is_help=True)
talent_app.command("gap")(talent_cmd)


def register(app: typer.Typer) -> None:
    """Add the ``makers`` and ``talent`` command groups to the root app."""
    app.add_typer(makers_app, name="makers")
    app.add_typer(talent_app, name="talent")
