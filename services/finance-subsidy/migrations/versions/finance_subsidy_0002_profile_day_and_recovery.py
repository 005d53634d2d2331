"""finance-subsidy: the day an enterprise's profile holds from (registry enterprise events, version 2); the
kit workflow's record of a recovery (reference, day) and its longer status names (recovery_due)

Revision ID: finance_subsidy_0002
Revises: finance_subsidy_0001
Create Date: 2026-12-02 09:50:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'finance_subsidy_0002'
down_revision = 'finance_subsidy_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('enterprise_view', sa.Column('facts_effective_on', sa.Date(), nullable=True))
    op.add_column('subsidies', sa.Column('recovery_reference', sa.String(length=100), nullable=True))
    op.add_column('subsidies', sa.Column('recovered_on', sa.Date(), nullable=True))
    op.alter_column('subsidies', 'status', type_=sa.String(length=20), existing_type=sa.String(length=10), existing_nullable=False)


def downgrade() -> None:
    op.alter_column('subsidies', 'status', type_=sa.String(length=10), existing_type=sa.String(length=20), existing_nullable=False)
    op.drop_column('subsidies', 'recovered_on')
    op.drop_column('subsidies', 'recovery_reference')
    op.drop_column('enterprise_view', 'facts_effective_on')
