"""Back-test of the key-category list against later events, beside two naive baselines.

The method is run on each year's data alone (``run_assessment(year=t)``); its top-n list is
scored against the events of ``events.csv`` (export controls, supply shocks, price spikes per
category and year) that happened after ``t``. Two naive lists are scored the same way: the top
n by import value (customs imports where the category's trade is measured, else IR × apparent
consumption, the imported part of its need) and the top n by import reliance IR (ties by import
value). Definitions (the usual ones of early-warning evaluation, e.g. Kaminsky, Lizondo &
Reinhart 1998, IMF Staff Papers 45(1):1–48, "signals approach"):

* the list *in force* at an event of year e is the latest list of a year t < e (and e − t <=
  ``horizon`` when one is given); an event without such a list is not scored;
* an event on category c is *caught* when c, or a ranked category under c (an event on a family
  or category counts for its grades), is on the list in force;
* **hit rate** = caught events / scored events;
* **lead time** of a caught event = e − t₀, t₀ the first year of the unbroken run of yearly
  lists, ending with the list in force, that all held the category;
* **precision** = share of (list year t, listed category) pairs followed by an event on that
  category in (t, t + horizon], over list years before the last event year in the data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from keyparts.dataset.model import Dataset
from keyparts.errors import InputError

METHODS = ("method", "import_value", "import_reliance")


@dataclass(frozen=True)
class Backtest:
    years: list[int]
    top_n: int
    horizon: int | None
    lists: dict[str, dict[int, list[str]]]   # method -> year -> the top-n list
    events: pd.DataFrame                      # category_id, year, kind, source, scored, <method>_hit, <method>_lead
    summary: dict[str, dict]                  # method -> scored, caught, hit_rate, mean_lead_years, precision

    def to_dict(self) -> dict:
        ev = [{k: (None if isinstance(v, float) and v != v else v.item() if hasattr(v, "item") else v)
               for k, v in r.items()} for r in self.events.to_dict("records")]
        return {"years": self.years, "top_n": self.top_n, "horizon": self.horizon, "summary": self.summary,
                "lists": {m: {str(y): ids for y, ids in v.items()} for m, v in self.lists.items()},
                "events": ev, "method": {
                    "hit": "event's category (or a ranked category under it) on the latest list of a year before it",
                    "lead_time": "event year - first year of the unbroken run of lists holding the category",
                    "precision": "listed (year, category) pairs followed by an event on the category",
                    "baselines": {"import_value": "top n by customs imports, else IR x apparent consumption",
                                  "import_reliance": "top n by IR, ties by import value"},
                    "source": "signals approach, Kaminsky, Lizondo & Reinhart (1998) IMF Staff Papers 45(1):1-48"}}


def score_lists(lists: Mapping[int, Sequence[str]], events: pd.DataFrame, *,
                covers: Mapping[str, set[str]] | None = None, horizon: int | None = None) -> tuple[dict, pd.DataFrame]:
    """Hit rate, lead time and precision of yearly ``lists`` against ``events`` (category_id, year).

    ``covers`` maps an event's category to the ranked categories it stands for (default: itself).
    Returns the summary and, per event, ``scored``, ``hit`` and ``lead`` (years; NaN when missed).
    """
    covers = covers or {}
    years = sorted(lists)
    listed = {y: set(lists[y]) for y in years}
    scored, hit, lead = [], [], []
    for c, e in zip(events["category_id"], events["year"].astype(int)):
        cats = covers.get(c, {c})
        before = [y for y in years if y < e and (horizon is None or e - y <= horizon)]
        if not before:
            scored.append(False), hit.append(False), lead.append(np.nan)
            continue
        t = before[-1]
        ok = bool(cats & listed[t])
        scored.append(True), hit.append(ok)
        if ok:
            i = years.index(t)
            while i > 0 and years[i - 1] == years[i] - 1 and cats & listed[years[i - 1]]:
                i -= 1
            lead.append(float(e - years[i]))
        else:
            lead.append(np.nan)
    last = int(events["year"].max()) if len(events) else None
    pairs = good = 0
    ev_years: dict[str, list[int]] = {}
    for c, e in zip(events["category_id"], events["year"].astype(int)):
        for k in covers.get(c, {c}):
            ev_years.setdefault(k, []).append(e)
    for y in years:
        if last is None or y >= last:
            continue
        for k in listed[y]:
            pairs += 1
            good += any(y < e and (horizon is None or e - y <= horizon) for e in ev_years.get(k, []))
    n_scored, n_hit = int(sum(scored)), int(sum(hit))
    leads = [x for x in lead if x == x]
    summary = {"scored_events": n_scored, "caught": n_hit, "hit_rate": n_hit / n_scored if n_scored else None,
               "mean_lead_years": float(np.mean(leads)) if leads else None,
               "precision": good / pairs if pairs else None, "listed_pairs": pairs}
    return summary, pd.DataFrame({"scored": scored, "hit": hit, "lead": lead}, index=events.index)


def naive_lists(rows: pd.DataFrame, top_n: int) -> dict[str, list[str]]:
    """The two baselines from one year's ranked rows (category_id, import_reliance, imports_usd,
    consumption_usd)."""
    ir = np.nan_to_num(rows["import_reliance"].to_numpy(float))
    imp = np.nan_to_num(rows["imports_usd"].to_numpy(float))
    val = np.where(imp > 0, imp, ir * np.nan_to_num(rows["consumption_usd"].to_numpy(float)))
    ids = rows["category_id"].astype(str).to_numpy()
    by_val = np.lexsort((ids, -val))
    by_ir = np.lexsort((ids, -val, -ir))
    return {"import_value": list(ids[by_val[:top_n]]), "import_reliance": list(ids[by_ir[:top_n]])}


def covers_of(categories: pd.DataFrame, ranked: set[str]) -> dict[str, set[str]]:
    """Each category -> the ranked categories in its subtree (itself when ranked)."""
    kids: dict[str, list[str]] = {}
    for cid, parent in zip(categories["id"], categories["parent_id"]):
        if isinstance(parent, str) and parent:
            kids.setdefault(parent, []).append(cid)
    out: dict[str, set[str]] = {}

    def walk(c: str) -> set[str]:
        if c not in out:
            s = {c} & ranked
            for k in kids.get(c, []):
                s |= walk(k)
            out[c] = s
        return out[c]
    for c in categories["id"]:
        walk(c)
    return out


def backtest(ds: Dataset, *, years: Sequence[int] | None = None, top_n: int = 10,
             horizon: int | None = None) -> Backtest:
    """Run the method on each year's data and score its lists and the baselines against ``events.csv``."""
    from keyparts.priority.assess import build_model, run_assessment
    from keyparts.programme.editions import freeze
    from keyparts.supply.model import for_year

    ev = ds.frames.get("events")
    if ev is None or len(ev) == 0:
        raise InputError("events.csv: no events in the dataset; the back-test needs export controls, supply "
                         "shocks or price spikes per category and year (see docs/data-format.md)")
    if years is None:
        years = sorted({int(y) for y in ds.frames["trade"]["year"]} | {int(y) for y in ds.frames["production"]["year"]})
    lists: dict[str, dict[int, list[str]]] = {m: {} for m in METHODS}
    ranked: set[str] = set()
    model = None
    for y in years:
        # one model, re-dated: only trade and production depend on the year
        model = build_model(ds, int(y)) if model is None else for_year(model, ds.frames, int(y))
        e = freeze(run_assessment(ds, year=int(y), top_n=top_n, n_samples=0, model=model, detail=False), str(y),
                   fingerprint="", published_at="")
        ranked |= set(e.rows["category_id"])
        lists["method"][int(y)] = list(e.listed()["category_id"])
        for m, ids in naive_lists(e.rows, top_n).items():
            lists[m][int(y)] = ids
    covers = covers_of(ds.frames["categories"], ranked)
    events = ev[["category_id", "year", "kind", "source"]].reset_index(drop=True).copy()
    summary = {}
    for m in METHODS:
        summary[m], per = score_lists(lists[m], events, covers=covers, horizon=horizon)
        events["scored"] = per["scored"]
        events[f"{m}_hit"], events[f"{m}_lead"] = per["hit"], per["lead"]
    return Backtest([int(y) for y in years], top_n, horizon, lists, events, summary)
