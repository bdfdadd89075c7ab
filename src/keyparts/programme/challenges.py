"""Special projects as challenges (揭榜挂帅): checkable targets, their remaining gap, their effect.

A challenge's target is written in the search-query language of :mod:`keyparts.match.query`
(``n_lim>=20000rpm; precision in P4,P2``) and checked against the **qualified domestic** parts
of its category (and subcategories): parts of a home-country maker whose catalogue status is
qualified or production, or that an OEM qualified (a qualification case at small_batch or
later). Per clause the best such value is found and the remaining gap is given in the
parameter's canonical unit: for a lower bound ``p>=v`` the gap is v − max p, for an upper bound
max(0, min p − v), for ``=`` or a range the distance from the nearest value to the interval; an
enum or text clause is met or not, with the values the domestic parts have.

Effect: the hypothetical part of the challenge (its category, planned capacity and price, made
by the winner or by a new domestic maker) is added as a batch-supplied (``production``) part and
the assessment is run again: the category's supply risk SR, its qualified capacity share
(localisation) and the worst single-country embargo loss of the whole economy, before and after.
Portfolio: per challenge the loss reduction R(c) is computed at ``GRID`` capacities between the
lowest plausible and the planned capacity and interpolated linearly; Monte Carlo draws success
~ Bernoulli(p) and capacity ~ Uniform(low, planned) (seeded) and gives the expected reduction,
its 5-95 % interval, and the expected reduction per USD of budget, the ranking key (ties,
e.g. where another category binds the products so the loss does not move, by the expected SR
reduction per USD m of budget).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from keyparts.dataset.model import Dataset
from keyparts.errors import InputError
from keyparts.match.index import PartIndex, build_index
from keyparts.match.query import Clause, clause_problem, parse_query
from keyparts.match.search import clause_mask
from keyparts.supply.model import QUALIFIED

DEFAULT_SUCCESS = 0.5      # success probability when challenges.csv leaves it empty (judgement)
DEFAULT_LOW_SHARE = 0.5    # lowest plausible capacity as a share of the planned one (judgement)
GRID = 4                   # capacities at which the counterfactual is computed (interpolated between)
CHALLENGE_MAKER = "CHALLENGE-MAKER"


def qualified_domestic(ds: Dataset, index: PartIndex, category: str) -> np.ndarray:
    """Rows of ``index``: parts in ``category``'s subtree made in the home country and qualified
    (catalogue status qualified/production, or a qualification case at small_batch or later)."""
    from keyparts.qualify.cases import qualified_for

    parts = ds.frames["parts"].set_index("id")
    country = dict(zip(ds.frames["enterprises"]["id"], ds.frames["enterprises"]["country"]))
    pid = index.part_id
    status = parts["status"].reindex(pid).astype(str).to_numpy()
    maker = parts["maker_id"].reindex(pid).to_numpy(object)
    by_case = set(qualified_for(ds.frames)["part_id"])
    ok = (np.isin(status, QUALIFIED) | np.isin(pid, list(by_case)))
    ok &= np.array([country.get(m) == ds.home_country for m in maker], dtype=bool)
    cm = index.category_mask(category)
    return np.flatnonzero(ok & cm)


def _fmt(v: float, unit: str) -> str:
    return f"{v:.6g} {unit}".strip()


def clause_gap(index: PartIndex, rows: np.ndarray, clause: Clause) -> dict:
    """The best value of ``rows`` for ``clause`` and the remaining gap (see the module doc)."""
    name = clause.parameter
    num, txt = index.numeric.get(name), index.text.get(name)
    if num is None and txt is None:
        raise InputError(f"clause {clause.text!r}: unknown parameter {name!r}, expected one of: "
                         f"{', '.join(index.parameters)}")
    out = {"clause": clause.text, "parameter": name, "met": False, "best": None, "best_part": None,
           "gap": None, "unit": index.units.get(name, "")}
    if num is not None and (clause.is_numeric or txt is None):
        problem = clause_problem(clause, "number", out["unit"])
        if problem:
            raise InputError(problem)
        lo, hi, lo_inc, hi_inc = clause.numeric_bounds(out["unit"])
        v = num[rows]
        have = np.isfinite(v)
        if not have.any():
            out["words"] = f"{name}: no qualified domestic part has a value"
            return out
        v, r = v[have], rows[have]
        if clause.op == "!=":
            ok = clause_mask(index, clause)[r]
            j = int(np.argmax(ok)) if ok.any() else 0
            out.update(met=bool(ok.any()), best=float(v[j]), best_part=str(index.part_id[r[j]]), gap=0.0 if ok.any() else None)
        else:
            dist = np.maximum.reduce([lo - v, v - hi, np.zeros_like(v)])
            j = int(np.argmin(dist)) if np.isfinite(lo) and np.isfinite(hi) else int(np.argmax(v) if np.isfinite(lo) else np.argmin(v))
            best = float(v[j])
            met = (best > lo or (lo_inc and best >= lo)) and (best < hi or (hi_inc and best <= hi))
            out.update(met=bool(met), best=best, best_part=str(index.part_id[r[j]]), gap=0.0 if met else float(dist[j]))
        u = out["unit"]
        out["words"] = (f"{name}: met by {out['best_part']} ({_fmt(out['best'], u)})" if out["met"] else
                        f"{name}: best qualified domestic {_fmt(out['best'], u)} ({out['best_part']}), "
                        f"gap {_fmt(out['gap'], u)}" if out["gap"] is not None else f"{name}: not met")
        return out
    ok = clause_mask(index, clause)[rows]
    labels = sorted({str(txt.labels[c]) for c in txt.codes[rows] if c >= 0})
    out.update(met=bool(ok.any()), best=labels, best_part=str(index.part_id[rows[np.argmax(ok)]]) if ok.any() else None)
    out["words"] = (f"{name}: met by {out['best_part']}" if out["met"] else
                    f"{name}: qualified domestic parts have {', '.join(labels) or 'no value'}, needs {clause.text}")
    return out


def check_target(ds: Dataset, category: str, target: str, *, index: PartIndex | None = None) -> dict:
    """Each clause of ``target`` against the qualified domestic parts of ``category``."""
    index = index or build_index(ds)
    rows = qualified_domestic(ds, index, category)
    clauses = [clause_gap(index, rows, c) for c in parse_query(target)]
    return {"category_id": category, "target": target, "qualified_domestic_parts": int(len(rows)),
            "met": all(c["met"] for c in clauses), "clauses": clauses}


# ----------------------------------------------------------------------------- roadmap

_OP = re.compile(r"^\s*(>=|<=|!=|==|=|>|<|~|in\s|not\s+in\s)", re.IGNORECASE)


def roadmap_clause(parameter: str, value: str) -> str:
    """A roadmap value as a query clause: an operator kept (``>=30000h``), a list is ``in``
    (``P4,P2``), a bare value is a lower bound (``30000h`` → ``>=30000h``)."""
    v = str(value).strip()
    if _OP.match(v):
        return f"{parameter}{v}" if v[0] in "<>=!~" else f"{parameter} {v}"
    if "," in v or not re.match(r"^[+-]?[\d.]", v):
        return f"{parameter} in {v}"
    return f"{parameter}>={v}"


def roadmap_gaps(ds: Dataset, *, year: int | None = None) -> pd.DataFrame:
    """Per roadmap row (of ``year``, or every year): the best qualified domestic value and the gap."""
    rm = ds.frames.get("roadmap")
    cols = ["category_id", "parameter", "year", "clause", "met", "best", "best_part", "gap", "unit", "words"]
    if rm is None or len(rm) == 0:
        return pd.DataFrame(columns=cols)
    index = build_index(ds)
    out = []
    for i, r in enumerate(rm.itertuples(index=False)):
        if year is not None and int(r.year) != year:
            continue
        try:
            (cl,) = parse_query(roadmap_clause(r.parameter, r.value))
            rows = qualified_domestic(ds, index, r.category_id)
            g = clause_gap(index, rows, cl)
        except InputError as exc:
            raise InputError(f"roadmap.csv:{i + 2}:value: {exc}") from None
        out.append({"category_id": r.category_id, "parameter": r.parameter, "year": int(r.year), **g,
                    "words": f"roadmap {int(r.year)} {g['clause']}: " + g["words"]})
    return pd.DataFrame(out, columns=cols) if out else pd.DataFrame(columns=cols)


def roadmap_notes(ds: Dataset, *, year: int) -> dict[str, list[str]]:
    """Sentences per category (and each of its subcategories) on the roadmap targets not yet met
    by qualified domestic parts: the targets of the first roadmap year >= ``year`` per
    (category, parameter), else of its last year."""
    rm = ds.frames.get("roadmap")
    if rm is None or len(rm) == 0:
        return {}
    yrs = rm.groupby(["category_id", "parameter"])["year"].agg(list)
    keep = {(c, p): (min([y for y in ys if y >= year], default=max(ys))) for (c, p), ys in yrs.items()}
    g = pd.concat([roadmap_gaps(ds, year=y) for y in sorted(set(keep.values()))], ignore_index=True)
    g = g[[keep.get((c, p)) == y for c, p, y in zip(g["category_id"], g["parameter"], g["year"])]]
    from keyparts.programme.backtest import covers_of

    cats = ds.frames["categories"]
    cover = covers_of(cats, set(cats["id"]))
    notes: dict[str, list[str]] = {}
    for r in g.itertuples(index=False):
        if r.met:
            continue
        for c in cover.get(r.category_id, {r.category_id}):
            notes.setdefault(c, []).append(r.words)
    return notes


# ----------------------------------------------------------------------------- effect and portfolio

def _challenges(ds: Dataset, ids: list[str] | None = None) -> pd.DataFrame:
    ch = ds.frames.get("challenges")
    if ch is None or len(ch) == 0:
        raise InputError("challenges.csv: no challenges in the dataset (id, category_id, target, deadline, "
                         "budget_usd, issuer, status, planned_capacity; see docs/data-format.md)")
    if ids:
        missing = [i for i in ids if i not in set(ch["id"])]
        if missing:
            raise InputError(f"challenge {missing[0]!r} not found, expected one of: {', '.join(ch['id'])}")
        ch = ch[ch["id"].isin(ids)]
    return ch.reset_index(drop=True)


def _records(df: pd.DataFrame) -> list[dict]:
    return [{k: (None if v is None or (isinstance(v, float) and v != v) else v.item() if hasattr(v, "item") else v)
             for k, v in r.items()} for r in df.to_dict("records")]


def challenge_list(ds: Dataset) -> list[dict]:
    """The challenges with their bids (lead, consortium, status) and milestones (TRL/MRL gates,
    in due order), the gates passed and the next gate still planned."""
    ch = _challenges(ds)
    bids = ds.frames.get("challenge_bids")
    ms = ds.frames.get("challenge_milestones")
    out = []
    for r in _records(ch):
        r["deadline"] = str(r["deadline"])[:10]
        b = [] if bids is None else _records(bids[bids["challenge_id"] == r["id"]].drop(columns="challenge_id"))
        m = [] if ms is None else _records(ms[ms["challenge_id"] == r["id"]].drop(columns="challenge_id")
                                           .sort_values("due"))
        for x in m:
            x["due"] = str(x["due"])[:10]
            x["decided"] = None if x.get("decided") is None else str(x["decided"])[:10]
        for x in b:
            c = x.get("consortium")
            x["consortium"] = [] if not c else list(c) if isinstance(c, list) else [p for p in str(c).split(";") if p]
        planned = [x for x in m if x["status"] == "planned"]
        r.update(bids=b, milestones=m, gates_passed=sum(x["status"] == "passed" for x in m),
                 next_gate=planned[0] if planned else None)
        out.append(r)
    return out


def _with_part(ds: Dataset, r, capacity: float, price: float) -> Dataset:
    f = dict(ds.frames)
    maker = r.winner_id if isinstance(getattr(r, "winner_id", None), str) and r.winner_id else CHALLENGE_MAKER
    if maker == CHALLENGE_MAKER:
        f["enterprises"] = pd.concat([f["enterprises"], pd.DataFrame([{
            "id": CHALLENGE_MAKER, "name": "challenge winner", "kind": "parts_maker",
            "country": ds.home_country}])], ignore_index=True)
    f["parts"] = pd.concat([f["parts"], pd.DataFrame([{
        "id": f"CHALLENGE:{r.id}", "maker_id": maker, "category_id": r.category_id, "designation": r.id,
        "status": "production", "unit_price_usd": price, "annual_capacity": capacity}])], ignore_index=True)
    return Dataset(ds.meta, f)


def _state(a, category: str) -> dict:
    row = a.table.loc[category]
    return {"supply_risk": float(row["supply_risk"]),
            "qualified_capacity_share": float(min(1.0, row["domestic_coverage"])),
            "category_embargo_loss_usd": float(row["worst_embargo_loss_usd"]),
            "worst_embargo_loss_usd": float(max(a.embargo_losses.values(), default=0.0)),
            "rank": None if pd.isna(row["rank"]) else int(row["rank"])}


@dataclass(frozen=True)
class ChallengeReport:
    year: int | None
    challenges: list[dict]
    method: dict

    def to_dict(self) -> dict:
        return {"year": self.year, "challenges": self.challenges, "method": self.method}


def _num(r, name: str, default: float) -> float:
    """An optional number of a challenges.csv row (absent column or empty cell: ``default``)."""
    v = getattr(r, name, None)
    return default if v is None or v != v else float(v)


def _price(ds: Dataset, r) -> float:
    p = _num(r, "unit_price_usd", float("nan"))
    if p == p:
        return p
    parts = ds.frames["parts"]
    vals = parts.loc[parts["category_id"] == r.category_id, "unit_price_usd"].dropna()
    if len(vals) == 0:
        raise InputError(f"challenges.csv: challenge {r.id}: unit_price_usd is empty and category "
                         f"{r.category_id} has no part with a price to take the median of")
    return float(vals.median())


def check_challenges(ds: Dataset, *, ids: list[str] | None = None) -> ChallengeReport:
    """Each challenge's target against the best qualified domestic values, with the gap per clause."""
    index = build_index(ds)
    out = []
    for i, r in enumerate(_challenges(ds, ids).itertuples(index=False)):
        try:
            chk = check_target(ds, r.category_id, r.target, index=index)
        except InputError as exc:
            raise InputError(f"challenges.csv: challenge {r.id}: target: {exc}") from None
        out.append({"id": r.id, "category_id": r.category_id, "issuer": r.issuer, "status": r.status,
                    "deadline": str(r.deadline)[:10], "budget_usd": float(r.budget_usd), **chk})
    return ChallengeReport(None, out, {"qualified": "home-country maker; status qualified/production or "
                                                    "a qualification case at small_batch or later"})


