"""one enterprise file: each history line keeps the date its fact is about, the client that acted, and
when the registry recorded it

Existing data: the lines recorded before keep no business date and no actor (null); their recording
time is taken as the time their event occurred.

Revision ID: registry_0006
Revises: registry_0005
Create Date: 2026-12-02 15:10:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'registry_0006'
down_revision = 'registry_0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('enterprise_history', sa.Column('business_date', sa.Date(), nullable=True))
    op.add_column('enterprise_history', sa.Column('actor', sa.String(length=100), nullable=True))
    op.add_column(
        'enterprise_history',
        sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=True),
    )
    op.execute('UPDATE enterprise_history SET recorded_at = occurred_at')
    op.alter_column('enterprise_history', 'recorded_at', nullable=False)


def downgrade() -> None:
    op.drop_column('enterprise_history', 'recorded_at')
    op.drop_column('enterprise_history', 'actor')
    op.drop_column('enterprise_history', 'business_date')
