"""certifications of enterprises and required by demands

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 14:41:41.148870
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('demands', schema=None) as batch_op:
        batch_op.add_column(sa.Column('certifications', sa.Text(), nullable=True, comment="';'-separated approvals the supplier must hold, e.g. AS9100D"))

    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.add_column(sa.Column('certifications', sa.Text(), nullable=True, comment="';'-separated quality approvals held, e.g. ISO 9001;IATF 16949;AS9100D"))



def downgrade() -> None:
    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.drop_column('certifications')

    with op.batch_alter_table('demands', schema=None) as batch_op:
        batch_op.drop_column('certifications')

