"""credit lists: the registry's red and black list entries, read by the credit check (信用核查)

Existing data: none held yet. The registry publishes an entry when it is recorded or taken off; the
entries it made from earlier inspections in its own migration (registry_0004) are not published, so they
reach this view only once they change.

Revision ID: awards_0003
Revises: awards_0002
Create Date: 2026-12-02 13:45:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'awards_0003'
down_revision = 'awards_0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('credit_list_view',
    sa.Column('entry_id', sa.Uuid(), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('list', sa.String(length=10), nullable=False),
    sa.Column('listed_on', sa.Date(), nullable=False),
    sa.Column('removed_on', sa.Date(), nullable=True),
    sa.Column('authority', sa.String(length=100), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('entry_id', name=op.f('pk_credit_list_view'))
    )
    op.create_index(op.f('ix_credit_list_view_uscc'), 'credit_list_view', ['uscc'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_credit_list_view_uscc'), table_name='credit_list_view')
    op.drop_table('credit_list_view')
