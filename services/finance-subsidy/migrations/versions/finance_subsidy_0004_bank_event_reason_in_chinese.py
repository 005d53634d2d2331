"""a bank's event keeps why it is held or refused in Chinese beside the English, for staff

Existing data: events held or refused before have no Chinese (null) and read in English to every reader.

Revision ID: finance_subsidy_0004
Revises: finance_subsidy_0003
Create Date: 2026-12-03 08:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'finance_subsidy_0004'
down_revision = 'finance_subsidy_0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('bank_events', sa.Column('reason_zh', sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column('bank_events', 'reason_zh')
