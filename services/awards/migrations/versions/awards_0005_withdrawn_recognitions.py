"""withdrawn recognitions: the reason a recognition was withdrawn as recorded in error (a correction)

Existing data: none is withdrawn.

Revision ID: awards_0005
Revises: awards_0004
Create Date: 2026-12-02 14:20:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'awards_0005'
down_revision = 'awards_0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('recognition_view', sa.Column('withdrawn_reason', sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column('recognition_view', 'withdrawn_reason')
