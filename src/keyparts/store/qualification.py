"""Record a decision on a qualification case: one event row and the case's new stage, in one
transaction (the ``keyparts qualify advance`` write).

The stage rule is the engine's (:func:`keyparts.qualify.stages.apply_decision`): ``pass`` →
the following stage, ``hold`` → the same, ``fail`` → ``rejected``. The decision is taken on
the case's current stage, dated no earlier than the case's opening or its last decision.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from keyparts.errors import ConflictError, InputError, NotFoundError
from keyparts.store.db import make_engine, upgrade
from keyparts.store.tables import TABLE


def record_decision(case_id: str, decision: str, *, by: str, note: str | None = None,
                    date: dt.date | None = None, url: str | None = None) -> dict:
    """Store the decision and move the case; returns the event with ``stage_before``/``stage_after``."""
    engine = make_engine(url)
    try:
        upgrade(engine)
        with engine.begin() as conn:
            return decide(conn, case_id, decision, by=by, note=note, date=date)
    finally:
        engine.dispose()


def decide(conn: Connection, case_id: str, decision: str, *, by: str, note: str | None = None,
           date: dt.date | None = None) -> dict:
    """The write of :func:`record_decision` inside the caller's transaction (the web's tenant
    repository adds its audit entry to the same transaction)."""
    from keyparts.qualify.stages import apply_decision

    if not str(by or "").strip():
        raise InputError("by: a decision needs the name of the person who takes it")
    day = date or dt.datetime.now(dt.UTC).date()
    cases, events = TABLE["qualification_cases"], TABLE["qualification_events"]
    case = conn.execute(sa.select(cases).where(cases.c.id == case_id)).first()
    if case is None:
        raise NotFoundError(f"qualification case {case_id!r} not found")
    after = apply_decision(case.stage, decision)
    opened = case.opened if isinstance(case.opened, dt.date) else dt.date.fromisoformat(str(case.opened))
    last = conn.execute(sa.select(sa.func.max(events.c.date)).where(events.c.case_id == case_id)).scalar()
    last = dt.date.fromisoformat(str(last)) if isinstance(last, str) else last
    floor = max(d for d in (opened, last) if d is not None)
    if day < floor:
        raise InputError(f"date: {day} is before the case's opening or last decision ({floor})")
    key = (events.c.case_id == case_id) & (events.c.date == day) & \
        (events.c.stage == case.stage) & (events.c.decision == decision)
    if conn.execute(sa.select(sa.func.count()).select_from(events).where(key)).scalar():
        raise InputError(f"case {case_id}: {decision} on {case.stage} is already recorded for {day}")
    row = {"case_id": case_id, "date": day, "stage": case.stage, "decision": decision,
           "decided_by": str(by).strip(), "note": note}
    conn.execute(events.insert().values(**row))
    # compare-and-set on the stage read: a parallel decision on the same case loses
    if not conn.execute(cases.update().where(cases.c.id == case_id, cases.c.stage == case.stage)
                        .values(stage=after)).rowcount:
        raise ConflictError(f"case {case_id} was changed by another request; read it again")
    return {**row, "date": day.isoformat(), "stage_before": case.stage, "stage_after": after}
