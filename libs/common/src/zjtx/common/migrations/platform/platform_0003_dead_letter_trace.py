"""dead letters keep the envelope's correlation id, causation id and W3C traceparent

Revision ID: platform_0003
Revises: platform_0002
Create Date: 2026-12-02 20:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "platform_0003"
down_revision = "platform_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: rows parked before this revision, and messages that were not envelopes, have none.
    op.add_column("dead_letter", sa.Column("correlation_id", sa.Uuid(), nullable=True))
    op.add_column("dead_letter", sa.Column("causation_id", sa.Uuid(), nullable=True))
    op.add_column("dead_letter", sa.Column("traceparent", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("dead_letter", "traceparent")
    op.drop_column("dead_letter", "causation_id")
    op.drop_column("dead_letter", "correlation_id")
