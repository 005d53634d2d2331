"""a complaint keeps why it does not count (a merged or withdrawn ticket) in Chinese beside the English

Existing data: the two reasons the service wrote get their Chinese (已合并到其他工单, 来电人已撤回).

Revision ID: payments_watch_0002
Revises: payments_watch_0001
Create Date: 2026-12-03 08:20:00.000000
"""
from alembic import op
import sqlalchemy as sa

revision = 'payments_watch_0002'
down_revision = 'payments_watch_0001'
branch_labels = None
depends_on = None


BACKFILL = """
UPDATE complaints SET excluded_reason_zh = CASE excluded_reason
    WHEN 'merged into another ticket' THEN '已合并到其他工单'
    WHEN 'withdrawn by the caller' THEN '来电人已撤回'
END
WHERE excluded_reason IS NOT NULL
"""


def upgrade() -> None:
    op.add_column('complaints', sa.Column('excluded_reason_zh', sa.String(length=200), nullable=True))
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_column('complaints', 'excluded_reason_zh')
