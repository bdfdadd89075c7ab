"""The data version: one row per table the engines read, bumped in the writer's transaction.

``data_versions`` holds, per name, a counter and a random ``token`` that changes with every
committed change. The names are the dataset tables (``parts``, ``bom``, ...), ``prices``
(``parts.unit_price_usd``, an owned value kept out of the public catalogue), ``visibility``
and ``meta`` (dataset.toml). Every import and every write calls :func:`bump` inside its own
transaction, so a reader that sees the data also sees its version, and a failed write bumps
nothing. Any process (a CLI command, each server worker) compares the tokens with what it
holds and reloads only what changed; the token (not the counter) tags the files of the
analysis store, so a database recreated from scratch never matches files left by an older one.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from keyparts.store.tables import metadata

data_versions = sa.Table(
    "data_versions", metadata,
    sa.Column("name", sa.Text(), primary_key=True, comment="dataset table, or prices | visibility | meta"),
    sa.Column("version", sa.BigInteger(), nullable=False, comment="number of committed changes"),
    sa.Column("token", sa.Text(), nullable=False, comment="random id of the latest change"),
    comment="Version of each table the engines read, bumped in the same transaction as the change.",
)

Versions = dict[str, str]  # name -> token


def written_by(action: str, table: str) -> tuple[str, ...]:
    """Version names a platform write changes: ``action`` and ``table`` as in the audit log
    (a visibility change writes ``visibility``; deleting an owned row also drops its visibility)."""
    if action == "visibility":
        return ("visibility",)
    if action == "delete":
        return (table, "visibility")
    return (table,)


def bump(conn: Connection, *names: str) -> None:
    """Give each of ``names`` a new token (and count it), in the caller's transaction."""
    q = conn.dialect.identifier_preparer.quote
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    conn.exec_driver_sql(
        f"INSERT INTO data_versions (name, version, token) VALUES ({mark}, 1, {mark}) "
        f"ON CONFLICT (name) DO UPDATE SET version = data_versions.version + 1, "
        f"{q('token')} = excluded.{q('token')}",
        [(n, uuid.uuid4().hex) for n in dict.fromkeys(names)])


def read_versions(conn: Connection) -> Versions:
    """Every name's current token (one small query)."""
    return {r.name: r.token for r in conn.execute(sa.select(data_versions.c.name, data_versions.c.token))}


def tag(versions: Versions, names: Iterable[str]) -> str | None:
    """One tag for the tokens of ``names`` (None when one of them has never been versioned)."""
    toks = [versions.get(n) for n in names]
    if any(t is None for t in toks):
        return None
    return hashlib.sha256("|".join(toks).encode()).hexdigest()[:24]


__all__ = ["data_versions", "bump", "read_versions", "tag", "written_by", "Versions"]
