"""Offers: a parts maker's answer to an OEM's demand (one of its parts, a unit price, a
capacity), on the store's ``metadata``.

An offer is visible to its two parties only: the maker that made it (``maker_id``, the part's
maker) and the OEM that owns the demand (``demands.oem_id``); reads and writes go through
:class:`keyparts.web.tenancy.TenantRepo`. One offer per (demand, part): offering the same part
again revises the price and capacity (audited like every write).
"""

from __future__ import annotations

import sqlalchemy as sa

from keyparts.store.tables import metadata

offers = sa.Table(
    "offers", metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("demand_id", sa.Text(), nullable=False, index=True, comment="demands.id answered"),
    sa.Column("part_id", sa.Text(), nullable=False, comment="parts.id offered (a part of maker_id)"),
    sa.Column("maker_id", sa.Text(), nullable=False, index=True, comment="offering enterprise (the part's maker)"),
    sa.Column("unit_price_usd", sa.Double(), nullable=False, comment="offered unit price (USD per piece)"),
    sa.Column("capacity", sa.Double(), nullable=True, comment="pieces the maker can deliver for this demand"),
    sa.Column("note", sa.Text(), nullable=True),
    sa.Column("created_by", sa.Text(), nullable=True, comment="user name"),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("demand_id", "part_id"),
    comment="Makers' offers answering OEMs' demands (visible to the two parties).",
)

__all__ = ["offers"]
