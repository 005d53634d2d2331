"""explanations of derived facts: how an enterprise's size class and a year's scale were derived

Revision ID: registry_0002
Revises: registry_0001
Create Date: 2026-12-02 10:00:00.000000
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = 'registry_0002'
down_revision = 'registry_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('enterprises', sa.Column('size_explanation', postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.add_column('scale_reports', sa.Column('explanation', postgresql.JSONB(astext_type=sa.Text()), nullable=True))


def downgrade() -> None:
    op.drop_column('scale_reports', 'explanation')
    op.drop_column('enterprises', 'size_explanation')
