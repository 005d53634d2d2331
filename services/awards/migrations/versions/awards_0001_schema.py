"""awards schema: awards and their funding, claims, the read models of the registry

Revision ID: awards_0001
Revises:
Depends on: platform_0001
Create Date: 2026-12-02 08:00:00.000000
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = 'awards_0001'
down_revision = None
branch_labels = ('awards',)
depends_on = ('platform_0001',)


def upgrade() -> None:
    op.create_table('awards',
    sa.Column('dedup_key', sa.String(length=300), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=True),
    sa.Column('park_id', sa.Uuid(), nullable=True),
    sa.Column('subject_name', sa.String(length=200), nullable=False),
    sa.Column('district_code', sa.String(length=10), nullable=False),
    sa.Column('rule', sa.String(length=20), nullable=False),
    sa.Column('monetary', sa.Boolean(), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reference_date', sa.Date(), nullable=False),
    sa.Column('parameters_version', sa.String(length=100), nullable=False),
    sa.Column('explanation', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('source_event_id', sa.Uuid(), nullable=True),
    sa.Column('source_recognition_id', sa.Uuid(), nullable=True),
    sa.Column('claim_id', sa.Uuid(), nullable=True),
    sa.Column('reviewed_by', sa.String(length=100), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by', sa.String(length=100), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('payment_reference', sa.String(length=100), nullable=True),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('closed_reason', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_awards')),
    sa.UniqueConstraint('dedup_key', name=op.f('uq_awards_dedup_key'))
    )
    op.create_index(op.f('ix_awards_district_code'), 'awards', ['district_code'], unique=False)
    op.create_index(op.f('ix_awards_park_id'), 'awards', ['park_id'], unique=False)
    op.create_index(op.f('ix_awards_reference_date'), 'awards', ['reference_date'], unique=False)
    op.create_index(op.f('ix_awards_rule'), 'awards', ['rule'], unique=False)
    op.create_index(op.f('ix_awards_source_recognition_id'), 'awards', ['source_recognition_id'], unique=False)
    op.create_index(op.f('ix_awards_status'), 'awards', ['status'], unique=False)
    op.create_index(op.f('ix_awards_uscc'), 'awards', ['uscc'], unique=False)
    op.create_table('claims',
    sa.Column('rule', sa.String(length=20), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('submitted_by', sa.String(length=100), nullable=False),
    sa.Column('evidence', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('explanation', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('award_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claims'))
    )
    op.create_index(op.f('ix_claims_rule'), 'claims', ['rule'], unique=False)
    op.create_index(op.f('ix_claims_uscc'), 'claims', ['uscc'], unique=False)
    op.create_table('enterprise_view',
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('district_code', sa.String(length=10), nullable=False),
    sa.Column('sector', sa.String(length=20), nullable=False),
    sa.Column('cluster', sa.String(length=40), nullable=True),
    sa.Column('size_class', sa.String(length=10), nullable=False),
    sa.Column('is_sme', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('uscc', name=op.f('pk_enterprise_view'))
    )
    op.create_index(op.f('ix_enterprise_view_district_code'), 'enterprise_view', ['district_code'], unique=False)
    op.create_table('recognition_view',
    sa.Column('recognition_id', sa.Uuid(), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('tier', sa.String(length=40), nullable=False),
    sa.Column('recognized_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('renewal', sa.Boolean(), nullable=False),
    sa.Column('held_tier_before', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('revoked_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('recognition_id', name=op.f('pk_recognition_view'))
    )
    op.create_index(op.f('ix_recognition_view_uscc'), 'recognition_view', ['uscc'], unique=False)
    op.create_table('relocation_view',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('moved_in_on', sa.Date(), nullable=False),
    sa.Column('moved_from', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_relocation_view')),
    sa.UniqueConstraint('uscc', 'moved_in_on', name=op.f('uq_relocation_view_uscc_moved_in_on'))
    )
    op.create_index(op.f('ix_relocation_view_uscc'), 'relocation_view', ['uscc'], unique=False)
    op.create_table('scale_report_view',
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('above_scale', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('uscc', 'year', name=op.f('pk_scale_report_view'))
    )
    op.create_table('award_funding',
    sa.Column('award_id', sa.Uuid(), nullable=False),
    sa.Column('funder', sa.String(length=10), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['award_id'], ['awards.id'], name=op.f('fk_award_funding_award_id_awards'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('award_id', 'funder', name=op.f('pk_award_funding'))
    )


def downgrade() -> None:
    op.drop_table('award_funding')
    op.drop_table('scale_report_view')
    op.drop_index(op.f('ix_relocation_view_uscc'), table_name='relocation_view')
    op.drop_table('relocation_view')
    op.drop_index(op.f('ix_recognition_view_uscc'), table_name='recognition_view')
    op.drop_table('recognition_view')
    op.drop_index(op.f('ix_enterprise_view_district_code'), table_name='enterprise_view')
    op.drop_table('enterprise_view')
    op.drop_index(op.f('ix_claims_uscc'), table_name='claims')
    op.drop_index(op.f('ix_claims_rule'), table_name='claims')
    op.drop_table('claims')
    op.drop_index(op.f('ix_awards_uscc'), table_name='awards')
    op.drop_index(op.f('ix_awards_status'), table_name='awards')
    op.drop_index(op.f('ix_awards_source_recognition_id'), table_name='awards')
    op.drop_index(op.f('ix_awards_rule'), table_name='awards')
    op.drop_index(op.f('ix_awards_reference_date'), table_name='awards')
    op.drop_index(op.f('ix_awards_park_id'), table_name='awards')
    op.drop_index(op.f('ix_awards_district_code'), table_name='awards')
    op.drop_table('awards')
