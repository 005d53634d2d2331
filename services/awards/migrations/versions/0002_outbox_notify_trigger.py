"""outbox notify trigger: committing outbox rows wakes the relay, with no statement from the writer

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 12:20:00.000000
"""
from alembic import op

from zjtx.common.messaging.triggers import create_outbox_notify_trigger, drop_outbox_notify_trigger

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_outbox_notify_trigger(op)


def downgrade() -> None:
    drop_outbox_notify_trigger(op)
