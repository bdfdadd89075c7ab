"""editions: frozen key-category lists; events, challenges (揭榜挂帅) with bids and milestones, and roadmap of the dataset

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 01:37:20.839248
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('editions',
    sa.Column('name', sa.Text(), nullable=False, comment='Edition name, e.g. 2024 or 2024-rev1'),
    sa.Column('year', sa.Integer(), nullable=False, comment='Data year the list was computed for'),
    sa.Column('method_version', sa.Text(), nullable=False, comment='keyparts.priority.METHOD_VERSION'),
    sa.Column('fingerprint', sa.Text(), nullable=False, comment='SHA-256 of the inputs and options'),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.Text(), nullable=False, comment='database or dataset the edition read'),
    sa.Column('body', sa.Text(), nullable=False, comment="JSON of the edition's to_dict()"),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_editions')),
    comment='Frozen editions of the ranked key-category list (issue 14).'
    )
    op.create_table('events',
    sa.Column('category_id', sa.Text(), nullable=False, comment='Category hit (a family or category counts for every grade under it)'),
    sa.Column('year', sa.Integer(), nullable=False, comment='Year the event took effect'),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False, comment='Where the event is reported (regulation, notice, article)'),
    sa.Column('note', sa.Text(), nullable=True, comment='What happened, in words'),
    sa.Column('extra', sa.Text(), nullable=True, comment="JSON object of the user's extra columns"),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_events_category_id_categories'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('category_id', 'year', 'kind', name=op.f('pk_events')),
    comment='Disruptions per category and year that the key-category list should have foreseen (the back-test scores editions against them).'
    )
    op.create_table('roadmap',
    sa.Column('category_id', sa.Text(), nullable=False),
    sa.Column('parameter', sa.Text(), nullable=False, comment='A parameter declared for the category, e.g. L10h'),
    sa.Column('value', sa.Text(), nullable=False, comment='Target value with its unit, e.g. 30000h (a number: at least; a list P4,P2: one of)'),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True, comment='Roadmap document'),
    sa.Column('extra', sa.Text(), nullable=True, comment="JSON object of the user's extra columns"),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_roadmap_category_id_categories'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('category_id', 'parameter', 'year', name=op.f('pk_roadmap')),
    comment='Technology roadmap targets per category, parameter and year.'
    )
    op.create_table('challenges',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('category_id', sa.Text(), nullable=False, comment='The key category to break'),
    sa.Column('target', sa.Text(), nullable=False, comment='Target in the search-query language, e.g. L10h>=30000h; precision in P4,P2; n_lim>=12000rpm'),
    sa.Column('deadline', sa.Date(), nullable=False, comment='Date the target is to be met'),
    sa.Column('budget_usd', sa.Double(), nullable=False, comment='Public budget'),
    sa.Column('issuer', sa.Text(), nullable=False, comment='Issuing body (揭榜挂帅 notice), e.g. a ministry or province'),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('winner_id', sa.Text(), nullable=True, comment='Enterprise (or consortium lead) that took the challenge'),
    sa.Column('planned_capacity', sa.Double(), nullable=False, comment='Batch-supply capacity planned when the target is met'),
    sa.Column('capacity_low', sa.Double(), nullable=True, comment='Lowest plausible capacity (empty: half the planned capacity)'),
    sa.Column('unit_price_usd', sa.Double(), nullable=True, comment="Price of the part (empty: median price of the category's parts)"),
    sa.Column('success_probability', sa.Double(), nullable=True, comment='Probability the target is met by the deadline (empty: 0.5)'),
    sa.Column('extra', sa.Text(), nullable=True, comment="JSON object of the user's extra columns"),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_challenges_category_id_categories'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['winner_id'], ['enterprises.id'], name=op.f('fk_challenges_winner_id_enterprises'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenges')),
    comment='Special projects as challenges (揭榜挂帅): a checkable target, a budget and the capacity planned once the target is met.'
    )
    op.create_table('challenge_bids',
    sa.Column('challenge_id', sa.Text(), nullable=False),
    sa.Column('bidder_id', sa.Text(), nullable=False, comment='Bidding enterprise (the consortium lead)'),
    sa.Column('consortium', sa.Text(), nullable=True, comment="';'-separated ids of the consortium's other members"),
    sa.Column('requested_usd', sa.Double(), nullable=True, comment='Funding asked for'),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('extra', sa.Text(), nullable=True, comment="JSON object of the user's extra columns"),
    sa.ForeignKeyConstraint(['bidder_id'], ['enterprises.id'], name=op.f('fk_challenge_bids_bidder_id_enterprises'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_challenge_bids_challenge_id_challenges'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('challenge_id', 'bidder_id', name=op.f('pk_challenge_bids')),
    comment='Bids (揭榜) for challenges, by a lead and its consortium.'
    )
    op.create_table('challenge_milestones',
    sa.Column('challenge_id', sa.Text(), nullable=False),
    sa.Column('milestone', sa.Text(), nullable=False, comment='Milestone in words, e.g. prototype bench test'),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('trl', sa.Integer(), nullable=True, comment='Technology readiness level the gate requires (ISO 16290)'),
    sa.Column('mrl', sa.Integer(), nullable=True, comment='Manufacturing readiness level the gate requires (US DoD MRL Deskbook)'),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('decided', sa.Date(), nullable=True, comment='Date the gate was decided'),
    sa.Column('extra', sa.Text(), nullable=True, comment="JSON object of the user's extra columns"),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_challenge_milestones_challenge_id_challenges'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('challenge_id', 'milestone', name=op.f('pk_challenge_milestones')),
    comment='Milestones of challenges with their TRL/MRL gates.'
    )


def downgrade() -> None:
    op.drop_table('challenge_milestones')
    op.drop_table('challenge_bids')
    op.drop_table('challenges')
    op.drop_table('roadmap')
    op.drop_table('events')
    op.drop_table('editions')
