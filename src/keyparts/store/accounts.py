"""Accounts and confidentiality tables of the web platform, on the store's ``metadata``.

- ``users``: a login belongs to one enterprise (``enterprise_id``, a dataset enterprise id)
  and has one role: ``admin`` (manages users and imports), ``analyst`` (national, aggregated
  views) or ``member`` (own enterprise only). Passwords are Argon2 hashes (pwdlib).
- ``sessions``: server-side browser sessions; the cookie carries a random token, the table
  keeps only its SHA-256 and the CSRF token of the session.
- ``api_tokens``: bearer tokens for scripts (SHA-256 stored, shown once at creation).
- ``audit_log``: one row per write: who, when, what (table, row key) and the change
  (JSON before/after).
- ``visibility``: the visibility of an owned row (``private`` | ``shared`` | ``public``) and
  the enterprises it is shared with. The owner is inherent in the data (``demands.oem_id``,
  ``sourcing.buyer_id``, ``tests`` -> ``parts.maker_id``, a part's price -> ``parts.maker_id``);
  a row without a visibility entry is private.
"""

from __future__ import annotations

import sqlalchemy as sa

from keyparts.store.tables import metadata

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
    comment="Visibility of owned rows (absent = private).",
)

__all__ = ["ROLES", "VISIBILITIES", "api_tokens", "audit_log", "sessions", "users", "visibility"]
