"""recoveries: the money that came back of an award flagged recovery_due, in one payment or several (追回)

Existing data: an award already recovered keeps its reference and day on the award; it has no rows here.

Revision ID: awards_0006
Revises: awards_0005
Create Date: 2026-12-02 14:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'awards_0006'
down_revision = 'awards_0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('award_recoveries',
    sa.Column('award_id', sa.Uuid(), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=False),
    sa.Column('recovered_on', sa.Date(), nullable=False),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['award_id'], ['awards.id'], name=op.f('fk_award_recoveries_award_id_awards'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_recoveries'))
    )
    op.create_index(op.f('ix_award_recoveries_award_id'), 'award_recoveries', ['award_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_award_recoveries_award_id'), table_name='award_recoveries')
    op.drop_table('award_recoveries')
