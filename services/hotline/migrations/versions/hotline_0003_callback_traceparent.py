"""a callback keeps the trace context of the event it was made for, to send it to the 12345 system

Revision ID: hotline_0003
Revises: hotline_0002
Create Date: 2026-12-02 20:10:00.000000
"""
from alembic import op
import sqlalchemy as sa

revision = 'hotline_0003'
down_revision = 'hotline_0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: callbacks made before this revision, and of events that carried no trace, have none.
    op.add_column('callback', sa.Column('traceparent', sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column('callback', 'traceparent')
