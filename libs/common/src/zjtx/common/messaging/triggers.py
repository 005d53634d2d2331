"""DDL every service's migrations share: the trigger that wakes the relay when outbox rows commit.

A statement-level AFTER INSERT trigger on `outbox` NOTIFYs the relay's channel. PostgreSQL delivers a
NOTIFY only when its transaction commits, and folds repeats within one transaction, so a writer adds
its rows and pays no extra statement. A service whose outbox lacks the trigger still works: its
relay polls (RELAY_POLL_SECONDS) and warns at start-up."""

from __future__ import annotations

from zjtx.common.messaging.outbox import OUTBOX_CHANNEL

OUTBOX_NOTIFY_FUNCTION = "zjtx_outbox_notify"
OUTBOX_NOTIFY_TRIGGER = "outbox_notify"


def create_outbox_notify_trigger(op) -> None:
    """In a migration's upgrade(), after the outbox table exists: `create_outbox_notify_trigger(op)`."""
    op.execute(
        f"""
        CREATE OR REPLACE FUNCTION {OUTBOX_NOTIFY_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{OUTBOX_CHANNEL}', '');
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        f"CREATE TRIGGER {OUTBOX_NOTIFY_TRIGGER} AFTER INSERT ON outbox "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {OUTBOX_NOTIFY_FUNCTION}()"
    )


def drop_outbox_notify_trigger(op) -> None:
    """In the same migration's downgrade()."""
    op.execute(f"DROP TRIGGER IF EXISTS {OUTBOX_NOTIFY_TRIGGER} ON outbox")
    op.execute(f"DROP FUNCTION IF EXISTS {OUTBOX_NOTIFY_FUNCTION}()")
