"""Time to qualify: Kaplan–Meier over the histories of qualification cases.

Product-limit estimator (Kaplan & Meier 1958, *J. Amer. Statist. Assoc.* 53:457–481): at the
distinct event times t_j with d_j events and n_j cases still at risk (time ≥ t_j),
S(t) = Π_{t_j ≤ t} (1 − d_j/n_j), computed by :func:`scipy.stats.ecdf` (SciPy ≥ 1.11, already
a dependency) on right-censored data. Cases still open are censored at the reference date; a case
rejected in a stage is censored at the rejection (it never passed that stage). A quantile
t_q is the smallest event time with S(t) ≤ 1 − q (Klein & Moeschberger 2003, *Survival
Analysis* §4.5): the median is q = 0.5, the quartiles q = 0.25 and 0.75; None when S never
falls that far ("not reached").

Histories (:func:`stage_durations`): the ``qualification_events`` shape, one row per decision
``(case_id, date, stage, decision)`` with decision ``pass`` (the case moves to the next
stage on that date), ``hold`` (no change) or ``fail`` (rejected). A case enters
design_review on its ``opened`` date. Durations are in days.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
import scipy  # its submodules load on first use: importing this module stays cheap

from keyparts.errors import InputError

from .stages import QUALIFIED_FROM, REJECTED, STAGES, apply_decision, check_stage

QUANTILES = (0.25, 0.5, 0.75)


@dataclass(frozen=True)
class ProductLimit:
    """Kaplan–Meier estimate: distinct event ``times``, ``at_risk``, ``events`` and S after each."""

    times: np.ndarray
    at_risk: np.ndarray
    events: np.ndarray
    survival: np.ndarray
    n: int

    def quantile(self, q: float) -> float | None:
        """Smallest event time with S(t) ≤ 1 − q, or None when not reached."""
        hit = np.flatnonzero(self.survival <= 1.0 - q + 1e-12)
        return float(self.times[hit[0]]) if hit.size else None

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "events": int(self.events.sum()),
                "quartiles": {f"{q:g}": self.quantile(q) for q in QUANTILES},
                "curve": [{"t": float(t), "at_risk": int(r), "events": int(d), "survival": float(s)}
                          for t, r, d, s in zip(self.times, self.at_risk, self.events, self.survival)]}


def kaplan_meier(durations: ArrayLike, observed: ArrayLike) -> ProductLimit:
    """Product-limit estimate of S(t) from durations (≥ 0) and event flags (1 = event, 0 = censored).

    S is computed by :func:`scipy.stats.ecdf` on right-censored data (its Kaplan–Meier
    estimator); the table adds the cases at risk n_j and the events d_j at each event time.
    """
    t = np.asarray(durations, float).ravel()
    e = np.asarray(observed, bool).ravel()
    if t.size != e.size:
        raise InputError(f"observed: {e.size} flags for {t.size} durations")
    if t.size == 0:
        raise InputError("durations: no cases (expected at least one duration)")
    if np.isnan(t).any() or (t < 0).any():
        raise InputError("durations: every duration must be a number >= 0")
    res = scipy.stats.ecdf(scipy.stats.CensoredData(uncensored=t[e], right=t[~e]))
    times = np.unique(t[e])
    at_risk = t.size - np.searchsorted(np.sort(t), times, side="left")
    events = np.bincount(np.searchsorted(times, t[e]), minlength=times.size)
    surv = np.asarray(res.sf.evaluate(times), float) if times.size else np.empty(0)
    return ProductLimit(times, at_risk.astype(int), events.astype(int), surv, int(t.size))


def stage_durations(events: pd.DataFrame, opened: Mapping[str, date | str], *,
                    as_of: date | str, qualified_from: str = QUALIFIED_FROM) -> pd.DataFrame:
    """One row per (case, stage) spell: ``case_id, stage, days, observed`` (observed = passed),
    plus a row with stage ``"qualified"``: days from opening to reaching ``qualified_from``."""
    for c in ("case_id", "date", "stage", "decision"):
        if c not in events.columns:
            raise InputError(f"qualification_events: missing column {c!r}")
    check_stage(qualified_from, "qualified_from")
    end = pd.Timestamp(as_of)
    ev = events.assign(date=pd.to_datetime(events["date"])).sort_values(["case_id", "date"], kind="stable")
    by_case = {k: g for k, g in ev.groupby("case_id", sort=False)}
    orphans = sorted(set(by_case) - set(opened), key=str)
    if orphans:
        raise InputError(f"qualification_events: case {orphans[0]} has events but no opening date "
                         "(expected it in the cases' opened dates)")
    rows: list[tuple[str, str, float, bool]] = []
    for case, start in opened.items():
        t0 = pd.Timestamp(start)
        stage, since, qualified_at = STAGES[0], t0, None
        for i, r in enumerate((by_case.get(case, ev.iloc[:0])).itertuples(index=False), start=1):
            if r.stage != stage:
                raise InputError(f"qualification_events: case {case} row {i}: decision on "
                                 f"{r.stage!r} while the case is at {stage!r}")
            new = apply_decision(stage, r.decision)
            days = (r.date - since).days
            if new != stage:
                rows.append((case, stage, days, new != REJECTED))
                stage, since = new, r.date
                if stage == qualified_from:
                    qualified_at = r.date
            if stage == REJECTED:
                break
        if stage not in (REJECTED, STAGES[-1]):
            rows.append((case, stage, (end - since).days, False))
        if qualified_at is not None:
            rows.append((case, "qualified", (qualified_at - t0).days, True))
        else:
            stop = since if stage == REJECTED else end
            rows.append((case, "qualified", (stop - t0).days, False))
    return pd.DataFrame(rows, columns=["case_id", "stage", "days", "observed"])


@dataclass(frozen=True)
class TimeToQualify:
    """Kaplan–Meier time (days) per stage and from opening to ``qualified_from``."""

    per_stage: dict[str, ProductLimit]
    qualified: ProductLimit
    qualified_from: str
    as_of: str
    method: str = "Kaplan–Meier product limit (1958); open cases censored at as_of"

    @property
    def median_days(self) -> float | None:
        """Median days from opening to ``qualified_from`` (None when not reached)."""
        return self.qualified.quantile(0.5)

    def to_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of, "qualified_from": self.qualified_from, "method": self.method,
                "stages": {s: k.to_dict() for s, k in self.per_stage.items()},
                "qualified": self.qualified.to_dict()}


def time_to_qualify(events: pd.DataFrame, opened: Mapping[str, date | str], *,
                    as_of: date | str, qualified_from: str = QUALIFIED_FROM) -> TimeToQualify:
    """Median and quartiles of the days spent per stage and to reach ``qualified_from``.

    events: ``case_id, date, stage, decision`` rows; opened: case id → opening date;
    as_of: the date open cases are censored at.
    """
    d = stage_durations(events, opened, as_of=as_of, qualified_from=qualified_from)
    if d.empty:
        raise InputError("opened: no cases to estimate a time to qualify from")
    if (d["days"] < 0).any():
        bad = d.loc[d["days"] < 0].iloc[0]
        raise InputError(f"qualification_events: case {bad.case_id}: a date before the case "
                         f"was opened or after as_of ({bad.stage})")
    per = {s: kaplan_meier(g["days"], g["observed"]) for s, g in d.groupby("stage", sort=False)
           if s != "qualified"}
    per = {s: per[s] for s in STAGES if s in per}
    q = d[d["stage"] == "qualified"]
    return TimeToQualify(per, kaplan_meier(q["days"], q["observed"]), qualified_from,
                         str(pd.Timestamp(as_of).date()))