def portfolio(ds: Dataset, *, ids: list[str] | None = None, year: int | None = None, n_samples: int = 2000,
              seed: int = 0, grid: int = GRID) -> ChallengeReport:
    """Counterfactual effect of each challenge at planned capacity and the portfolio ranking by
    expected worst-embargo loss reduction per USD of budget (Monte Carlo, seeded)."""
    from keyparts.priority.assess import run_assessment

    ch = _challenges(ds, ids)
    index = build_index(ds)
    base = run_assessment(ds, year=year, n_samples=0, detail=False)
    rng = np.random.default_rng(seed)
    out = []
    for r in ch.itertuples(index=False):
        if r.category_id not in base.table.index:
            raise InputError(f"challenges.csv: challenge {r.id}: category {r.category_id} is not in the assessment")
        price = _price(ds, r)
        planned = float(r.planned_capacity)
        low = min(_num(r, "capacity_low", DEFAULT_LOW_SHARE * planned), planned)
        p = _num(r, "success_probability", DEFAULT_SUCCESS)
        before = _state(base, r.category_id)
        caps = np.unique(np.linspace(low, planned, grid)) if planned > low else np.array([planned])
        red = []
        after = None
        for c in caps:
            a = run_assessment(_with_part(ds, r, float(c), price), year=base.year, n_samples=0, detail=False)
            s = _state(a, r.category_id)
            red.append(before["worst_embargo_loss_usd"] - s["worst_embargo_loss_usd"])
            after = s   # the last one is at planned capacity
        red = np.asarray(red)
        ok = rng.random(n_samples) < p
        cap = rng.uniform(low, planned, n_samples) if planned > low else np.full(n_samples, planned)
        sample = np.where(ok, np.interp(cap, caps, red), 0.0)
        exp = float(sample.mean())
        try:
            gap = check_target(ds, r.category_id, r.target, index=index)
        except InputError as exc:
            raise InputError(f"challenges.csv: challenge {r.id}: target: {exc}") from None
        out.append({"id": r.id, "category_id": r.category_id, "budget_usd": float(r.budget_usd),
                    "planned_capacity": planned, "capacity_low": low, "unit_price_usd": price,
                    "success_probability": p, "before": before, "at_planned_capacity": after,
                    "loss_reduction_at_planned_usd": float(red[-1]),
                    "expected_loss_reduction_usd": exp,
                    "loss_reduction_p5_usd": float(np.percentile(sample, 5)),
                    "loss_reduction_p95_usd": float(np.percentile(sample, 95)),
                    "expected_reduction_per_usd": exp / float(r.budget_usd),
                    "supply_risk_reduction_per_usd_m": p * (before["supply_risk"] - after["supply_risk"])
                    / (float(r.budget_usd) / 1e6),
                    "target_met": gap["met"], "gaps": [c["words"] for c in gap["clauses"] if not c["met"]]})
    out.sort(key=lambda d: (-d["expected_reduction_per_usd"], -d["supply_risk_reduction_per_usd_m"], d["id"]))
    for k, d in enumerate(out, 1):
        d["portfolio_rank"] = k
    method = {"effect": "assessment re-run with the challenge's part added as a domestic production part "
                        "at the given capacity and price",
              "loss": "worst single-country embargo loss of all end products (USD)",
              "ranking": "expected loss reduction per USD of budget; ties by expected SR reduction "
                         "(success probability x SR change at planned capacity) per USD m",
              "monte_carlo": {"n_samples": n_samples, "seed": seed, "success": "Bernoulli(success_probability)",
                              "capacity": "Uniform(capacity_low, planned_capacity)",
                              "interpolation": f"linear between {grid} computed capacities"},
              "defaults": {"success_probability": DEFAULT_SUCCESS, "capacity_low": f"{DEFAULT_LOW_SHARE} x planned"}}
    return ChallengeReport(base.year, out, method)
