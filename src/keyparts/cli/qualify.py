"""``keyparts qualify list|status|advance|plan|premium|summary|chain``: qualification cases of domestic
substitutes (issue 13), judged by :mod:`keyparts.qualify` from the stored evidence."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from keyparts.cli.common import DataOpt, DbOpt, JsonOpt, load

console = Console()
qualify_app = typer.Typer(help="Qualification cases: a substitute part through an OEM's gates, "
                               "from design review to batch supply.", no_args_is_help=True)

CaseArg = Annotated[str, typer.Argument(help="Case id (qualification_cases.csv), e.g. QC-001")]
BetaOpt = Annotated[float | None, typer.Option("--beta", min=0.01, help="Weibull shape for the life "
                                               "demonstration (default: the application's beta).")]


def _word(passed: bool | None) -> str:
    return {True: "[green]pass[/]", False: "[red]fail[/]", None: "[yellow]open[/]"}[passed]


def list_cmd(oem: Annotated[str | None, typer.Option("--oem", help="Only this OEM's cases.")] = None,
             part: Annotated[str | None, typer.Option("--part", help="Only cases of this part.")] = None,
             stage: Annotated[str | None, typer.Option("--stage", help="Only cases at this stage.")] = None,
             db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Qualification cases with their stage and last decision.

    Example: keyparts qualify list --oem O-CN-001 --json
    """
    from keyparts.qualify.cases import case_list

    rows = case_list(load(db, data).frames, oem_id=oem, part_id=part, stage=stage)
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    t = Table(title=f"{len(rows)} qualification case(s)")
    for col in ("case", "part", "maker", "OEM", "application", "stage", "opened", "last decision"):
        t.add_column(col)
    for r in rows:
        last = r["last_decision"]
        t.add_row(r["case_id"], f"{r['part_id']} {r['designation'] or ''}", str(r["maker_id"]), r["oem_id"],
                  str(r["application_id"]), r["stage"], r["opened"],
                  "–" if last is None else f"{last['date']} {last['stage']} {last['decision']}")
    console.print(t)


def status_cmd(case: CaseArg, beta: BetaOpt = None, db: DbOpt = None, data: DataOpt = None,
               as_json: JsonOpt = False) -> None:
    """Every gate of the case judged from its stored evidence and decisions, and the next stage.

    Example: keyparts qualify status QC-001 --json
    Exit code 1 when the gate of the current stage fails.
    """
    from keyparts.qualify.cases import status

    res = status(load(db, data).frames, case, beta=beta)
    if as_json:
        print(json.dumps(res.to_dict(), ensure_ascii=False))
    else:
        t = Table(title=f"case {res.case_id}: part {res.part_id} for {res.oem_id} "
                        f"(application {res.application_id}) at {res.stage}, next {res.next}")
        for col in ("gate", "result", "reasons"):
            t.add_column(col)
        for g in res.gates:
            t.add_row(g.stage, _word(g.passed), "\n".join(g.reasons))
        console.print(t)
    current = res.gate(res.stage)
    if current is not None and current.passed is False:
        raise typer.Exit(1)


