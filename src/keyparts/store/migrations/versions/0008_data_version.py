"""data_versions: the version of each table the engines read

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 23:50:00
"""
import uuid

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

NAMES = ("countries", "categories", "parameters", "enterprises", "parts", "part_values", "products", "bom",
         "sourcing", "trade", "production", "tests", "demands", "projects", "prices", "visibility", "meta")


def upgrade() -> None:
    t = op.create_table(
        'data_versions',
        sa.Column('name', sa.Text(), nullable=False, comment='dataset table, or prices | visibility | meta'),
        sa.Column('version', sa.BigInteger(), nullable=False, comment='number of committed changes'),
        sa.Column('token', sa.Text(), nullable=False, comment='random id of the latest change'),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_data_versions')),
        comment='Version of each table the engines read, bumped in the same transaction as the change.',
    )
    op.bulk_insert(t, [{"name": n, "version": 1, "token": uuid.uuid4().hex} for n in NAMES])


def downgrade() -> None:
    op.drop_table('data_versions')
