"""``keyparts search``, ``interchange``, ``match`` and ``allocate``: the matching engine."""

from __future__ import annotations

import json
import math
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from keyparts.cli.common import DataOpt, DbOpt, JsonOpt, console, load, load_view
from keyparts.cli.common import err_console as err




def _f(x: object, fmt: str = ",.4g") -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    try:
        return format(x, fmt)
    except (TypeError, ValueError):
        return str(x)


def load_index(db: str | None, data: object) -> object:
    """The search index: built from ``--data``, else opened from the database's analysis store
    (a file written once per catalogue version, so a new process does not rebuild it)."""
    if data is not None:
        from keyparts.match import build_index
        return build_index(load(db, data))
    from keyparts.store.analysis import stored_index
    return stored_index(db)


def search_cmd(where: Annotated[str, typer.Option("--where", "-w", help="Constraints, e.g. \"d=45mm; C>=50kN; precision in P5,P4\"")] = "",
               category: Annotated[str | None, typer.Option("--category", "-c", help="Category id (its subcategories are included).")] = None,
               sort: Annotated[str | None, typer.Option("--sort", help="Sort by this parameter (e.g. C).")] = None,
               desc: Annotated[bool, typer.Option("--desc", help="Sort descending.")] = False,
               limit: Annotated[int, typer.Option("--limit", min=0, max=1000, help="Rows per page.")] = 20,
               offset: Annotated[int, typer.Option("--offset", min=0, help="First row (pagination).")] = 0,
               facets: Annotated[str | None, typer.Option("--facets", help="Comma-separated parameters to count (default: enums of the category).")] = None,
               db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Parametric part search with units, ranges, enums, facets, sort and pages.

    Example: keyparts search --category BRG --where "d=45mm; C>=30kN" --sort C --desc
    """
    from keyparts.match import search
    ix = load_index(db, data)
    fac = [f.strip() for f in facets.split(",") if f.strip()] if facets is not None else None
    res = search(ix, where, category=category, sort=sort, descending=desc, offset=offset, limit=limit,
                 facets=fac)
    if as_json:
        print(json.dumps(res.to_dict(), ensure_ascii=False))
        return
    present = {k for i in res.items for k in i["values"]} - {"country", "unit_price_usd", "annual_capacity"}
    asked = [c.split("=")[0].split(">")[0].split("<")[0].split(" ")[0].split("~")[0].split("!")[0].strip()
             for c in res.query] + ([sort] if sort else [])
    names = list(dict.fromkeys(n for n in asked if n in present))
    names += [n for n in sorted(present) if n not in names][: max(0, 6 - len(names))]
    t = Table(title=f"{res.total} part(s) | {'; '.join(res.query) or 'no constraints'}"
                    f"{' | category ' + category if category else ''}")
    for col in ("part", "designation", "maker", "status", *[escape(f"{n} [{res.units.get(n, '')}]".replace(" []", "")) for n in names]):
        t.add_column(col)
    for i in res.items:
        t.add_row(i["part_id"], str(i["designation"]), str(i["maker_id"]), str(i["status"]),
                  *[_f(i["values"].get(n)) for n in names])
    console.print(t)
    for name, f in res.facets.items():
        vals = f.get("values") or {f"{b['from']:g}-{b['to']:g}": b["count"] for b in f.get("buckets", [])}
        if vals:  # a facet nothing in the result has says nothing
            console.print(f"[bold]{escape(name)}[/]: " + escape(", ".join(f"{k} ({v})" for k, v in vals.items())),
                          highlight=False)
    if res.total == 0:
        drop = next((a for a, n in res.funnel if n == 0), None)
        console.print(f"nothing meets [bold]{escape(str(drop))}[/]", highlight=False)
        h = res.hints or {}
        if h.get("nearest"):
            unit = f" {h['unit']}" if h.get("unit") else ""
            console.print("nearest values: " + escape(", ".join(f"{_f(v)}{unit if not isinstance(v, str) else ''}"
                                                                  for v in h["nearest"])), highlight=False)
        for w in h.get("without", []) if len(h.get("without", [])) > 1 else []:
            console.print(f"without {escape(w['clause'])}: {w['remaining']} part(s)", highlight=False)


def interchange_cmd(designation: Annotated[str, typer.Argument(help="Any maker's designation or an old Chinese code, e.g. 6209-2RS1 or 180209")],
                    c_kn: Annotated[str | None, typer.Option("--C", help="Dynamic rating C of the part to replace, with its unit, e.g. 35.1kN.")] = None,
                    all_: Annotated[bool, typer.Option("--all", help="Also list same-size parts that are not interchangeable.")] = False,
                    db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Parts in the dataset with the same boundary geometry, graded as substitutes.

    Example: keyparts interchange 180209    (old code of 6209-2RS)
    """
    from keyparts.match import InterchangeIndex
    from keyparts.units import parse_quantity
    C_kN = parse_quantity(c_kn, "kN", where="--C")
    ii = InterchangeIndex.build(load_index(db, data))
    res = ii.lookup(designation, C_kN=C_kN, include_not_interchangeable=all_)
    if as_json:
        print(json.dumps(res.to_dict(), ensure_ascii=False, default=str))
        return
    d = res.boundary_mm
    parsed = res.to_dict()["parsed"]
    t = Table(title=f"{designation} = {parsed.get('canonical') or parsed.get('text')} "
                    f"({d[0]:g}x{d[1]:g}x{d[2]:g} mm): {len(res.candidates)} candidate(s)")
    for col in ("part", "designation", "maker", "country", escape("C [kN]"), "grade", "reasons"):
        t.add_column(col)
    for c in res.candidates:
        t.add_row(c["part_id"], c["designation"], str(c["maker_id"]), str(c.get("country") or ""),
                  _f(c["C_kN"]), c["grade"], "; ".join(c["reasons"]))
    console.print(t)


def match_cmd(demand: Annotated[str, typer.Option("--demand", "-d", help="Demand id (demands.csv).")],
              top: Annotated[int, typer.Option("--top", min=1, help="Number of candidates.")] = 10,
              allow_prototypes: Annotated[bool, typer.Option("--allow-prototypes", help="Accept parts in prototype status.")] = False,
              weights: Annotated[str | None, typer.Option("--weights", help="Score weights, e.g. \"price=0.4,evidence=0.3\" (others keep defaults).")] = None,
              db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Candidates for one demand: hard filters, L10h check, test evidence, supply risk, score.

    Example: keyparts match --demand DM-001 --top 5 --json
    Exit code 1 when no part meets the demand (the output says which constraint).
    """
    from keyparts.errors import InputError
    from keyparts.match import match_dataset_demand
    w = {}
    for item in (weights or "").split(","):
        if item.strip():
            k, _, v = item.partition("=")
            try:
                w[k.strip()] = float(v)
            except ValueError:
                raise InputError(f"--weights: {item!r} is not name=number") from None
    status = ("prototype", "qualified", "production") if allow_prototypes else ("qualified", "production")
    ds = load_view(db, data)  # the demands, tests and small tables; the index from its file
    res = match_dataset_demand(ds, demand, index=load_index(db, data) if data is None else None, top=top,
                               weights=w or None, allowed_status=status)
    if as_json:
        print(json.dumps(res.to_dict(), ensure_ascii=False))
    else:
        d = res.demand
        t = Table(title=f"demand {d['id']}: {d['quantity']:g} x {d['category_id']} | {d['constraints'] or ''}"
                        f" | life {_f(d['required_life_h'])} h at {d['loads'] or '–'}")
        for col in ("part", "maker", "designation", "score", "grade", escape("L10h [h]"), escape("B10 lower [h]"), "reasons"):
            t.add_column(col)
        for c in res.candidates:
            t.add_row(c["part_id"], str(c["maker_id"]), str(c["designation"]), f"{c['score']:.3f}", c["grade"],
                      _f(c["life_h"], ",.0f"), _f(c["b10_lower"], ",.0f"), "\n".join(c["reasons"]))
        console.print(t)
        if res.eliminated_by:
            console.print(f"[bold red]no part meets this demand[/]: {escape(res.eliminated_by)}", highlight=False)
    if not res.passed:
        raise typer.Exit(1)


def _stored_offers(db: str | None):
    """Every offer stored in the database (the CLI is a national tool: no tenant filter)."""
    import pandas as pd
    import sqlalchemy as sa

    from keyparts.store import make_engine, upgrade
    from keyparts.store.offers import offers
    eng = make_engine(db)
    try:
        upgrade(eng)
        with eng.connect() as conn:
            rows = conn.execute(sa.select(offers.c.demand_id, offers.c.part_id, offers.c.unit_price_usd,
                                          offers.c.capacity)).all()
    finally:
        eng.dispose()
    return pd.DataFrame([r._asdict() for r in rows], columns=["demand_id", "part_id", "unit_price_usd", "capacity"])


def allocate_cmd(min_domestic: Annotated[float | None, typer.Option("--min-domestic", min=0, max=1, help="Minimum domestic share of each demand's supply (0-1).")] = None,
                 max_share: Annotated[float | None, typer.Option("--max-share", min=0, max=1, help="Maximum share of one supplier in a demand (0-1].")] = None,
                 max_suppliers: Annotated[int | None, typer.Option("--max-suppliers", min=1, help="At most k suppliers per demand.")] = None,
                 moq: Annotated[float, typer.Option("--moq", min=0, help="Minimum order quantity per supplier and demand (pieces).")] = 0.0,
                 risk_weight: Annotated[float, typer.Option("--risk-weight", min=0, help="Risk penalty: extra USD per USD at country risk 10.")] = 0.5,
                 demand: Annotated[list[str] | None, typer.Option("--demand", help="Only these demand ids (repeatable).")] = None,
                 time_limit: Annotated[float, typer.Option("--time-limit", min=0.1, help="Solver time limit (s).")] = 60.0,
                 db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Share demands among eligible suppliers: cost + risk, capacity, MOQ, k, share, domestic (MILP).

    Example: keyparts allocate --min-domestic 0.5 --max-share 0.7 --max-suppliers 2 --json
    Unmet demand is reported as shortfall; exit code 1 only if the solver found no solution.
    Every run is saved (inputs, solution, objective, solver status) in the --db database for audit.
    A stored demand that cannot be matched (e.g. d=25kg) is skipped with a warning naming it
    and its clause; the others are allocated. From a database, makers' offers on the demands
    (made on the platform) price and cap their parts.
    """
    from keyparts.match import allocate_dataset
    res = allocate_dataset(load(db, data), demand_ids=demand or None, risk_weight=risk_weight, moq=moq,
                           max_suppliers=max_suppliers, max_share=max_share, min_domestic=min_domestic,
                           time_limit_s=time_limit, offers=None if data else _stored_offers(db))
    from keyparts.store import database_url
    from keyparts.store.runs import save_run

    for why in res.inputs.get("skipped_demands", {}).values():
        err.print(f"[yellow]warning[/]: skipped {escape(why)}", highlight=False)
    out = res.to_dict()
    out["run_id"] = save_run("allocate", out, source=str(data) if data else database_url(db), url=db)
    if as_json:
        print(json.dumps(out, ensure_ascii=False, default=str))
    else:
        console.print(f"saved as run {out['run_id']} in {database_url(db)} (keyparts runs show {out['run_id']})")
        t = Table(title=f"allocation: {res.status}, objective {_f(res.objective, ',.2f')} USD "
                        f"(cost {_f(res.cost_usd, ',.0f')}, risk {_f(res.risk_usd, ',.0f')}, "
                        f"shortfall penalty {_f(res.shortfall_penalty_usd, ',.0f')})")
        for col in ("demand", "part", "supplier", "quantity", "unit cost", "domestic"):
            t.add_column(col)
        for a in res.allocations:
            t.add_row(a["demand_id"], a["part_id"], a["supplier_id"], _f(a["quantity"], ",.0f"),
                      _f(a["unit_cost"], ".2f"), "yes" if a["domestic"] else "no")
        console.print(t)
        for s in res.shortfall:
            why_s = "; ".join(s.get("reasons", []))
            console.print(f"[yellow]shortfall[/] {s['demand_id']}: {s['quantity']:,.0f} pieces"
                          + (f" ({escape(why_s)})" if why_s else ""), highlight=False)
    if res.objective is None:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``search``, ``interchange``, ``match`` and ``allocate`` to the root app."""
    app.command("search")(search_cmd)
    app.command("interchange")(interchange_cmd)
    app.command("match")(match_cmd)
    app.command("allocate")(allocate_cmd)
