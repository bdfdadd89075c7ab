"""analysis_runs: saved allocation and scenario runs for audit

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 14:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'analysis_runs',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('kind', sa.Text(), nullable=False, comment='allocate | scenario | ...'),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('source', sa.Text(), nullable=False, comment='database or dataset the run read'),
        sa.Column('status', sa.Text(), nullable=True),
        sa.Column('objective', sa.Double(), nullable=True),
        sa.Column('result', sa.Text(), nullable=False,
                  comment="JSON of the result's to_dict(), inputs included"),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_runs')),
    )


def downgrade() -> None:
    op.drop_table('analysis_runs')
