"""targets: localisation targets per category or product, indicator and year (issue 14 §3, §5)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 05:10:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('targets',
    sa.Column('scope', sa.Text(), nullable=False, comment='Category or product id the target is for'),
    sa.Column('indicator', sa.Text(), nullable=False, comment='Localisation rate the target is set on (keyparts localisation)'),
    sa.Column('value', sa.Double(), nullable=False, comment='Target share 0-1 (70 % as 0.7)'),
    sa.Column('year', sa.Integer(), nullable=False, comment='Year by which the target is to be reached'),
    sa.Column('source', sa.Text(), nullable=True, comment='Plan or notice that sets the target'),
    sa.Column('extra', sa.Text(), nullable=True, comment="JSON object of the user's extra columns"),
    sa.PrimaryKeyConstraint('scope', 'indicator', 'year', name=op.f('pk_targets')),
    comment='Localisation targets (国产化率) per category or product, indicator and year.'
    )


def downgrade() -> None:
    op.drop_table('targets')
