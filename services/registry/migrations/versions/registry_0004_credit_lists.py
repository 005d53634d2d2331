"""credit lists: an enterprise put on the red or black list and taken off it, dated (信用核查)

Existing data: an inspection that recorded a red or black list entry becomes an entry of that list, put on
it on the inspection's end date by the inspecting department, not taken off.

Revision ID: registry_0004
Revises: registry_0003
Create Date: 2026-12-02 13:40:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'registry_0004'
down_revision = 'registry_0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('credit_list_entries',
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('list', sa.String(length=10), nullable=False),
    sa.Column('listed_on', sa.Date(), nullable=False),
    sa.Column('removed_on', sa.Date(), nullable=True),
    sa.Column('authority', sa.String(length=100), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('removal_reason', sa.Text(), nullable=True),
    sa.Column('inspection_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['uscc'], ['enterprises.uscc'], name=op.f('fk_credit_list_entries_uscc_enterprises')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credit_list_entries'))
    )
    op.create_index(op.f('ix_credit_list_entries_uscc'), 'credit_list_entries', ['uscc'], unique=False)
    op.execute(
        """
        INSERT INTO credit_list_entries (id, uscc, list, listed_on, authority, reason, inspection_id)
        SELECT gen_random_uuid(), uscc, list_entry, ended_on, department,
               'inspection ' || inspection_type || coalesce(': ' || result, ''), id
        FROM inspections WHERE list_entry IN ('red', 'black')
        """
    )


def downgrade() -> None:
    op.drop_index(op.f('ix_credit_list_entries_uscc'), table_name='credit_list_entries')
    op.drop_table('credit_list_entries')