def advance_cmd(case: CaseArg,
                decision: Annotated[str, typer.Option("--decision", help="pass (next stage), hold (stay) or fail (rejected).")],
                by: Annotated[str, typer.Option("--by", help="Name of the person who decides.")],
                note: Annotated[str | None, typer.Option("--note", help="Reason in words.")] = None,
                date: Annotated[str | None, typer.Option("--date", help="Date of the decision, YYYY-MM-DD (default today, UTC).")] = None,
                db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Record a decision on the case's current stage and move the case (stored in --db).

    Example: keyparts qualify advance QC-002 --decision pass --by "Sun Hao" --note "22 pumps 1 000 h, no failure"
    """
    from keyparts.errors import InputError
    from keyparts.store.qualification import record_decision

    if decision not in ("pass", "fail", "hold"):
        raise InputError(f"--decision: {decision!r} is not one of pass | fail | hold")
    try:
        day = None if date is None else dt.date.fromisoformat(date)
    except ValueError:
        raise InputError(f"--date: {date!r} is not a date YYYY-MM-DD") from None
    ev = record_decision(case, decision, by=by, note=note, date=day, url=db)
    if as_json:
        print(json.dumps(ev, ensure_ascii=False))
    else:
        console.print(f"case {case}: {decision} on {ev['stage_before']} by {ev['decided_by']} "
                      f"({ev['date']}) -> {ev['stage_after']}", highlight=False)


def plan_cmd(case: CaseArg, beta: BetaOpt = None,
             units: Annotated[int | None, typer.Option("--units", min=1, help="Units on test (the duration follows).")] = None,
             duration: Annotated[float | None, typer.Option("--duration", min=0.001, help="Hours each unit runs (the units follow; default the required life).")] = None,
             db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """A zero-failure bench test plan for the case's application, with its operating characteristic.

    Example: keyparts qualify plan QC-002 --json   (22 pumps x 1 000 h for R = 0.9 at 90 %, beta 2)
    """
    from keyparts.errors import InputError
    from keyparts.qualify.cases import plan

    if units is not None and duration is not None:
        raise InputError("give --units or --duration, not both (the other one follows)")
    g = plan(load(db, data).frames, case, beta=beta, units=units, duration_h=duration)
    if as_json:
        print(json.dumps({"case_id": case, **g.to_dict()}, ensure_ascii=False))
        return
    console.print("\n".join(g.reasons), highlight=False)
    oc = g.evidence.get("operating_characteristic") or []
    if oc:
        t = Table(title="operating characteristic: P(pass) if the true scale is eta")
        t.add_column("eta [h]")
        t.add_column("P(pass)")
        for p in oc:
            t.add_row(f"{p['eta_h']:,.0f}", f"{p['pass_probability']:.3f}")
        console.print(t)


def premium_cmd(case: CaseArg,
                units: Annotated[int, typer.Option("--units", min=1, help="Units insured.")],
                beta: BetaOpt = None,
                unit_value: Annotated[float | None, typer.Option("--unit-value", min=0.0, help="Insured value of one unit (default the part's unit_price_usd).")] = None,
                key_category: Annotated[bool, typer.Option("--key-category", help="The part's category is a key category.")] = False,
                listed: Annotated[bool, typer.Option("--listed", help="The part is listed in a first-use catalogue edition.")] = False,
                years: Annotated[float, typer.Option("--years", min=0.01, help="Insured period in years of duty.")] = 1.0,
                rate_cap: Annotated[float, typer.Option("--rate-cap", min=0.0001, max=1.0, help="Premium ceiling as a share of the insured value.")] = 0.03,
                subsidised_share: Annotated[float, typer.Option("--subsidised-share", min=0.0, max=1.0, help="Share of the premium subsidised.")] = 0.8,
                db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Indicative first-use (首台(套)/首批次) premium from the case's bench evidence.

    Example: keyparts qualify premium QC-001 --units 100 --key-category --json
    """
    from keyparts.qualify.cases import premium

    eligible, p = premium(load(db, data).frames, case, units=units, beta=beta, unit_value=unit_value,
                          key_category=key_category, listed=listed, years=years, rate_cap=rate_cap,
                          subsidised_share=subsidised_share)
    out = {"case_id": case, "eligible": eligible, **p.to_dict()}
    if as_json:
        print(json.dumps(out, ensure_ascii=False))
        return
    console.print(f"case {case}: {'eligible' if eligible else 'not eligible (field_trial or later, in a key or listed category)'}\n"
                  f"P(failure in {p.period_h:,.0f} h) <= {p.failure_probability_upper:.3%} ({p.method})\n"
                  f"premium {p.premium:,.0f} ({p.premium_rate:.2%} of {p.insured_value:,.0f}"
                  f"{', capped' if p.capped else ''}); subsidy {p.subsidy:,.0f}, paid by the insured "
                  f"{p.paid_by_insured:,.0f}", highlight=False)


def summary_cmd(as_of: Annotated[str | None, typer.Option("--as-of", help="Date open cases are censored at, YYYY-MM-DD (default: the latest date in the data).")] = None,
                db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Per category: cases by stage, substitutes qualified and for how many OEMs, Kaplan-Meier
    time to qualify, first use -> repeat order -> batch supply.

    Example: keyparts qualify summary --json
    """
    from keyparts.qualify.summary import category_summary

    rows = category_summary(load(db, data).frames, as_of=as_of)
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    t = Table(title="qualification per category")
    for col in ("category", "cases", "by stage", "qualified parts", "OEMs", "median days to qualify",
                "first use -> repeat -> batch"):
        t.add_column(col)
    for r in rows:
        med = r["time_to_qualify_days"]["median"]
        t.add_row(r["category_id"], str(r["cases"]), ", ".join(f"{k} {v}" for k, v in r["by_stage"].items()),
                  str(r["qualified_parts"]), str(r["qualified_oems"]), "not reached" if med is None else f"{med:g}",
                  " -> ".join(str(s["reached"]) for s in r["conversion"]))
    console.print(t)


def chain_cmd(category: Annotated[str, typer.Argument(help="Category id, e.g. HYD-PPUMP-HP")],
              db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """The chain (一条龙) of a category: material -> part -> subsystem -> product with the
    qualification state, domestic capacity, coverage and bottleneck of each link, and a proposed
    domestic maker, user OEM and test lab.

    Example: keyparts qualify chain HYD-PPUMP-HP --json
    """
    from keyparts.priority.assess import build_model
    from keyparts.qualify.chain import chain

    ds = load(db, data)
    res = chain(build_model(ds), ds.frames, category)
    if as_json:
        print(json.dumps(res.to_dict(), ensure_ascii=False))
        return
    t = Table(title=f"chain of {category}: product {res.product_id} of {res.oem_id}")
    for col in ("tier", "link", "state", "need/year", "domestic capacity", "coverage", ""):
        t.add_column(col)
    for lk in res.links:
        t.add_row(lk.tier, lk.name, lk.state, "–" if lk.need_units is None else f"{lk.need_units:,.0f}",
                  "–" if lk.domestic_capacity_units is None else f"{lk.domestic_capacity_units:,.0f}",
                  "–" if lk.coverage is None else f"{lk.coverage:.0%}", "bottleneck" if lk.bottleneck else "")
    console.print(t)
    p = res.proposal
    console.print(f"proposed: maker {p.maker_id} ({p.part_id}), OEM {p.oem_id}, lab {p.lab_id}\n"
                  + "\n".join(p.reasons), highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``qualify`` group to the root app."""
    qualify_app.command("list")(list_cmd)
    qualify_app.command("status")(status_cmd)
    qualify_app.command("advance")(advance_cmd)
    qualify_app.command("plan")(plan_cmd)
    qualify_app.command("premium")(premium_cmd)
    qualify_app.command("summary")(summary_cmd)
    qualify_app.command("chain")(chain_cmd)
    app.add_typer(qualify_app, name="qualify")
