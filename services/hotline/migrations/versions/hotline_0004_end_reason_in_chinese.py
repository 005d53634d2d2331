"""a ticket keeps the end reason the service writes (a merge without a given reason) in Chinese beside the
English

Existing data: tickets merged before have no Chinese (null) and read in English to every reader; a
reason a person typed is theirs and has none either way.

Revision ID: hotline_0004
Revises: hotline_0003
Create Date: 2026-12-03 08:10:00.000000
"""
from alembic import op
import sqlalchemy as sa

revision = 'hotline_0004'
down_revision = 'hotline_0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('ticket', sa.Column('end_reason_zh', sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column('ticket', 'end_reason_zh')
