"""Accounts and confidentiality tables of the web platform, on the store's ``metadata``.

- ``users``: a login belongs to one enterprise (``enterprise_id``, a dataset enterprise id)
  and has one role: ``admin`` (manages users and imports), ``analyst`` (national, aggregated
  views) or ``member`` (own enterprise only). Passwords are Argon2 hashes (pwdlib).
- ``sessions``: server-side browser sessions; the cookie carries a random token, the table
  keeps only its SHA-256 and the CSRF token of the session.
- ``api_tokens``: bearer tokens for scripts (SHA-256 stored, shown once at creation), valid
  until ``expires_at``.
- ``login_throttle``: failed-sign-in counters per (user name, client address) pair, keyed by
  the SHA-256 of the pair (fixed size whatever the name), incremented atomically in the
  database so that the limit holds across workers and parallel requests.
- ``audit_log``: one row per write: who, when, what (table, row key) and the change
  (JSON before/after).
- ``visibility``: the visibility of an owned row (``private`` | ``shared`` | ``public``) and
  the enterprises it is shared with. The owner is inherent in the data (``demands.oem_id``,
  ``sourcing.buyer_id``, ``tests`` -> ``parts.maker_id``, a part's price -> ``parts.maker_id``);
  ``owner_id`` records the owner who set the entry, and the entry counts only while the row
  still has that owner (a re-import that gives the id to another enterprise starts private).
  A row without a valid visibility entry is private.
"""

from __future__ import annotations

import sqlalchemy as sa

from keyparts.store.tables import TABLE, metadata

ROLES = ("admin", "analyst", "member")
VISIBILITIES = ("private", "shared", "public")

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("username", sa.Text(), nullable=False, unique=True),
    sa.Column("enterprise_id", sa.Text(), nullable=False, comment="dataset enterprise id"),
    sa.Column("role", sa.Text(), nullable=False, comment="admin | analyst | member"),
    sa.Column("password_hash", sa.Text(), nullable=False, comment="Argon2id (pwdlib)"),
    sa.Column("disabled", sa.Boolean(), nullable=False, default=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("locale", sa.Text(), nullable=True,
              comment="interface language chosen by the user: en | zh_CN (empty: the browser's)"),
    comment="Platform logins; each belongs to one enterprise.",
)

sessions = sa.Table(
    "sessions", metadata,
    sa.Column("token_hash", sa.Text(), primary_key=True, comment="SHA-256 of the cookie token"),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("csrf", sa.Text(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    comment="Server-side browser sessions.",
)

api_tokens = sa.Table(
    "api_tokens", metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("name", sa.Text(), nullable=False),
    sa.Column("token_hash", sa.Text(), nullable=False, unique=True, comment="SHA-256 of the token"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked", sa.Boolean(), nullable=False, default=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True, comment="end of validity (UTC)"),
    comment="Bearer tokens for scripts.",
)

audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("user_id", sa.Integer(), nullable=True),
    sa.Column("username", sa.Text(), nullable=True),
    sa.Column("enterprise_id", sa.Text(), nullable=True),
    sa.Column("action", sa.Text(), nullable=False, comment="create | update | delete | import | ..."),
    sa.Column("table_name", sa.Text(), nullable=False),
    sa.Column("row_key", sa.Text(), nullable=True),
    sa.Column("before", sa.Text(), nullable=True, comment="JSON of the row before"),
    sa.Column("after", sa.Text(), nullable=True, comment="JSON of the row after"),
    comment="Append-only record of every write through the platform.",
)

visibility = sa.Table(
    "visibility", metadata,
    sa.Column("table_name", sa.Text(), primary_key=True, comment="demands | sourcing | tests | prices"),
    sa.Column("row_key", sa.Text(), primary_key=True),
    sa.Column("visibility", sa.Text(), nullable=False, comment="private | shared | public"),
    sa.Column("shared_with", sa.Text(), nullable=True, comment="';'-separated enterprise ids"),
    sa.Column("owner_id", sa.Text(), nullable=False, comment="the row's owner enterprise when this was set"),
    comment="Visibility of owned rows (absent = private).",
)

login_throttle = sa.Table(
    "login_throttle", metadata,
    sa.Column("key", sa.Text(), primary_key=True, comment="SHA-256 of (user name, client address)"),
    sa.Column("attempts", sa.Integer(), nullable=False, comment="sign-ins since the last success"),
    sa.Column("delay_s", sa.Float(), nullable=False, comment="current wait between attempts (s)"),
    sa.Column("next_at", sa.Float(), nullable=False, index=True, comment="earliest next attempt (Unix s)"),
    sa.Column("updated_at", sa.Float(), nullable=False, index=True, comment="last attempt (Unix s)"),
    comment="Failed sign-in throttling per (user name, client address).",
)

def drop_stale_visibility(conn: sa.Connection) -> int:
    """Delete the visibility entries whose row is gone or now has another owner (after an
    import); returns how many. Visibility belongs to a row *and* its owner."""
    d, s, t, p, v = TABLE["demands"], TABLE["sourcing"], TABLE["tests"], TABLE["parts"], visibility
    key_of_s = s.c.buyer_id + "|" + s.c.item_id + "|" + s.c.supplier_id + "|" + s.c.origin_country
    still_owned = {
        "demands": sa.select(1).where(d.c.id == v.c.row_key, d.c.oem_id == v.c.owner_id),
        "sourcing": sa.select(1).where(key_of_s == v.c.row_key, s.c.buyer_id == v.c.owner_id),
        "tests": sa.select(1).select_from(t.join(p, p.c.id == t.c.part_id))
                   .where(t.c.test_id == v.c.row_key, p.c.maker_id == v.c.owner_id),
        "prices": sa.select(1).where(p.c.id == v.c.row_key, p.c.maker_id == v.c.owner_id),
    }
    n = 0
    for kind, q in still_owned.items():
        n += conn.execute(v.delete().where(v.c.table_name == kind, ~sa.exists(q))).rowcount
    n += conn.execute(v.delete().where(v.c.table_name.not_in(list(still_owned)))).rowcount
    return n


__all__ = ["ROLES", "VISIBILITIES", "api_tokens", "audit_log", "drop_stale_visibility", "login_throttle",
           "sessions", "users", "visibility"]
