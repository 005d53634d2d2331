"""each history line keeps its summary in Chinese beside the English one

Existing data: the lines recorded before have no Chinese (null) and read in English to every reader.

Revision ID: registry_0007
Revises: registry_0006
Create Date: 2026-12-02 20:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'registry_0007'
down_revision = 'registry_0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('enterprise_history', sa.Column('summary_zh', sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column('enterprise_history', 'summary_zh')
