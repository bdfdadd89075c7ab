"""Database engines and migrations.

The URL comes from the argument, else ``KEYPARTS_DATABASE_URL``, else the embedded
default ``sqlite:///keyparts.db`` (WAL journal, foreign keys on). PostgreSQL URLs such as
``postgresql://user@127.0.0.1:5432/test`` use psycopg 3. The schema is created and upgraded
by Alembic migrations shipped in the package (``keyparts db upgrade``).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from keyparts.errors import InputError

DEFAULT_URL = "sqlite:///keyparts.db"
MIGRATIONS = Path(__file__).with_name("migrations")


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else KEYPARTS_DATABASE_URL, else the SQLite default."""
    url = url or os.environ.get("KEYPARTS_DATABASE_URL") or DEFAULT_URL
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    elif url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    return url


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url``; SQLite gets WAL and foreign keys on every connection."""
    url = database_url(url)
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, ModuleNotFoundError) as exc:
        raise InputError(f"--db {url!r}: not a database URL keyparts can use ({exc}); expected "
                         "sqlite:///FILE or postgresql://USER@HOST:PORT/DB") from exc
    if engine.dialect.name == "sqlite":
        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA cache_size=-262144")  # 256 MiB page cache: index upkeep on big imports
            cur.close()
    return engine


def alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The newest migration's revision id, read from the migration files' ``revision`` and
    ``down_revision`` lines (no Alembic import); None when it is not one clear head."""
    revs, downs = set(), set()
    for f in (MIGRATIONS / "versions").glob("*.py"):
        text = f.read_text(encoding="utf-8")
        rev = re.search(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", text, re.M)
        down = re.search(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", text, re.M)
        if rev is None or down is None:
            return None
        revs.add(rev.group(1))
        downs.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    heads = revs - downs
    return heads.pop() if len(heads) == 1 else None


def is_current(engine: Engine) -> bool:
    """True when the database's schema revision is the newest migration (one cheap query)."""
    head = head_revision()
    if head is None:
        return False
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
    except sa.exc.DBAPIError:  # no alembic_version yet (an empty database), or unreachable
        return False
    return rows == [head]


def upgrade(engine: Engine) -> None:
    """Apply every pending Alembic migration (creates the schema on an empty database).

    When the schema is already at the newest revision this is one query, not an Alembic run
    (Alembic's import and revision walk cost ~0.4 s on every command)."""
    if is_current(engine):
        return
    from alembic import command

    try:
        command.upgrade(alembic_config(engine), "head")
    except sa.exc.OperationalError as exc:
        raise InputError(f"cannot reach the database {engine.url.render_as_string(hide_password=True)}: "
                         f"{exc.orig}") from exc
