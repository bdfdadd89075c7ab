"""``keyparts risk``: systemic risk of firms (ESRI) and the protected list of suppliers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from keyparts.cli.common import DataOpt, DbOpt, JsonOpt, console, load
from keyparts.errors import InputError

risk_app = typer.Typer(name="risk", help="Systemic risk of firms in the supply network (ESRI, "
                       "Diem et al. 2022) and protected lists of suppliers.", no_args_is_help=True)

NetworkOpt = Annotated[Path | None, typer.Option("--network", help="A network folder of the "
                                                 "Inoue-Todo format instead of keyparts data.")]


def _network(network_dir: Path | None, db, data):
    """(network, plant network or None) from a folder or from keyparts data."""
    if network_dir is not None:
        from keyparts.dynamics.inoue_todo import read_network

        return read_network(network_dir), None
    from keyparts.dynamics.from_supply import plants_of_dataset

    pn = plants_of_dataset(load(db, data))[1]
    return pn.network, pn


@risk_app.command("esri")
def esri_cmd(db: DbOpt = None, data: DataOpt = None, network_dir: NetworkOpt = None,
             top: Annotated[int, typer.Option("--top", min=1, help="Firms listed.")] = 20,
             by_category: Annotated[bool, typer.Option("--by-category", help="Also the ESRI of "
                                                       "each part category (all its plants fail).")
                                    ] = False,
             second_source: Annotated[str | None, typer.Option(
                 "--second-source", help="Also rank the second sources (firms of the same "
                 "sector taking half of its sales) that lower this firm's ESRI most.")] = None,
             nonessential_weight: Annotated[float | None, typer.Option(
                 "--nonessential-weight", min=0, max=1, help="Output lost when every "
                 "non-essential input is lost (share), the same for every firm; default: each "
                 "firm's non-essential share of its inputs (Diem et al. 2022).")] = None,
             as_json: JsonOpt = False) -> None:
    """Rank firms by the share of the network's output lost when each fails (ESRI).

    Example: keyparts risk esri --top 20 --json
    """
    from keyparts.dynamics.esri import esri

    net, pn = _network(network_dir, db, data)
    res = esri(net, nonessential_weight=nonessential_weight)
    d = res.to_dict(top)
    cat = None
    if by_category:
        if pn is None:
            raise InputError("--by-category: needs keyparts data (--db or --data), not --network")
        import numpy as np

        # plant ids are enterprise|category|country; product lines have no category
        cat_of = np.array([f.split("|")[1] if c >= 0 else "" for f, c in
                           zip(net.firm_ids, pn.category, strict=True)])
        groups = {c: np.flatnonzero(cat_of == c) for c in sorted(set(cat_of) - {""})}
        cat = esri(net, groups=groups, nonessential_weight=nonessential_weight)
        d["categories"] = cat.to_dict(top)["firms"]
    if second_source is not None:
        from keyparts.dynamics.esri import second_source as _second

        ranked = _second(net, second_source, top=top, nonessential_weight=nonessential_weight)
        d["second_source"] = {"firm": second_source, "esri_now": ranked[0][1],
                              "candidates": [{"id": k, "esri_after": v} for k, v in ranked[1:]]}
    if as_json:
        print(json.dumps(d))
        return
    t = Table(title=f"ESRI: share of the network's output lost when the firm fails "
                    f"({net.n_firms} firms)")
    t.add_column("#", justify="right")
    t.add_column("firm")
    t.add_column("ESRI", justify="right")
    for i, (f, e) in enumerate(res.ranked(top), start=1):
        t.add_row(str(i), f, f"{e:.2%}")
    console.print(t)
    if "second_source" in d:
        ss = d["second_source"]
        t2 = Table(title=f"Second sources for {ss['firm']} (ESRI now {ss['esri_now']:.2%})")
        t2.add_column("second source")
        t2.add_column("ESRI after", justify="right")
        for c in ss["candidates"]:
            t2.add_row(c["id"], f"{c['esri_after']:.2%}")
        console.print(t2)


@risk_app.command("whitelist")
def whitelist_cmd(protect: Annotated[str, typer.Option("--protect", help="Lines to keep running: "
                                                       "product ids (keyparts data) or firm ids, "
                                                       "comma-separated, e.g. P1,P2.")],
                  days: Annotated[int, typer.Option("--days", min=1, help="Days they must run at "
                                                    "full output while everything else stops.")],
                  db: DbOpt = None, data: DataOpt = None, network_dir: NetworkOpt = None,
                  method: Annotated[str, typer.Option("--method", help="auto (exact up to 12 "
                                                      "candidate suppliers, else greedy), exact "
                                                      "or greedy.")] = "auto",
                  inventory_days: Annotated[float, typer.Option("--inventory-days", min=0,
                                                                help="Target inventory in days.")
                                            ] = 15.0,
                  as_json: JsonOpt = False) -> None:
    """The smallest set of suppliers that keeps the named lines running for DAYS days.

    Example: keyparts risk whitelist --protect P1,P2 --days 30 --json
    """
    from keyparts.dynamics.whitelist import whitelist

    names = [x.strip() for x in protect.split(",") if x.strip()]
    if not names:
        raise InputError("--protect: give at least one line, e.g. --protect P1,P2")
    net, _ = _network(network_dir, db, data)
    res = whitelist(net, names, days=days, method=method, inventory_days=inventory_days)
    if as_json:
        print(json.dumps(res.to_dict()))
        return
    t = Table(title=f"Protected list for {', '.join(res.protect)} over {days} days "
                    f"({res.method}; {res.candidates} candidates, {res.runs} runs)"
                    + ("" if res.feasible else ": NOT ENOUGH even with every candidate"))
    t.add_column("supplier")
    t.add_column("ESRI", justify="right")
    for s, e in zip(res.suppliers, res.esri, strict=True):
        t.add_row(s, f"{e:.2%}")
    console.print(t)


def register(app: typer.Typer) -> None:
    """Add the ``risk`` command group to the root app."""
    app.add_typer(risk_app, name="risk")
