"""audit records keep the caller's own X-Request-ID beside ours

Revision ID: platform_0002
Revises: platform_0001
Create Date: 2026-12-02 12:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "platform_0002"
down_revision = "platform_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("client_request_id", sa.String(length=100), nullable=True))


def downgrade() -> None:
    op.drop_column("audit_log", "client_request_id")
