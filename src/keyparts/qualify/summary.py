"""Qualification in aggregate, per category: cases by stage, substitutes qualified and for how
many OEMs, time to qualify (Kaplan–Meier) and first-use conversion. What analysts see instead
of the cases themselves; each row names how many distinct enterprises (the parts' makers and
the OEMs, whose rows the cases are) stand behind it, for the disclosure rule of the interface
that shows it.

Grouping: a case counts for its part's category and every category above it. ``as_of`` (the
date open cases are censored at) defaults to the latest date in the cases and events, so the
result depends on the data only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from .conversion import conversion
from .stages import ALL_STAGES, is_qualified
from .timing import time_to_qualify


def ancestors(categories: pd.DataFrame) -> dict[str, list[str]]:
    """Category id -> itself and every category above it."""
    parent = dict(zip(categories["id"], categories["parent_id"]))
    out = {}
    for c in parent:
        chain, x = [], c
        while isinstance(x, str) and x and x not in chain:
            chain.append(x)
            x = parent.get(x)
        out[c] = chain
    return out


def default_as_of(frames: Mapping[str, pd.DataFrame]) -> str:
    """The latest opening or decision date in the data."""
    dates = [pd.to_datetime(frames["qualification_cases"]["opened"]).max()]
    ev = frames.get("qualification_events")
    if ev is not None and len(ev):
        dates.append(pd.to_datetime(ev["date"]).max())
    return str(max(dates).date())


def category_summary(frames: Mapping[str, pd.DataFrame], *, as_of: str | None = None) -> list[dict[str, Any]]:
    """One row per category with cases (subtree included), deepest categories last."""
    cases = frames.get("qualification_cases")
    if cases is None or cases.empty:
        return []
    events = frames.get("qualification_events")
    events = events if events is not None else pd.DataFrame(columns=["case_id", "date", "stage", "decision"])
    parts = frames["parts"].set_index("id")
    up = ancestors(frames["categories"])
    as_of = as_of or default_as_of(frames)
    c = cases.assign(category_id=cases["part_id"].map(parts["category_id"]),
                     maker_id=cases["part_id"].map(parts["maker_id"]))
    rows = []
    member = {k: [] for k in up}
    for i, cat in enumerate(c["category_id"]):
        for a in up.get(cat, []):
            member[a].append(i)
    level = {k: len(v) for k, v in up.items()}
    for cat in sorted((k for k, v in member.items() if v), key=lambda k: (level[k], k)):
        g = c.iloc[member[cat]]
        ev = events[events["case_id"].isin(set(g["id"]))]
        q = g[g["stage"].map(is_qualified).astype(bool)]
        ttq = time_to_qualify(ev[["case_id", "date", "stage", "decision"]], dict(zip(g["id"], g["opened"])),
                              as_of=as_of).qualified
        rows.append({
            "category_id": cat, "cases": int(len(g)),
            "by_stage": {s: int((g["stage"] == s).sum()) for s in ALL_STAGES if (g["stage"] == s).any()},
            "qualified_parts": int(q["part_id"].nunique()), "qualified_oems": int(q["oem_id"].nunique()),
            "time_to_qualify_days": {"n": ttq.n, "qualified": int(ttq.events.sum()),
                                     "q25": ttq.quantile(0.25), "median": ttq.quantile(0.5),
                                     "q75": ttq.quantile(0.75)},
            "conversion": conversion(g, ev).to_dict()["steps"],
            "enterprises": int(len(set(g["maker_id"].dropna()) | set(g["oem_id"]))),
        })
    return rows


def median_days_to_qualify(frames: Mapping[str, pd.DataFrame], *, as_of: str | None = None) -> dict[str, float]:
    """Category id -> Kaplan–Meier median days from opening to small_batch, where reached (the
    default delay before an unqualified substitute can supply)."""
    return {r["category_id"]: r["time_to_qualify_days"]["median"]
            for r in category_summary(frames, as_of=as_of) if r["time_to_qualify_days"]["median"] is not None}
