"""idempotency keys get an index on `created_at`, the column the retention job deletes by

Revision ID: platform_0005
Revises: platform_0004
Create Date: 2026-12-03 07:10:00.000000
"""

from alembic import op

revision = "platform_0005"
down_revision = "platform_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_idempotency_keys_created_at", "idempotency_keys", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_idempotency_keys_created_at", table_name="idempotency_keys")
