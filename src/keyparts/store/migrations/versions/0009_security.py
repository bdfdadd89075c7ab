"""visibility tied to the row's owner, API token expiry, login throttle table

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 23:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# The owner of each kind of owned row (keyparts.web.tenancy), to backfill visibility.owner_id.
OWNER_OF = {
    "demands": "SELECT d.oem_id FROM demands d WHERE d.id = visibility.row_key",
    "sourcing": ("SELECT s.buyer_id FROM sourcing s WHERE s.buyer_id || '|' || s.item_id || '|' || s.supplier_id"
                 " || '|' || s.origin_country = visibility.row_key"),
    "tests": ("SELECT p.maker_id FROM tests t JOIN parts p ON p.id = t.part_id WHERE t.test_id = visibility.row_key"
              " LIMIT 1"),
    "prices": "SELECT p.maker_id FROM parts p WHERE p.id = visibility.row_key",
}


def upgrade() -> None:
    op.create_table('login_throttle',
    sa.Column('key', sa.Text(), nullable=False, comment='SHA-256 of (user name, client address)'),
    sa.Column('attempts', sa.Integer(), nullable=False, comment='sign-ins since the last success'),
    sa.Column('delay_s', sa.Float(), nullable=False, comment='current wait between attempts (s)'),
    sa.Column('next_at', sa.Float(), nullable=False, comment='earliest next attempt (Unix s)'),
    sa.Column('updated_at', sa.Float(), nullable=False, comment='last attempt (Unix s)'),
    sa.PrimaryKeyConstraint('key'),
    comment='Failed sign-in throttling per (user name, client address).'
    )
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_throttle_next_at'), ['next_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_throttle_updated_at'), ['updated_at'], unique=False)

    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True, comment='end of validity (UTC)'))

    with op.batch_alter_table('visibility', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_id', sa.Text(), nullable=True, comment="the row's owner enterprise when this was set"))
    for kind, owner in OWNER_OF.items():
        op.execute(f"UPDATE visibility SET owner_id = ({owner}) WHERE table_name = '{kind}'")
    op.execute("DELETE FROM visibility WHERE owner_id IS NULL")  # entries of rows that no longer exist
    with op.batch_alter_table('visibility', schema=None) as batch_op:
        batch_op.alter_column('owner_id', existing_type=sa.Text(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('visibility', schema=None) as batch_op:
        batch_op.drop_column('owner_id')

    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('expires_at')

    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_throttle_updated_at'))
        batch_op.drop_index(batch_op.f('ix_login_throttle_next_at'))

    op.drop_table('login_throttle')
