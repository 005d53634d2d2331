"""a credit list entry keeps the reason the registry gives it (an inspection's list entry) in Chinese
beside the English

Existing data: an entry made from an inspection (by the API, or by registry_0004) whose reason is still
the one the registry wrote ('inspection <type>: <result>') gets its Chinese ('<type>检查：<result>');
a reason a client typed is a person's words and has none (it reads as typed).

Revision ID: registry_0009
Revises: registry_0008
Create Date: 2026-12-03 08:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'registry_0009'
down_revision = 'registry_0008'
branch_labels = None
depends_on = None


BACKFILL = """
UPDATE credit_list_entries c
SET reason_zh = i.inspection_type || '检查' || coalesce('：' || i.result, '')
FROM inspections i
WHERE c.inspection_id = i.id
  AND c.reason = 'inspection ' || i.inspection_type || coalesce(': ' || i.result, '')
"""


def upgrade() -> None:
    op.add_column('credit_list_entries', sa.Column('reason_zh', sa.Text(), nullable=True))
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_column('credit_list_entries', 'reason_zh')
