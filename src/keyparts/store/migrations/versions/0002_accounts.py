"""accounts: users, sessions, api_tokens, audit_log, visibility

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 13:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'users',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('username', sa.Text(), nullable=False),
        sa.Column('enterprise_id', sa.Text(), nullable=False, comment='dataset enterprise id'),
        sa.Column('role', sa.Text(), nullable=False, comment='admin | analyst | member'),
        sa.Column('password_hash', sa.Text(), nullable=False, comment='Argon2id (pwdlib)'),
        sa.Column('disabled', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
        sa.UniqueConstraint('username', name=op.f('uq_users_username')),
        comment='Platform logins; each belongs to one enterprise.',
    )
    op.create_table(
        'sessions',
        sa.Column('token_hash', sa.Text(), nullable=False, comment='SHA-256 of the cookie token'),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('csrf', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sessions_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_sessions')),
        comment='Server-side browser sessions.',
    )
    op.create_index(op.f('ix_sessions_user_id'), 'sessions', ['user_id'])
    op.create_table(
        'api_tokens',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('token_hash', sa.Text(), nullable=False, comment='SHA-256 of the token'),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash')),
        comment='Bearer tokens for scripts.',
    )
    op.create_index(op.f('ix_api_tokens_user_id'), 'api_tokens', ['user_id'])
    op.create_table(
        'audit_log',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('username', sa.Text(), nullable=True),
        sa.Column('enterprise_id', sa.Text(), nullable=True),
        sa.Column('action', sa.Text(), nullable=False, comment='create | update | delete | import | ...'),
        sa.Column('table_name', sa.Text(), nullable=False),
        sa.Column('row_key', sa.Text(), nullable=True),
        sa.Column('before', sa.Text(), nullable=True, comment='JSON of the row before'),
        sa.Column('after', sa.Text(), nullable=True, comment='JSON of the row after'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log')),
        comment='Append-only record of every write through the platform.',
    )
    op.create_table(
        'visibility',
        sa.Column('table_name', sa.Text(), nullable=False, comment='demands | sourcing | tests | prices'),
        sa.Column('row_key', sa.Text(), nullable=False),
        sa.Column('visibility', sa.Text(), nullable=False, comment='private | shared | public'),
        sa.Column('shared_with', sa.Text(), nullable=True, comment="';'-separated enterprise ids"),
        sa.PrimaryKeyConstraint('table_name', 'row_key', name=op.f('pk_visibility')),
        comment='Visibility of owned rows (absent = private).',
    )


def downgrade() -> None:
    op.drop_table('visibility')
    op.drop_table('audit_log')
    op.drop_index(op.f('ix_api_tokens_user_id'), table_name='api_tokens')
    op.drop_table('api_tokens')
    op.drop_index(op.f('ix_sessions_user_id'), table_name='sessions')
    op.drop_table('sessions')
    op.drop_table('users')
