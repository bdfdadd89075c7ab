"""First-use conversion (首台(套)/首批次): first use → repeat order → batch supply, from the
cases and their decisions.

The steps are stages of the case (:mod:`keyparts.qualify.stages`):

* **first use**: the case enters ``field_trial`` (the substitute is installed in the OEM's
  product in service, the moment first-use insurance covers);
* **repeat order**: it enters ``small_batch`` (the OEM orders again, a production batch
  under PPAP);
* **batch supply**: it enters ``batch_supply``.

A case *reached* a step when its current stage is that stage or later, or, for a rejected
case, when the stage it failed at is (a case rejected in its field trial reached first use
but not the repeat order). It entered a stage on the date of the ``pass`` on the stage before
(None when its history starts later). Conversion of a step = cases that reached it / cases
that reached the step before; days = median days between the two entries over the cases with
both dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .stages import REJECTED, STAGES, following, history_order

STEPS = (("first_use", "field_trial"), ("repeat_order", "small_batch"), ("batch_supply", "batch_supply"))


@dataclass(frozen=True)
class Step:
    step: str
    stage: str
    reached: int
    conversion: float | None      # reached / reached at the step before (None for the first step)
    median_days: float | None     # median days from the step before, cases with both dates

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Conversion:
    cases: int
    steps: tuple[Step, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"cases": self.cases, "steps": [s.to_dict() for s in self.steps],
                "method": "first use = enters field_trial, repeat order = small_batch, batch supply = "
                          "batch_supply; conversion = reached / reached at the step before"}


def _furthest(stage: str, events: pd.DataFrame) -> int:
    """Index in STAGES of the furthest stage the case reached."""
    if stage != REJECTED:
        return STAGES.index(stage)
    fails = events.loc[events["decision"] == "fail", "stage"]
    return STAGES.index(fails.iloc[-1]) if len(fails) else -1


def entered(events: pd.DataFrame) -> dict[str, pd.Timestamp]:
    """Stage -> date the case entered it (the pass on the stage before), from one case's events."""
    out = {}
    for r in events.itertuples(index=False):
        if r.decision == "pass":
            out[following(r.stage)] = pd.Timestamp(r.date)
    return out


def conversion(cases: pd.DataFrame, events: pd.DataFrame | None = None) -> Conversion:
    """First use → repeat order → batch supply over ``cases`` (``id, stage``) and their
    ``events`` (``case_id, date, stage, decision``)."""
    ev = events if events is not None else pd.DataFrame(columns=["case_id", "date", "stage", "decision"])
    ev = ev.assign(_k=[history_order(s, d) for s, d in zip(ev["stage"], ev["decision"])])
    ev = ev.sort_values(["date", "_k"], kind="stable")
    by_case = {k: g for k, g in ev.groupby("case_id", sort=False)}
    empty = ev.iloc[:0]
    far, dates = [], []
    for cid, stage in zip(cases["id"], cases["stage"]):
        g = by_case.get(cid, empty)
        far.append(_furthest(stage, g))
        dates.append(entered(g))
    far_a = np.asarray(far)
    steps, prev_n, prev_stage = [], None, None
    for name, stage in STEPS:
        n = int((far_a >= STAGES.index(stage)).sum())
        gaps = [(d[stage] - d[prev_stage]).days for d in dates
                if prev_stage is not None and stage in d and prev_stage in d]
        steps.append(Step(name, stage, n, None if prev_n is None else (n / prev_n if prev_n else None),
                          float(np.median(gaps)) if gaps else None))
        prev_n, prev_stage = n, stage
    return Conversion(int(len(cases)), tuple(steps))
