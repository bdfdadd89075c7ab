"""projects: special R&D projects per key category

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 14:29:53.744394
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('projects',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False, comment='Project title'),
    sa.Column('category_id', sa.Text(), nullable=False, comment='The key category the project is to break'),
    sa.Column('lead_id', sa.Text(), nullable=False, comment='Leading enterprise or institute'),
    sa.Column('participants', sa.Text(), nullable=True, comment="';'-separated ids of the other participating enterprises, institutes, labs"),
    sa.Column('budget_usd', sa.Double(), nullable=True, comment='Total budget'),
    sa.Column('start_year', sa.Integer(), nullable=False),
    sa.Column('end_year', sa.Integer(), nullable=True),
    sa.Column('readiness_level', sa.Integer(), nullable=True, comment='Technology readiness level now, 1-9 (ISO 16290)'),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('extra', sa.Text(), nullable=True, comment="JSON object of the user's extra columns"),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_projects_category_id_categories'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['lead_id'], ['enterprises.id'], name=op.f('fk_projects_lead_id_enterprises'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects')),
    comment='Special R&D projects per key category.'
    )


def downgrade() -> None:
    op.drop_table('projects')
