"""Published editions of the key-category list, frozen with the fingerprint of their inputs.

An edition is written once and never changed: publishing a name that exists is refused (a
new name is a new edition). The body is the edition's ``to_dict()`` as JSON, the columns beside
it (year, method version, fingerprint, when) serve the listing.
"""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from keyparts.errors import InputError, NotFoundError
from keyparts.store.repository import _engine
from keyparts.store.tables import metadata

editions = sa.Table(
    "editions", metadata,
    sa.Column("name", sa.Text(), primary_key=True, comment="Edition name, e.g. 2024 or 2024-rev1"),
    sa.Column("year", sa.Integer(), nullable=False, comment="Data year the list was computed for"),
    sa.Column("method_version", sa.Text(), nullable=False, comment="keyparts.priority.METHOD_VERSION"),
    sa.Column("fingerprint", sa.Text(), nullable=False, comment="SHA-256 of the inputs and options"),
    sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("source", sa.Text(), nullable=False, comment="database or dataset the edition read"),
    sa.Column("body", sa.Text(), nullable=False, comment="JSON of the edition's to_dict()"),
    comment="Frozen editions of the ranked key-category list (issue 14).",
)


def save_edition(body: dict, *, source: str, url: str | None = None, engine: Engine | None = None) -> None:
    """Store one edition (``Edition.to_dict()``); an existing name is refused."""
    with _engine(url, engine) as eng, eng.begin() as conn:
        if conn.execute(sa.select(editions.c.name).where(editions.c.name == body["name"])).first():
            raise InputError(f"edition {body['name']!r} exists already; editions are frozen, "
                             "publish under a new name")
        conn.execute(editions.insert().values(
            name=body["name"], year=int(body["year"]), method_version=body["method_version"],
            fingerprint=body["fingerprint"], published_at=dt.datetime.fromisoformat(body["published_at"]),
            source=source, body=json.dumps(body, ensure_ascii=False)))


def list_editions(url: str | None = None, *, engine: Engine | None = None) -> list[dict]:
    """Every edition without its body, oldest year first."""
    q = sa.select(editions.c.name, editions.c.year, editions.c.method_version, editions.c.fingerprint,
                  editions.c.published_at, editions.c.source).order_by(editions.c.year, editions.c.published_at)
    with _engine(url, engine) as eng, eng.connect() as conn:
        return [dict(r._mapping) | {"published_at": r.published_at.isoformat()} for r in conn.execute(q)]


def get_edition(name: str, url: str | None = None, *, engine: Engine | None = None) -> dict:
    """One edition's body; NotFoundError names the editions there are."""
    with _engine(url, engine) as eng, eng.connect() as conn:
        r = conn.execute(sa.select(editions.c.body).where(editions.c.name == name)).first()
    if r is None:
        known = ", ".join(e["name"] for e in list_editions(url, engine=engine)) or "none yet"
        raise NotFoundError(f"edition {name!r}: no such edition (published: {known}; "
                            "see `keyparts edition publish`)")
    return json.loads(r.body)
