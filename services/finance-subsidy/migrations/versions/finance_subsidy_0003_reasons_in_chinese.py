"""a subsidy keeps the reasons the system gives (a revocation, a recovery) in Chinese beside the English
(the kit workflow's columns)

Existing data: subsidies revoked or flagged before have no Chinese (null) and read in English to every
reader; a reviewer's rejection reason is a person's words and has none either way.

Revision ID: finance_subsidy_0003
Revises: finance_subsidy_0002
Create Date: 2026-12-03 07:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'finance_subsidy_0003'
down_revision = 'finance_subsidy_0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('subsidies', sa.Column('closed_reason_zh', sa.Text(), nullable=True))
    op.add_column('subsidies', sa.Column('recovery_reason_zh', sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column('subsidies', 'recovery_reason_zh')
    op.drop_column('subsidies', 'closed_reason_zh')
