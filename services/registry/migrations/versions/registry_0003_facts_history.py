"""the history of an enterprise's facts and size class; sixteen sectors; history lines in recording order;
scale reports by licence

Existing enterprises get their first version of facts, in effect from their registration date, with the
size class they have now (the five sectors known so far keep the thresholds they had); existing history
lines are numbered in the order the table holds them.

Revision ID: registry_0003
Revises: registry_0002
Create Date: 2026-12-02 08:24:53.280592
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = 'registry_0003'
down_revision = 'registry_0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('enterprise_facts',
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('district_code', sa.String(length=10), nullable=False),
    sa.Column('sector', sa.String(length=30), nullable=False),
    sa.Column('cluster', sa.String(length=40), nullable=True),
    sa.Column('employees', sa.Integer(), nullable=False),
    sa.Column('annual_revenue_fen', sa.BigInteger(), nullable=False),
    sa.Column('total_assets_fen', sa.BigInteger(), nullable=True),
    sa.Column('park_id', sa.Uuid(), nullable=True),
    sa.Column('size_class', sa.String(length=10), nullable=False),
    sa.Column('is_sme', sa.Boolean(), nullable=False),
    sa.Column('size_explanation', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('changed', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['park_id'], ['parks.id'], name=op.f('fk_enterprise_facts_park_id_parks')),
    sa.ForeignKeyConstraint(['uscc'], ['enterprises.uscc'], name=op.f('fk_enterprise_facts_uscc_enterprises')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enterprise_facts')),
    sa.UniqueConstraint('uscc', 'effective_on', name=op.f('uq_enterprise_facts_uscc_effective_on'))
    )
    op.create_index(op.f('ix_enterprise_facts_park_id'), 'enterprise_facts', ['park_id'], unique=False)
    op.create_index(op.f('ix_enterprise_facts_uscc'), 'enterprise_facts', ['uscc'], unique=False)
    op.add_column('enterprise_history', sa.Column('seq', sa.BigInteger(), sa.Identity(always=False), nullable=False))
    op.create_unique_constraint(op.f('uq_enterprise_history_seq'), 'enterprise_history', ['seq'])
    op.add_column('enterprises', sa.Column('effective_on', sa.Date(), nullable=True))
    op.execute("UPDATE enterprises SET effective_on = registered_on")
    op.alter_column('enterprises', 'effective_on', existing_type=sa.Date(), nullable=False)
    op.execute(
        """
        INSERT INTO enterprise_facts (
            id, uscc, effective_on, name, district_code, sector, cluster, employees, annual_revenue_fen,
            total_assets_fen, park_id, size_class, is_sme, size_explanation, changed
        )
        SELECT gen_random_uuid(), uscc, registered_on, name, district_code, sector, cluster, employees,
               annual_revenue_fen, total_assets_fen, park_id, size_class, is_sme, size_explanation,
               '["annual_revenue", "cluster", "district_code", "employees", "name", "park_id", "sector", "total_assets"]'::jsonb
        FROM enterprises
        """
    )
    op.alter_column('enterprises', 'sector',
               existing_type=sa.VARCHAR(length=20),
               type_=sa.String(length=30),
               existing_nullable=False)
    op.add_column('scale_reports', sa.Column('qualified_by_licence', sa.Boolean(), nullable=True))
    op.alter_column('scale_reports', 'threshold_fen',
               existing_type=sa.BIGINT(),
               nullable=True)



def downgrade() -> None:
    op.alter_column('scale_reports', 'threshold_fen',
               existing_type=sa.BIGINT(),
               nullable=False)
    op.drop_column('scale_reports', 'qualified_by_licence')
    op.alter_column('enterprises', 'sector',
               existing_type=sa.String(length=30),
               type_=sa.VARCHAR(length=20),
               existing_nullable=False)
    op.drop_column('enterprises', 'effective_on')
    op.drop_constraint(op.f('uq_enterprise_history_seq'), 'enterprise_history', type_='unique')
    op.drop_column('enterprise_history', 'seq')
    op.drop_index(op.f('ix_enterprise_facts_uscc'), table_name='enterprise_facts')
    op.drop_index(op.f('ix_enterprise_facts_park_id'), table_name='enterprise_facts')
    op.drop_table('enterprise_facts')

