"""withdrawn recognitions: a recognition recorded in error is withdrawn with the reason (a correction)

Existing data: none is withdrawn.

Revision ID: registry_0005
Revises: registry_0004
Create Date: 2026-12-02 14:15:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'registry_0005'
down_revision = 'registry_0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('recognitions', sa.Column('withdrawn_reason', sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column('recognitions', 'withdrawn_reason')
