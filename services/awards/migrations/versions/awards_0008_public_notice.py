"""public notice: an award's notice period, and the objections raised against it (issue 12, item 5)

Existing data: awards reviewed before have no notice period; they are approved as before.

Revision ID: awards_0008
Revises: awards_0007
Create Date: 2026-12-02 15:20:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'awards_0008'
down_revision = 'awards_0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('awards', sa.Column('notice_starts_on', sa.Date(), nullable=True))
    op.add_column('awards', sa.Column('notice_ends_on', sa.Date(), nullable=True))
    op.create_table('award_objections',
    sa.Column('award_id', sa.Uuid(), nullable=False),
    sa.Column('raised_by', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.Column('resolved_by', sa.String(length=100), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['award_id'], ['awards.id'], name=op.f('fk_award_objections_award_id_awards'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_objections'))
    )
    op.create_index(op.f('ix_award_objections_award_id'), 'award_objections', ['award_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_award_objections_award_id'), table_name='award_objections')
    op.drop_table('award_objections')
    op.drop_column('awards', 'notice_ends_on')
    op.drop_column('awards', 'notice_starts_on')
