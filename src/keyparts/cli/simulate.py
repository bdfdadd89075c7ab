"""``keyparts simulate``: daily propagation of a shock through a firm network."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from keyparts.arrays import unique
from keyparts.cli.common import DataOpt, DbOpt, JsonOpt, load
from keyparts.errors import InputError

console = Console()
simulate_app = typer.Typer(name="simulate", help="Daily firm-level propagation of production "
                           "shocks (Inoue & Todo 2019).", no_args_is_help=True)

RATIONING_HELP = ("proportional (Hallegatte 2008), priority (final demand last, smaller order "
                  "ratio first, exact), or compat-R0..compat-R3 (the reference simulator's -R).")


@simulate_app.command("run")
def run_cmd(
    network_dir: Annotated[Path | None, typer.Option("--network", help="Network folder (aTableLine.txt, "
                                                     "cVector.txt, piniVector.txt, firmAffiliation.txt"
                                                     "), with --format inoue-todo.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="inoue-todo (a network folder) or keyparts (a "
                                     "plant network built from --db/--data: sourcing, BOM, "
                                     "production).")] = "inoue-todo",
    db: DbOpt = None, data: DataOpt = None,
    embargo: Annotated[str | None, typer.Option("--embargo", help="With --format keyparts: "
                                                "embargoed origin countries, e.g. JP,DE.")] = None,
    supplier: Annotated[list[str] | None, typer.Option("--supplier", help="With --format keyparts: "
                                                       "failed enterprise id (repeat or comma-"
                                                       "separate).")] = None,
    duration: Annotated[float, typer.Option("--duration", min=1, help="With --embargo/--supplier: "
                                            "days until the hit plants run again.")] = 30.0,
    substitute: Annotated[bool, typer.Option("--substitution", help="With --format keyparts: buyers "
                                             "move unmet demand to interchangeable or qualified "
                                             "parts after the time to qualify, within spare "
                                             "capacity.")] = False,
    ramp_up_days: Annotated[float, typer.Option("--ramp-up-days", min=0, help="With --substitution: "
                                                "days for a substitute's spare capacity to ramp "
                                                "up linearly.")] = 60.0,
    days: Annotated[int, typer.Option("--days", min=0, help="Days to simulate from the shock (-t).")
                    ] = 60,
    rationing: Annotated[str, typer.Option("--rationing", help=RATIONING_HELP)] = "proportional",
    delta: Annotated[Path | None, typer.Option("--delta", help="Shock file: firm delta [start_day] "
                                               "per line (-d).")] = None,
    tau: Annotated[float, typer.Option("--tau", help="Inventory adjustment time in days (-T).")] = 6.0,
    inventory_days: Annotated[float, typer.Option("--inventory-days", help="Target inventory in days "
                                                  "of use (-i).")] = 15.0,
    min_inventory: Annotated[int | None, typer.Option("--min-inventory", min=0, help="Draw each "
                                                      "firm's target inventory from a Poisson law "
                                                      "of mean --inventory-days, at least this many "
                                                      "days (-D 2 -e; seeded by --seed).")] = None,
    poisson_initial: Annotated[bool, typer.Option("--poisson-initial-inventory", help="Start each "
                                                  "firm's inventory at a Poisson draw of mean "
                                                  "--inventory-days days, the target staying "
                                                  "--inventory-days (-D 1; seeded by --seed).")
                               ] = False,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the Poisson draws (-r).")] = 331,
    draws: Annotated[str, typer.Option("--draws", help="Generator of --min-inventory: numpy, or "
                                       "reference (the reference simulator's own draws, built "
                                       "with GCC; means below 12 days).")] = "numpy",
    daily_final_demand: Annotated[str | None, typer.Option("--daily-final-demand", help="BASE:DAY:"
                                                           "DAY...: final demand of those days from "
                                                           "BASE<day>.txt in the network folder (-M).")
                                  ] = None,
    order: Annotated[str, typer.Option("--order", help="normal, keep-initial or no-negative (-o 0/1/2).")
                     ] = "normal",
    recovery: Annotated[str | None, typer.Option("--recovery", help="proportional: capacity returns "
                                                 "linearly (-b 0); uniform (-b 1), immediate (-b 2), "
                                                 "exponential (-b 4), damped-renewal (-b 5).")] = None,
    recovery_days: Annotated[int | None, typer.Option("--recovery-days", min=1, help="Days to full "
                                                      "capacity with --recovery (-c).")] = None,
    recovery_delay: Annotated[int, typer.Option("--recovery-delay", min=0, help="Days after the "
                                                "shock before recovery starts (-S).")] = 0,
    snapshots: Annotated[str | None, typer.Option("--firm-snapshots", help="Days whose production "
                                                  "per firm is printed, e.g. 0,10,30 (-p).")] = None,
    value_added_by: Annotated[str | None, typer.Option("--value-added-by", help="Daily value added "
                                                       "per group, e.g. firm,sector (inoue-todo) "
                                                       "or product,category,industry,region,firm "
                                                       "(keyparts; default all but firm).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Run the daily model on a network and print total production and final consumption.

    Example: keyparts simulate run --network net/ --delta net/delta.txt --days 60 --rationing priority --recovery proportional --recovery-days 30
    """
    from keyparts.dynamics import poisson_inventory_days, simulate
    from keyparts.dynamics.inoue_todo import read_daily_final_demand, read_delta, read_network

    if fmt not in ("inoue-todo", "keyparts"):
        raise InputError(f"--format: {fmt!r} is unknown (expected inoue-todo or keyparts)")
    try:
        snap = tuple(int(x) for x in snapshots.split(",") if x.strip()) if snapshots else ()
    except ValueError:
        raise InputError(f"--firm-snapshots: {snapshots!r} is not a list of days, e.g. 0,10,30"
                         ) from None
    dims = tuple(x.strip() for x in value_added_by.split(",") if x.strip()) if value_added_by \
        else None
    if fmt == "keyparts":
        emb = tuple(x.strip() for x in (embargo or "").split(",") if x.strip())
        sup = tuple(x.strip() for s in (supplier or []) for x in s.split(",") if x.strip())
        from keyparts.dynamics.from_supply import plants_of_dataset
        ds = load(db, data)
        model, pn = plants_of_dataset(ds)
        sub_kw = {}
        if substitute:
            pn, sub_kw["substitution"] = plants_with_substitutes(ds, model, pn,
                                                                 ramp_days=ramp_up_days)
        sub_kw["value_added_by"] = _va_labels(pn, dims or ("product", "category", "industry",
                                                           "region"), "keyparts")
        if emb or sup:
            from keyparts.dynamics.from_supply import run_dynamic_scenario
            from keyparts.supply.scenario import Scenario
            dyn = run_dynamic_scenario(pn, Scenario(embargo=emb, failed_suppliers=sup,
                                                    duration_days=duration,
                                                    inventory_days=inventory_days),
                                       days=days, rationing=rationing, tau=tau, order=order,
                                       **sub_kw)
            _print_dynamic(dyn, as_json)
            return
        net = pn.network
    else:
        if network_dir is None:
            raise InputError("--network: a network folder is needed with --format inoue-todo")
        net = read_network(network_dir)
        sub_kw = {"value_added_by": _va_labels(net, dims, "inoue-todo")} if dims else {}
    d, s = read_delta(delta, net) if delta is not None else (None, None)
    if min_inventory is not None and poisson_initial:
        raise InputError("--min-inventory and --poisson-initial-inventory: choose one (-D 2 or -D 1)")
    inv = inventory_days if min_inventory is None else poisson_inventory_days(
        net.n_firms, inventory_days, minimum=min_inventory, seed=seed, generator=draws)
    ini = poisson_inventory_days(net.n_firms, inventory_days, minimum=None, seed=seed,
                                 generator=draws) if poisson_initial else None
    daily = read_daily_final_demand(daily_final_demand, net, network_dir) if daily_final_demand \
        else None
    res = simulate(net, days=days, delta=d, shock_day=s, rationing=rationing, tau=tau,
                   inventory_days=inv, order=order, recovery=recovery,
                   recovery_days=recovery_days, recovery_delay_days=recovery_delay,
                   firm_snapshots=snap, final_demand_by_day=daily, initial_inventory_days=ini,
                   value_added_by=sub_kw.get("value_added_by"))
    if as_json:
        print(json.dumps(res.to_dict()))
        return
    t = Table(title=f"{res.n_firms} firms, {res.n_links} links, {res.n_shocked} shocked | "
                    f"rationing {res.rationing}")
    for col in ("day", "production", "% of pre-shock", "final consumption", "% of pre-shock"):
        t.add_column(col, justify="right")
    bp, bc = res.baseline_production, res.baseline_final_consumption
    for day, p, c in zip(res.days, res.production, res.final_consumption, strict=True):
        t.add_row(str(day), f"{p:,.6g}", f"{100 * p / bp:.2f}" if bp else "–",
                  f"{c:,.6g}", f"{100 * c / bc:.2f}" if bc else "–")
    console.print(t)
    for day, values in res.firm_production.items():
        ts = Table(title=f"production per firm on day {day}")
        ts.add_column("firm")
        ts.add_column("production", justify="right")
        for firm, v in zip(res.firm_ids, values, strict=True):
            ts.add_row(firm, f"{v:,.6g}")
        console.print(ts)
    console.print(f"production lost over {days} days: {res.production_loss:,.6g} "
                  f"({100 * res.production_loss / (bp * max(days, 1)):.2f} % of {days} pre-shock days)"
                  if bp else "", highlight=False)


