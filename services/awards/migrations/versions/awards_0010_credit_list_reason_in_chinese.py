"""the credit list view keeps an entry's reason in Chinese (the credit_listed event's reason_zh) beside
the English, for the credit check's answers in the reader's language

Existing data: entries kept before have no Chinese (null) and read as the registry sent them, until the
registry publishes the entry again (a removal); this service does not hold the inspections that would
tell the registry's words from a typed reason, so it does not guess.

Revision ID: awards_0010
Revises: awards_0009
Create Date: 2026-12-03 08:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'awards_0010'
down_revision = 'awards_0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('credit_list_view', sa.Column('reason_zh', sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column('credit_list_view', 'reason_zh')
