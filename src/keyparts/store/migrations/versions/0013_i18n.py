"""i18n: the interface language a user chose (users.locale)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 01:50:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locale', sa.Text(), nullable=True,
                                      comment="interface language chosen by the user: en | zh_CN (empty: the browser's)"))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('locale')
