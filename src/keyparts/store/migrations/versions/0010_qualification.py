"""qualification: applications, qualification cases and events, first-article inspections

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 23:55:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('applications',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('oem_id', sa.Text(), nullable=False, comment='The OEM that owns the application'),
    sa.Column('category_id', sa.Text(), nullable=False, comment='Category of the part it needs'),
    sa.Column('product_id', sa.Text(), nullable=True, comment='End product it is for'),
    sa.Column('loads', sa.Text(), nullable=True, comment="Operating point in the demands' syntax, e.g. Fr=4kN; Fa=0kN; n=1800rpm"),
    sa.Column('viscosity_cSt', sa.Double(), nullable=True, comment='Lubricant viscosity at operating temperature (for a_ISO, ISO 281 Annex A)'),
    sa.Column('lubricant', sa.Text(), nullable=True, comment='Lubricant in words, e.g. ISO VG 68 mineral oil'),
    sa.Column('temperature_C', sa.Double(), nullable=True, comment='Operating temperature'),
    sa.Column('cleanliness', sa.Text(), nullable=True, comment='Contamination level (ISO 281 Table 13 words, e.g. normal cleanliness) or an ISO 4406 code, e.g. -/17/14'),
    sa.Column('required_life_h', sa.Double(), nullable=False, comment='Life the part must reach at the reliability below'),
    sa.Column('reliability', sa.Double(), nullable=True, comment='Required reliability at the required life, e.g. 0.9 (empty: 0.9)'),
    sa.Column('beta', sa.Double(), nullable=True, comment="Weibull shape assumed for life demonstrations and test plans (the benchmark part's), e.g. 2"),
    sa.Column('duty_hours_per_year', sa.Double(), nullable=True, comment='Hours of operation per year (the first-use insured period)'),
    sa.Column('notes', sa.Text(), nullable=True, comment='Environment and other conditions in words'),
    sa.Column('extra', sa.Text(), nullable=True, comment="JSON object of the user's extra columns"),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_applications_category_id_categories'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['oem_id'], ['enterprises.id'], name=op.f('fk_applications_oem_id_enterprises'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_applications_product_id_products'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications')),
    comment="Operating envelopes of OEMs' applications (owned by the OEM: oem_id)."
    )
    op.create_table('qualification_cases',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('part_id', sa.Text(), nullable=False, comment='The substitute part (its maker is a party)'),
    sa.Column('oem_id', sa.Text(), nullable=False, comment='The OEM qualifying it (a party)'),
    sa.Column('application_id', sa.Text(), nullable=False, comment='The application it is qualified for'),
    sa.Column('lab_id', sa.Text(), nullable=True, comment='Test lab or institute taking part (a party), optional'),
    sa.Column('test_ids', sa.Text(), nullable=True, comment="';'-separated test_id of tests.csv campaigns of the part that are the case's bench-test evidence (empty: every campaign of the part)"),
    sa.Column('stage', sa.Text(), nullable=False, comment='Current stage (after the last recorded decision)'),
    sa.Column('opened', sa.Date(), nullable=False, comment='Date the case was opened (enters design_review)'),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('extra', sa.Text(), nullable=True, comment="JSON object of the user's extra columns"),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_qualification_cases_application_id_applications'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['lab_id'], ['enterprises.id'], name=op.f('fk_qualification_cases_lab_id_enterprises'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['oem_id'], ['enterprises.id'], name=op.f('fk_qualification_cases_oem_id_enterprises'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['part_id'], ['parts.id'], name=op.f('fk_qualification_cases_part_id_parts'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qualification_cases')),
    comment="One part x one OEM x one application through the OEM's qualification; visible to its parties only (the part's maker, oem_id, lab_id)."
    )
    op.create_table('inspections',
    sa.Column('case_id', sa.Text(), nullable=False),
    sa.Column('characteristic', sa.Text(), nullable=False, comment='Characteristic (drawing balloon), e.g. bore d'),
    sa.Column('sample', sa.Text(), nullable=False, comment='Sample (piece) id'),
    sa.Column('nominal', sa.Double(), nullable=False, comment='Nominal value'),
    sa.Column('lower_tol', sa.Double(), nullable=False, comment='Lower tolerance as a signed deviation from nominal, e.g. -0.012'),
    sa.Column('upper_tol', sa.Double(), nullable=False, comment='Upper tolerance as a signed deviation, e.g. 0'),
    sa.Column('measured', sa.Double(), nullable=False, comment='Measured value'),
    sa.Column('unit', sa.Text(), nullable=True, comment='Unit of nominal, tolerances and measured, e.g. mm'),
    sa.Column('extra', sa.Text(), nullable=True, comment="JSON object of the user's extra columns"),
    sa.ForeignKeyConstraint(['case_id'], ['qualification_cases.id'], name=op.f('fk_inspections_case_id_qualification_cases'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('case_id', 'characteristic', 'sample', name=op.f('pk_inspections')),
    comment='First-article inspection records (AS9102 form 3): one measured value per characteristic and sample.'
    )
    op.create_table('qualification_events',
    sa.Column('case_id', sa.Text(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('stage', sa.Text(), nullable=False, comment="Stage decided on (the case's stage at that date)"),
    sa.Column('decision', sa.Text(), nullable=False, comment='pass: on to the next stage; hold: stays; fail: rejected'),
    sa.Column('decided_by', sa.Text(), nullable=True, comment='Name of the person who decided'),
    sa.Column('note', sa.Text(), nullable=True, comment='Reason or remark in words'),
    sa.Column('extra', sa.Text(), nullable=True, comment="JSON object of the user's extra columns"),
    sa.ForeignKeyConstraint(['case_id'], ['qualification_cases.id'], name=op.f('fk_qualification_events_case_id_qualification_cases'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('case_id', 'date', 'stage', 'decision', name=op.f('pk_qualification_events')),
    comment="Decisions on qualification cases, in date order (the case's history)."
    )


def downgrade() -> None:
    op.drop_table('qualification_events')
    op.drop_table('inspections')
    op.drop_table('qualification_cases')
    op.drop_table('applications')
