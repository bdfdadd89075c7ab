"""offers: makers' answers to demands; analysis_runs name the web/API caller

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 02:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'offers',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('demand_id', sa.Text(), nullable=False, comment='demands.id answered'),
        sa.Column('part_id', sa.Text(), nullable=False, comment='parts.id offered (a part of maker_id)'),
        sa.Column('maker_id', sa.Text(), nullable=False, comment="offering enterprise (the part's maker)"),
        sa.Column('unit_price_usd', sa.Double(), nullable=False, comment='offered unit price (USD per piece)'),
        sa.Column('capacity', sa.Double(), nullable=True, comment='pieces the maker can deliver for this demand'),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('created_by', sa.Text(), nullable=True, comment='user name'),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_offers')),
        sa.UniqueConstraint('demand_id', 'part_id', name=op.f('uq_offers_demand_id')),
        comment="Makers' offers answering OEMs' demands (visible to the two parties).",
    )
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offers_demand_id'), ['demand_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_offers_maker_id'), ['maker_id'], unique=False)
    with op.batch_alter_table('analysis_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('enterprise_id', sa.Text(), nullable=True,
                                      comment='enterprise of the web/API caller (empty: the CLI)'))
        batch_op.add_column(sa.Column('username', sa.Text(), nullable=True, comment='user of the web/API caller'))
        batch_op.create_index(batch_op.f('ix_analysis_runs_enterprise_id'), ['enterprise_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('analysis_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_analysis_runs_enterprise_id'))
        batch_op.drop_column('username')
        batch_op.drop_column('enterprise_id')
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offers_maker_id'))
        batch_op.drop_index(batch_op.f('ix_offers_demand_id'))
    op.drop_table('offers')
