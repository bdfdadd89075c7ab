"""limits of number parameters (parameters.limits)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 23:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('parameters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('limits', sa.Text(), nullable=True, comment="';'-separated conditions a number value must meet: an operator > >= < <= and a number in the parameter's unit or another parameter of the same part, e.g. >0;>d (inherited with the parameter)"))


def downgrade() -> None:
    with op.batch_alter_table('parameters', schema=None) as batch_op:
        batch_op.drop_column('limits')
