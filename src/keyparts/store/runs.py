"""Saved analysis runs (allocations, scenarios) so a decision can be audited later.

Each row keeps what was asked, what came out and how the solver ended: the result's
``to_dict()`` (which carries its inputs and options) as JSON, with the status and objective
beside it for listing.
"""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from keyparts.errors import NotFoundError
from keyparts.store.repository import _engine
from keyparts.store.tables import metadata

analysis_runs = sa.Table(
    "analysis_runs", metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("kind", sa.Text(), nullable=False, comment="allocate | scenario | ..."),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("source", sa.Text(), nullable=False, comment="database or dataset the run read"),
    sa.Column("status", sa.Text()),
    sa.Column("objective", sa.Double()),
    sa.Column("result", sa.Text(), nullable=False, comment="JSON of the result's to_dict(), inputs included"),
    sa.Column("enterprise_id", sa.Text(), nullable=True, index=True,
              comment="enterprise of the web/API caller (empty: the CLI)"),
    sa.Column("username", sa.Text(), nullable=True, comment="user of the web/API caller"),
)


def save_run(kind: str, result: dict, *, source: str, url: str | None = None, engine: Engine | None = None,
             enterprise_id: str | None = None, username: str | None = None) -> int:
    """Store one run; returns its id. A run made through the web or the API names the
    caller's enterprise and user (its result holds prices only that enterprise may see)."""
    with _engine(url, engine) as eng, eng.begin() as conn:
        objective = result.get("objective")
        return int(conn.execute(analysis_runs.insert().values(
            kind=kind, at=dt.datetime.now(dt.UTC), source=source, status=result.get("status"),
            objective=float(objective) if objective is not None else None,
            result=json.dumps(result, ensure_ascii=False, default=str),
            enterprise_id=enterprise_id, username=username)).inserted_primary_key[0])


def list_runs(url: str | None = None, *, kind: str | None = None, limit: int = 50) -> list[dict]:
    """The latest runs, newest first (without their full results)."""
    q = sa.select(analysis_runs.c.id, analysis_runs.c.kind, analysis_runs.c.at, analysis_runs.c.source,
                  analysis_runs.c.status, analysis_runs.c.objective).order_by(analysis_runs.c.id.desc()).limit(limit)
    if kind:
        q = q.where(analysis_runs.c.kind == kind)
    with _engine(url, None) as eng, eng.connect() as conn:
        return [dict(r._mapping) | {"at": r.at.isoformat()} for r in conn.execute(q)]


def get_run(run_id: int, url: str | None = None) -> dict:
    """One run with its full result; NotFoundError when there is none with that id."""
    with _engine(url, None) as eng, eng.connect() as conn:
        r = conn.execute(sa.select(analysis_runs).where(analysis_runs.c.id == run_id)).first()
    if r is None:
        raise NotFoundError(f"run {run_id}: no such run (see `keyparts runs list`)")
    return dict(r._mapping) | {"at": r.at.isoformat(), "result": json.loads(r.result)}