@simulate_app.command("ensemble")
def ensemble_cmd(
    network_dir: Annotated[Path | None, typer.Option("--network", help="Network folder with "
                                                     "--format inoue-todo.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="inoue-todo or keyparts (--db/--data).")
                   ] = "inoue-todo",
    db: DbOpt = None, data: DataOpt = None,
    members: Annotated[int, typer.Option("--members", min=1, help="Members of the ensemble.")] = 100,
    workers: Annotated[int, typer.Option("--workers", min=0, help="Dask worker processes of a "
                                         "local cluster (0: no Dask, in this process).")] = 2,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Address of an existing "
                                                  "Dask scheduler, e.g. tcp://HOST:8786, instead "
                                                  "of a local cluster.")] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder of the Parquet results (a rerun "
                                      "computes only the members missing there).")
                   ] = Path("ensemble-results"),
    days: Annotated[int, typer.Option("--days", min=1, help="Days simulated per member.")] = 60,
    seed: Annotated[int, typer.Option("--seed", help="Seed; member m draws from (seed, m).")] = 0,
    fail_probability: Annotated[float, typer.Option("--fail-probability", min=0, max=1,
                                                    help="Probability that each firm (or "
                                                    "group, --fail-by) fails; at least one does.")
                                ] = 0.01,
    fail_by: Annotated[str, typer.Option("--fail-by", help="firm, or with --format keyparts "
                                         "country or enterprise: what fails together.")] = "firm",
    delta_min: Annotated[float, typer.Option("--delta-min", min=0, max=1, help="Smallest share "
                                             "of capacity lost.")] = 0.2,
    delta_max: Annotated[float, typer.Option("--delta-max", min=0, max=1, help="Largest share "
                                             "of capacity lost.")] = 1.0,
    duration_min: Annotated[int, typer.Option("--duration-min", min=1, help="Fewest days down "
                                              "before recovery starts.")] = 1,
    duration_max: Annotated[int, typer.Option("--duration-max", min=1, help="Most days down "
                                              "before recovery starts.")] = 30,
    recovery_days: Annotated[int, typer.Option("--recovery-days", min=1, help="Days of "
                                               "proportional recovery after that.")] = 30,
    rationing: Annotated[str, typer.Option("--rationing", help=RATIONING_HELP)] = "proportional",
    plot: Annotated[Path | None, typer.Option("--plot", help="Save the exceedance curves as PNG "
                                              "here.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Monte Carlo ensemble of shocks on Dask: loss distributions and exceedance probabilities.

    Example: keyparts simulate ensemble --network net/ --members 200 --workers 2 --out runs/ --plot loss.png
    """
    import numpy as np
    from rich.progress import Progress

    from keyparts.distributed import plot_exceedance, run_ensemble
    from keyparts.dynamics.ensemble import EnsembleSpec

    spec = EnsembleSpec(members=members, seed=seed, days=days, fail_probability=fail_probability,
                        delta_min=delta_min, delta_max=delta_max, duration_min=duration_min,
                        duration_max=duration_max, recovery_days=recovery_days,
                        rationing=rationing)
    groups = tracked = names = None
    if fmt == "keyparts":
        pn = _plant_network(db, data)
        net = pn.network
        tracked = pn.product_rows
        names = {int(r): pid for r, pid in zip(tracked, pn.product_ids, strict=True)}
        if fail_by in ("country", "enterprise"):
            key = pn.origin if fail_by == "country" else pn.enterprise
            keep = pn.product < 0          # product lines do not fail with their country
            groups = tuple(np.flatnonzero(keep & (key == k)) for k in unique(key[keep]))
        elif fail_by != "firm":
            raise InputError(f"--fail-by: {fail_by!r} (expected firm, country or enterprise)")
    elif fmt == "inoue-todo":
        if network_dir is None:
            raise InputError("--network: a network folder is needed with --format inoue-todo")
        if fail_by != "firm":
            raise InputError("--fail-by: only firm with --format inoue-todo")
        from keyparts.dynamics.inoue_todo import read_network
        net = read_network(network_dir)
    else:
        raise InputError(f"--format: {fmt!r} is unknown (expected inoue-todo or keyparts)")
    with Progress(console=console, transient=True, disable=as_json) as bar:
        task = bar.add_task("members", total=None)
        run = run_ensemble(net, spec, out, workers=workers, scheduler=scheduler, groups=groups,
                           tracked=tracked, names=names,
                           progress=lambda d, t: bar.update(task, completed=d, total=t))
    if plot is not None:
        plot_exceedance(run, plot)
    d = run.to_dict() | {"out": str(out), "plot": str(plot) if plot else None}
    if as_json:
        print(json.dumps(d))
        return
    t = Table(title=f"{len(run.results)} members ({run.computed} computed, "
                    f"{len(run.results) - run.computed} reused) on {run.scheduler}, "
                    f"{run.seconds:.1f} s wall, {run.cpu_seconds_tasks:.1f} s CPU in members | "
                    f"loss as share of {days} pre-shock days")
    for col in ("", "mean", "p50", "p90", "p99", "P(>1%)", "P(>10%)", "P(>50%)"):
        t.add_column(col, justify="right")
    for dist in run.distributions:
        q, e = dist.quantiles, dist.exceedance
        t.add_row(dist.name, f"{dist.mean:.2%}", f"{q['p50']:.2%}", f"{q['p90']:.2%}",
                  f"{q['p99']:.2%}", f"{e['0.01']:.0%}", f"{e['0.1']:.0%}", f"{e['0.5']:.0%}")
    console.print(t)
    console.print(f"results: {out}" + (f"; plot: {plot}" if plot else ""), highlight=False)


def _plant_network(db, data):
    from keyparts.dynamics.from_supply import plants_of_dataset

    return plants_of_dataset(load(db, data))[1]


SUBSTITUTE_GRADES = ("identical", "drop-in upgrade")


def plants_with_substitutes(ds, m, pn, *, ramp_days: float):
    """The plant network with its substitution options from the dataset: parts graded identical
    or drop-in upgrade by the interchange look-up (keyparts.match), parts qualified for a buyer
    (qualification cases at small_batch or later) and the Kaplan–Meier time to qualify per
    category (keyparts.qualify)."""
    import pandas as pd

    from keyparts.dynamics.from_supply import qualify_days_by_category, substitution_options
    from keyparts.errors import KeypartsError
    from keyparts.qualify.stages import is_qualified

    f = ds.frames
    parts = f["parts"]
    pairs = []
    try:
        from keyparts.match.index import build_index
        from keyparts.match.interchange import InterchangeIndex

        idx = InterchangeIndex.build(build_index(ds))
        bought = {str(m.graph.ids[n]) for n in pn.input_node}
        for pid in sorted(bought & set(parts["id"].astype(str))):
            try:
                res = idx.for_part(pid)
            except KeypartsError:
                continue
            pairs += [(pid, c["part_id"]) for c in res.candidates if c["grade"] in SUBSTITUTE_GRADES]
    except KeypartsError:
        pass
    cases = f.get("qualification_cases")
    qf = (cases[cases["stage"].map(is_qualified).astype(bool)].rename(
        columns={"oem_id": "buyer_id"})[["part_id", "buyer_id"]] if cases is not None and len(cases)
        else None)
    return substitution_options(
        pn, m, parts, interchangeable=pd.DataFrame(pairs, columns=["part_id", "substitute_id"]),
        qualified_for=qf, qualify_days=qualify_days_by_category(parts, cases,
                                                                f.get("qualification_events")),
        ramp_days=ramp_days)


def _va_labels(net_or_pn, dims, fmt: str) -> dict:
    """``--value-added-by``: labels per firm of each named dimension."""
    if fmt == "keyparts":
        from keyparts.dynamics.from_supply import value_added_labels

        known = value_added_labels(net_or_pn) | {"firm": list(net_or_pn.network.firm_ids)}
    else:
        known = {"firm": list(net_or_pn.firm_ids),
                 "sector": [str(x) for x in net_or_pn.sector.tolist()]}
    bad = [d for d in dims if d not in known]
    if bad:
        raise InputError(f"--value-added-by: {bad[0]!r} is unknown with --format {fmt} "
                         f"(expected some of {', '.join(known)})")
    return {d: known[d] for d in dims}


def _print_dynamic(dyn, as_json: bool) -> None:
    """A dynamic scenario: per product line its lowest daily output and the value lost."""
    if as_json:
        print(json.dumps(dyn.to_dict()))
        return
    sc = dyn.scenario
    t = Table(title=f"Embargo {','.join(sc.embargo) or '–'}; failed "
                    f"{','.join(sc.failed_suppliers) or '–'}; {sc.duration_days:g} days, day by day "
                    f"over {len(dyn.days)} days: lost USD {dyn.total_lost_value_usd / 1e6:,.2f} m")
    for c in ("product", "lowest output", "first day short", "full again from day",
              "lost (USD m)"):
        t.add_column(c, justify="right")
    for pid, f, lost, tts, ttr in zip(dyn.product_ids, dyn.output_fraction, dyn.lost_value_usd,
                                      dyn.time_to_survive_days, dyn.time_to_recover_days,
                                      strict=True):
        t.add_row(pid, f"{min(f, default=1.0):.0%}", "–" if tts is None else str(tts),
                  "not in the run" if ttr is None else ("–" if tts is None else str(ttr)),
                  f"{lost / 1e6:,.2f}")
    console.print(t)
    ti = Table(title="Industries")
    ti.add_column("industry")
    ti.add_column("lost (USD m)", justify="right")
    for ind, lost in (dyn.industry_lost_value_usd or {}).items():
        ti.add_row(ind, f"{lost / 1e6:,.2f}")
    console.print(ti)
    lost_va = dyn.simulation.value_added_lost() if dyn.simulation.value_added_by else {}
    for dim in ("region", "industry"):
        if lost_va.get(dim):
            tv = Table(title=f"Value added lost per {dim} (output less intermediate inputs used)")
            tv.add_column(dim)
            tv.add_column("lost (USD m)", justify="right")
            for k, v in sorted(lost_va[dim].items(), key=lambda kv: (-kv[1], kv[0])):
                tv.add_row(k, f"{v / 1e6:,.2f}")
            console.print(tv)


def register(app: typer.Typer) -> None:
    """Add the ``simulate`` command group to the root app."""
    app.add_typer(simulate_app, name="simulate")
