"""makers: enterprise years, revenue and capacity per category, employees by occupation, capabilities, training (issue 16)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 23:45:23.943506
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('training',
    sa.Column('programme', sa.Text(), nullable=False, comment='Programme code and name (vocational or university), e.g. HN-V-017 数控技术'),
    sa.Column('occupation_code', sa.Text(), nullable=False, comment='Occupation the programme trains for (职业分类大典 2022 code)'),
    sa.Column('region', sa.Text(), nullable=False, comment='Province / state / region of the school'),
    sa.Column('graduates_per_year', sa.Double(), nullable=False),
    sa.Column('extra', sa.Text(), nullable=True, comment="JSON object of the user's extra columns"),
    sa.PrimaryKeyConstraint('programme', 'occupation_code', 'region', name=op.f('pk_training')),
    comment='Training supply: graduates per year by programme, occupation and region.'
    )
    op.create_table('capabilities',
    sa.Column('enterprise_id', sa.Text(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False, comment='e.g. raceway superfinishing; life test; ISO/IEC 17025'),
    sa.Column('precision_class', sa.Text(), nullable=True, comment='Best precision class reached, e.g. P4 (ISO 492)'),
    sa.Column('capacity', sa.Double(), nullable=True, comment="Capacity in the row's unit"),
    sa.Column('unit', sa.Text(), nullable=True, comment='Unit of capacity, e.g. pieces/year, test stations'),
    sa.Column('extra', sa.Text(), nullable=True, comment="JSON object of the user's extra columns"),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_capabilities_enterprise_id_enterprises'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('enterprise_id', 'kind', 'name', name=op.f('pk_capabilities')),
    comment='Processes, machines, tests and accreditations an enterprise has. Owned by the enterprise.'
    )
    op.create_table('enterprise_categories',
    sa.Column('enterprise_id', sa.Text(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Text(), nullable=False),
    sa.Column('revenue_usd', sa.Double(), nullable=False, comment='Main-business revenue in this key category'),
    sa.Column('capacity', sa.Double(), nullable=True, comment='Production capacity'),
    sa.Column('output', sa.Double(), nullable=True, comment='Production in the year'),
    sa.Column('segment', sa.Text(), nullable=True, comment="Market segment of the enterprise's products in this category (low-end ... high-end)"),
    sa.Column('extra', sa.Text(), nullable=True, comment="JSON object of the user's extra columns"),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_enterprise_categories_category_id_categories'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_enterprise_categories_enterprise_id_enterprises'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('enterprise_id', 'year', 'category_id', name=op.f('pk_enterprise_categories')),
    comment='Revenue and capacity per enterprise, year and key category (a future year is a capacity plan). Confidential to the enterprise.'
    )
    op.create_table('enterprise_occupations',
    sa.Column('enterprise_id', sa.Text(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('occupation_code', sa.Text(), nullable=False, comment='Occupation code of 中华人民共和国职业分类大典（2022年版）, e.g. 6-18-01-01'),
    sa.Column('employees', sa.Integer(), nullable=False),
    sa.Column('extra', sa.Text(), nullable=True, comment="JSON object of the user's extra columns"),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_enterprise_occupations_enterprise_id_enterprises'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('enterprise_id', 'year', 'occupation_code', name=op.f('pk_enterprise_occupations')),
    comment='Employees by occupation per enterprise and year. Confidential to the enterprise.'
    )
    op.create_table('enterprise_years',
    sa.Column('enterprise_id', sa.Text(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('revenue_usd', sa.Double(), nullable=False, comment='Operating revenue (营业收入) of the year'),
    sa.Column('main_business_revenue_usd', sa.Double(), nullable=True, comment='Revenue of the main business (主营业务收入); per key category in enterprise_categories.csv'),
    sa.Column('rd_spend_usd', sa.Double(), nullable=True, comment='R&D expenditure (研发费用) of the year'),
    sa.Column('employees', sa.Integer(), nullable=True, comment='Employees in total at year end'),
    sa.Column('invention_patents', sa.Integer(), nullable=True, comment='Granted invention patents held and in use (Class I IP, 发明专利)'),
    sa.Column('niche_market_share', sa.Double(), nullable=True, comment='Share (0-1) of the national market of its niche (细分市场占有率)'),
    sa.Column('export_share', sa.Double(), nullable=True, comment='Share (0-1) of revenue from exports'),
    sa.Column('niche_since', sa.Integer(), nullable=True, comment='Year the enterprise began serving its niche market'),
    sa.Column('debt_ratio', sa.Double(), nullable=True, comment='Liabilities over assets (资产负债率), 0-1 and above'),
    sa.Column('extra', sa.Text(), nullable=True, comment="JSON object of the user's extra columns"),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_enterprise_years_enterprise_id_enterprises'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('enterprise_id', 'year', name=op.f('pk_enterprise_years')),
    comment='Facts per enterprise and year (a future year holds a plan). Confidential to the enterprise.'
    )


def downgrade() -> None:
    op.drop_table('enterprise_years')
    op.drop_table('enterprise_occupations')
    op.drop_table('enterprise_categories')
    op.drop_table('capabilities')
    op.drop_table('training')
