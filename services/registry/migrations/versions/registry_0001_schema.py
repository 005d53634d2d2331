"""registry schema: enterprises, recognitions, parks, pools, scale reports, service records, inspections, history

Revision ID: registry_0001
Revises:
Depends on: platform_0001
Create Date: 2026-12-02 08:00:00.000000
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = 'registry_0001'
down_revision = None
branch_labels = ('registry',)
depends_on = ('platform_0001',)


def upgrade() -> None:
    op.create_table('enterprise_history',
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('event_id', sa.Uuid(), nullable=False),
    sa.Column('event_type', sa.String(length=200), nullable=False),
    sa.Column('producer', sa.String(length=50), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('payload', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enterprise_history')),
    sa.UniqueConstraint('event_id', name=op.f('uq_enterprise_history_event_id'))
    )
    op.create_index(op.f('ix_enterprise_history_occurred_at'), 'enterprise_history', ['occurred_at'], unique=False)
    op.create_index(op.f('ix_enterprise_history_uscc'), 'enterprise_history', ['uscc'], unique=False)
    op.create_table('parks',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('district_code', sa.String(length=10), nullable=False),
    sa.Column('qualified_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parks')),
    sa.UniqueConstraint('name', name=op.f('uq_parks_name'))
    )
    op.create_table('enterprises',
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('district_code', sa.String(length=10), nullable=False),
    sa.Column('sector', sa.String(length=20), nullable=False),
    sa.Column('cluster', sa.String(length=40), nullable=True),
    sa.Column('employees', sa.Integer(), nullable=False),
    sa.Column('annual_revenue_fen', sa.BigInteger(), nullable=False),
    sa.Column('total_assets_fen', sa.BigInteger(), nullable=True),
    sa.Column('size_class', sa.String(length=10), nullable=False),
    sa.Column('is_sme', sa.Boolean(), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=False),
    sa.Column('park_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['park_id'], ['parks.id'], name=op.f('fk_enterprises_park_id_parks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enterprises')),
    sa.UniqueConstraint('uscc', name=op.f('uq_enterprises_uscc'))
    )
    op.create_index(op.f('ix_enterprises_cluster'), 'enterprises', ['cluster'], unique=False)
    op.create_index(op.f('ix_enterprises_district_code'), 'enterprises', ['district_code'], unique=False)
    op.create_index(op.f('ix_enterprises_park_id'), 'enterprises', ['park_id'], unique=False)
    op.create_index(op.f('ix_enterprises_sector'), 'enterprises', ['sector'], unique=False)
    op.create_index(op.f('ix_enterprises_size_class'), 'enterprises', ['size_class'], unique=False)
    op.create_table('inspections',
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('inspection_type', sa.String(length=100), nullable=False),
    sa.Column('department', sa.String(length=100), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('special_sector', sa.Boolean(), nullable=False),
    sa.Column('result', sa.Text(), nullable=True),
    sa.Column('list_entry', sa.String(length=10), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['uscc'], ['enterprises.uscc'], name=op.f('fk_inspections_uscc_enterprises')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspections'))
    )
    op.create_index(op.f('ix_inspections_uscc'), 'inspections', ['uscc'], unique=False)
    op.create_table('pool_memberships',
    sa.Column('pool', sa.String(length=40), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['uscc'], ['enterprises.uscc'], name=op.f('fk_pool_memberships_uscc_enterprises')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pool_memberships'))
    )
    op.create_index(op.f('ix_pool_memberships_uscc'), 'pool_memberships', ['uscc'], unique=False)
    op.create_index('uq_pool_memberships_active', 'pool_memberships', ['pool', 'uscc'], unique=True, postgresql_where=sa.text('left_on IS NULL'))
    op.create_table('recognitions',
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('tier', sa.String(length=40), nullable=False),
    sa.Column('document_no', sa.String(length=100), nullable=False),
    sa.Column('recognized_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('renewal', sa.Boolean(), nullable=False),
    sa.Column('held_tier_before', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('revoked_on', sa.Date(), nullable=True),
    sa.Column('revoked_reason', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['uscc'], ['enterprises.uscc'], name=op.f('fk_recognitions_uscc_enterprises')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recognitions'))
    )
    op.create_index(op.f('ix_recognitions_uscc'), 'recognitions', ['uscc'], unique=False)
    op.create_index('uq_recognitions_live_tier', 'recognitions', ['uscc', 'tier'], unique=True, postgresql_where=sa.text("status = 'valid'"))
    op.create_table('relocations',
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('moved_in_on', sa.Date(), nullable=False),
    sa.Column('moved_from', sa.String(length=200), nullable=False),
    sa.Column('moved_from_division_code', sa.String(length=6), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['uscc'], ['enterprises.uscc'], name=op.f('fk_relocations_uscc_enterprises')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_relocations'))
    )
    op.create_index(op.f('ix_relocations_uscc'), 'relocations', ['uscc'], unique=False)
    op.create_table('scale_reports',
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('main_business_revenue_fen', sa.BigInteger(), nullable=False),
    sa.Column('threshold_fen', sa.BigInteger(), nullable=False),
    sa.Column('above_scale', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['uscc'], ['enterprises.uscc'], name=op.f('fk_scale_reports_uscc_enterprises')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scale_reports')),
    sa.UniqueConstraint('uscc', 'year', name=op.f('uq_scale_reports_uscc_year'))
    )
    op.create_index(op.f('ix_scale_reports_uscc'), 'scale_reports', ['uscc'], unique=False)
    op.create_table('service_records',
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('programme', sa.String(length=40), nullable=True),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=True),
    sa.Column('report_ref', sa.String(length=200), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['uscc'], ['enterprises.uscc'], name=op.f('fk_service_records_uscc_enterprises')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_records'))
    )
    op.create_index(op.f('ix_service_records_kind'), 'service_records', ['kind'], unique=False)
    op.create_index(op.f('ix_service_records_occurred_on'), 'service_records', ['occurred_on'], unique=False)
    op.create_index(op.f('ix_service_records_uscc'), 'service_records', ['uscc'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_service_records_uscc'), table_name='service_records')
    op.drop_index(op.f('ix_service_records_occurred_on'), table_name='service_records')
    op.drop_index(op.f('ix_service_records_kind'), table_name='service_records')
    op.drop_table('service_records')
    op.drop_index(op.f('ix_scale_reports_uscc'), table_name='scale_reports')
    op.drop_table('scale_reports')
    op.drop_index(op.f('ix_relocations_uscc'), table_name='relocations')
    op.drop_table('relocations')
    op.drop_index('uq_recognitions_live_tier', table_name='recognitions', postgresql_where=sa.text("status = 'valid'"))
    op.drop_index(op.f('ix_recognitions_uscc'), table_name='recognitions')
    op.drop_table('recognitions')
    op.drop_index('uq_pool_memberships_active', table_name='pool_memberships', postgresql_where=sa.text('left_on IS NULL'))
    op.drop_index(op.f('ix_pool_memberships_uscc'), table_name='pool_memberships')
    op.drop_table('pool_memberships')
    op.drop_index(op.f('ix_inspections_uscc'), table_name='inspections')
    op.drop_table('inspections')
    op.drop_index(op.f('ix_enterprises_size_class'), table_name='enterprises')
    op.drop_index(op.f('ix_enterprises_sector'), table_name='enterprises')
    op.drop_index(op.f('ix_enterprises_park_id'), table_name='enterprises')
    op.drop_index(op.f('ix_enterprises_district_code'), table_name='enterprises')
    op.drop_index(op.f('ix_enterprises_cluster'), table_name='enterprises')
    op.drop_table('enterprises')
    op.drop_table('parks')
    op.drop_index(op.f('ix_enterprise_history_uscc'), table_name='enterprise_history')
    op.drop_index(op.f('ix_enterprise_history_occurred_at'), table_name='enterprise_history')
    op.drop_table('enterprise_history')
