"""an award keeps the reasons the system gives (a revocation, a recovery) in Chinese beside the English

Existing data: awards revoked or flagged before have no Chinese (null) and read in English to every
reader; a reviewer's rejection reason is a person's words and has none either way.

Revision ID: awards_0009
Revises: awards_0008
Create Date: 2026-12-03 07:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'awards_0009'
down_revision = 'awards_0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('awards', sa.Column('closed_reason_zh', sa.Text(), nullable=True))
    op.add_column('awards', sa.Column('recovery_reason_zh', sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column('awards', 'recovery_reason_zh')
    op.drop_column('awards', 'closed_reason_zh')
