"""``keyparts challenge``: special projects as challenges (揭榜挂帅): list, check targets, portfolio."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from keyparts.cli.common import DataOpt, DbOpt, JsonOpt, console, load

challenge_app = typer.Typer(help="Challenges (揭榜挂帅): targets checked against qualified domestic parts, "
                                 "effects and the portfolio.", no_args_is_help=True)
IdsOpt = Annotated[list[str] | None, typer.Option("--id", help="Only this challenge (repeat).")]


def _usd(x: float | None) -> str:
    return "–" if x is None else f"{x / 1e6:,.1f} m"


@challenge_app.command("list")
def list_cmd(db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """The challenges of challenges.csv with their status, deadline, budget, bids and TRL/MRL gates.

    Example: keyparts challenge list --data src/keyparts/data/sample
    """
    from keyparts.programme.challenges import challenge_list

    rows = challenge_list(load(db, data))
    if as_json:
        print(json.dumps({"challenges": rows}, ensure_ascii=False, default=str))
        return
    t = Table(title="Challenges", box=box.SIMPLE_HEAD)
    for c in ("id", "category", "target", "deadline", "budget USD", "issuer", "status", "bids", "gates passed",
              "next gate"):
        t.add_column(c)
    for r in rows:
        g = r["next_gate"]
        nxt = "–" if g is None else (f"{g['milestone']} ({g['due']}"
                                     + (f", TRL {g['trl']}" if g.get("trl") else "")
                                     + (f", MRL {g['mrl']}" if g.get("mrl") else "") + ")")
        t.add_row(r["id"], r["category_id"], r["target"], r["deadline"], _usd(r["budget_usd"]), r["issuer"],
                  r["status"], str(len(r["bids"])), f"{r['gates_passed']}/{len(r['milestones'])}", nxt)
    console.print(t)


@challenge_app.command("check")
def check_cmd(ids: IdsOpt = None, db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Each target against the best qualified domestic part's values, with the remaining gap per parameter;
    and the roadmap targets. Exit code 1 when a checked target is not met.

    Example: keyparts challenge check --data src/keyparts/data/sample --id CH-02 --json
    """
    from keyparts.programme.challenges import check_challenges, roadmap_gaps

    ds = load(db, data)
    res = check_challenges(ds, ids=ids)
    rm = roadmap_gaps(ds)
    out = res.to_dict() | {"roadmap": json.loads(rm.to_json(orient="records"))}
    if as_json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        t = Table(title="Challenge targets against qualified domestic parts", box=box.SIMPLE_HEAD)
        for c in ("id", "category", "clause", "met", "best", "gap"):
            t.add_column(c)
        for ch in res.challenges:
            for c in ch["clauses"]:
                best = "–" if c["best"] is None else f"{c['best']:.6g} {c['unit']}" if isinstance(c["best"], float) \
                    else ", ".join(c["best"]) or "–"
                gap = "–" if c["gap"] is None else f"{c['gap']:.6g} {c['unit']}"
                t.add_row(ch["id"], ch["category_id"], c["clause"], "yes" if c["met"] else "no", best, gap)
        console.print(t)
        for w in rm["words"] if len(rm) else []:
            console.print(w, highlight=False)
    if not all(c["met"] for c in res.challenges):
        raise typer.Exit(1)


@challenge_app.command("portfolio")
def portfolio_cmd(ids: IdsOpt = None,
                  year: Annotated[int | None, typer.Option("--year", help="Data year (default: the latest).")] = None,
                  samples: Annotated[int, typer.Option("--samples", help="Monte Carlo samples.")] = 2000,
                  seed: Annotated[int, typer.Option("--seed", help="Seed of the Monte Carlo.")] = 0,
                  db: DbOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Effect of each challenge reaching batch supply at planned capacity (SR, localisation, worst-embargo
    loss) and the portfolio ranked by expected loss reduction per USD of budget (Monte Carlo).

    Example: keyparts challenge portfolio --data src/keyparts/data/sample --json
    """
    from keyparts.programme.challenges import portfolio

    res = portfolio(load(db, data), ids=ids, year=year, n_samples=samples, seed=seed)
    if as_json:
        print(json.dumps(res.to_dict(), ensure_ascii=False))
        return
    t = Table(title=f"Challenge portfolio ({res.year})", box=box.SIMPLE_HEAD)
    for c in ("rank", "id", "category", "budget USD", "SR before → after", "localisation", "expected loss cut",
              "5-95 %", "cut per USD"):
        t.add_column(c, justify="left" if c in ("id", "category") else "right")
    for d in res.challenges:
        b, a = d["before"], d["at_planned_capacity"]
        t.add_row(str(d["portfolio_rank"]), d["id"], d["category_id"], _usd(d["budget_usd"]),
                  f"{b['supply_risk']:.2f} → {a['supply_risk']:.2f}",
                  f"{b['qualified_capacity_share']:.0%} → {a['qualified_capacity_share']:.0%}",
                  _usd(d["expected_loss_reduction_usd"]),
                  f"{_usd(d['loss_reduction_p5_usd'])}–{_usd(d['loss_reduction_p95_usd'])}",
                  f"{d['expected_reduction_per_usd']:.2f}")
    console.print(t)


def register(app: typer.Typer) -> None:
    app.add_typer(challenge_app, name="challenge")
