"""awards schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 11:17:17.680505
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=100), nullable=False),
    sa.Column('entity_type', sa.String(length=100), nullable=False),
    sa.Column('entity_id', sa.String(length=100), nullable=False),
    sa.Column('before', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('after', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('request_id', sa.String(length=100), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_index(op.f('ix_audit_log_at'), 'audit_log', ['at'], unique=False)
    op.create_index(op.f('ix_audit_log_entity_id'), 'audit_log', ['entity_id'], unique=False)
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
    sa.Column('parameters_version', sa.String(length=40), nullable=False),
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
    op.create_table('dead_letter',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('consumer', sa.String(length=100), nullable=False),
    sa.Column('event_id', sa.Uuid(), nullable=True),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('partition', sa.Integer(), nullable=False),
    sa.Column('offset', sa.BigInteger(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=True),
    sa.Column('raw', sa.Text(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('failed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('redriven_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dead_letter'))
    )
    op.create_index('uq_dead_letter_position', 'dead_letter', ['consumer', 'topic', 'partition', 'offset'], unique=True)
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
    op.create_table('idempotency_keys',
    sa.Column('client', sa.String(length=100), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('content_type', sa.String(length=100), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('client', 'key', name=op.f('pk_idempotency_keys'))
    )
    op.create_table('inbox',
    sa.Column('consumer', sa.String(length=100), nullable=False),
    sa.Column('event_id', sa.Uuid(), nullable=False),
    sa.Column('event_type', sa.String(length=200), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('consumer', 'event_id', name=op.f('pk_inbox'))
    )
    op.create_table('outbox',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('event_id', sa.Uuid(), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('event_type', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    sa.UniqueConstraint('event_id', name=op.f('uq_outbox_event_id'))
    )
    op.create_index('ix_outbox_unsent', 'outbox', ['id'], unique=False, postgresql_where=sa.text('sent_at IS NULL'))
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
    op.drop_index('ix_outbox_unsent', table_name='outbox', postgresql_where=sa.text('sent_at IS NULL'))
    op.drop_table('outbox')
    op.drop_table('inbox')
    op.drop_table('idempotency_keys')
    op.drop_index(op.f('ix_enterprise_view_district_code'), table_name='enterprise_view')
    op.drop_table('enterprise_view')
    op.drop_index('uq_dead_letter_position', table_name='dead_letter')
    op.drop_table('dead_letter')
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
    op.drop_index(op.f('ix_audit_log_entity_id'), table_name='audit_log')
    op.drop_index(op.f('ix_audit_log_at'), table_name='audit_log')
    op.drop_table('audit_log')
