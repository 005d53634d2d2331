"""the credit list entries registry_0004 made from inspections are published, and written into the history

registry_0004 turned each inspection's red or black list entry into a credit list entry, but wrote it
straight into the table: no `registry.enterprise.credit_listed` event went out, so the services that keep
their own copy of the lists (awards, for 信用核查) never learned of it, and a black-listed enterprise's award
could go through; nor did the enterprise's history show it.

Existing data: every entry without a history line of its own (an entry the registry recorded itself has
one, written with its event; only registry_0004's have none) gets its event in the outbox, as the registry
would have written it (producer registry, no actor: no client acted), and its history line, dated on the
day it was put on the list. A consumer keeps the latest state per entry_id, so an entry it already had is
simply kept.

Revision ID: registry_0008
Revises: registry_0007
Create Date: 2026-12-02 20:30:00.000000
"""
from alembic import op


revision = 'registry_0008'
down_revision = 'registry_0007'
branch_labels = None
depends_on = None


# One statement: the outbox row and the history line of each entry share its event id. The CTE that
# draws the ids is evaluated once (PostgreSQL materialises a CTE that calls a volatile function).
PUBLISH = """
WITH unpublished AS (
    SELECT c.id AS entry_id, c.uscc, c.list, c.listed_on, c.removed_on, c.authority, c.reason,
           e.district_code, gen_random_uuid() AS event_id, now() AS occurred_at,
           CASE WHEN c.removed_on IS NULL THEN 'registry.enterprise.credit_listed'
                ELSE 'registry.enterprise.credit_list_removed' END AS event_type
    FROM credit_list_entries c JOIN enterprises e ON e.uscc = c.uscc
    WHERE NOT EXISTS (
        SELECT 1 FROM enterprise_history h
        WHERE h.uscc = c.uscc AND h.payload ->> 'entry_id' = c.id::text
    )
), enveloped AS (
    SELECT u.*, jsonb_build_object(
        'entry_id', entry_id, 'uscc', uscc, 'list', list, 'listed_on', listed_on, 'removed_on', removed_on,
        'authority', authority, 'reason', reason, 'district_code', district_code
    ) AS payload
    FROM unpublished u
), outboxed AS (
    INSERT INTO outbox (event_id, topic, key, event_type, body)
    SELECT event_id, 'registry.enterprise', uscc, event_type,
           jsonb_build_object(
               'event_id', event_id, 'event_type', event_type, 'event_version', 1, 'occurred_at', occurred_at,
               'producer', 'registry', 'key', uscc, 'correlation_id', NULL, 'causation_id', NULL,
               'traceparent', NULL, 'actor', NULL, 'payload', payload
           )::text
    FROM enveloped
    ORDER BY listed_on, entry_id
)
INSERT INTO enterprise_history (id, uscc, event_id, event_type, producer, occurred_at, summary, summary_zh,
                                payload, business_date, actor)
SELECT gen_random_uuid(), uscc, event_id, event_type, 'registry', occurred_at,
       CASE WHEN removed_on IS NULL THEN 'put on the ' || list || ' list on ' || listed_on || ' by ' || authority
            ELSE 'taken off the ' || list || ' list on ' || removed_on END,
       CASE WHEN removed_on IS NULL
            THEN listed_on || '由' || authority || '列入' || CASE list WHEN 'black' THEN '黑名单' ELSE '红名单' END
            ELSE removed_on || '移出' || CASE list WHEN 'black' THEN '黑名单' ELSE '红名单' END END,
       payload, coalesce(removed_on, listed_on), NULL
FROM enveloped
"""


def upgrade() -> None:
    op.execute(PUBLISH)


def downgrade() -> None:
    pass  # what was published stays published: the consumers have it
