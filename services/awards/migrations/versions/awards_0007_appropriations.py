"""appropriations: what each funder (the city, a district or zone) set aside for a fiscal year (issue 12, item 6)

Existing data: no appropriation exists; payments recorded before count against their year's appropriations
once these are recorded (remaining may show below zero until then).

Revision ID: awards_0007
Revises: awards_0006
Create Date: 2026-12-02 15:10:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'awards_0007'
down_revision = 'awards_0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('appropriations',
    sa.Column('funder', sa.String(length=10), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appropriations'))
    )
    op.create_index('ix_appropriations_funder_year', 'appropriations', ['funder', 'fiscal_year'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_appropriations_funder_year', table_name='appropriations')
    op.drop_table('appropriations')
