"""The audit trail lists records in the order they were written (platform_0004's `seq`): the records of
one transaction share `at` (its start), and their ids are random, so without `seq` they would come back
in any order. Written singly and through audit_insert_many, read through GET /v1/audit page by page."""

from __future__ import annotations

import asyncio

import pytest

from zjtx.common.db import write
from zjtx.common.web.audit import Actor, AuditEntry, audit_insert, audit_insert_many, record_audit

ACTOR = Actor("tester", "request-1")
# 20 singly, then 20 in one statement: 40 records with random ids, a random order practically never
# the written one (1 in 40!).
SINGLY, MANY = 20, 20


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition  # a service with the platform tables and GET /v1/audit


async def write_in_one_transaction(sessions) -> list[str]:
    written = [f"single-{i:02}" for i in range(SINGLY)]
    batch = [f"many-{i:02}" for i in range(MANY)]
    async with sessions() as session, session.begin():
        for entity_id in written[:-1]:
            await record_audit(
                session,
                actor=ACTOR,
                action="thing.make",
                entity_type="thing",
                entity_id=entity_id,
                before=None,
                after=None,
            )
        # The last single one beside the batch, in one statement (a CTE write), listed first.
        last = audit_insert(
            actor=ACTOR, action="thing.make", entity_type="thing", entity_id=written[-1], before=None, after=None
        )
        entries = [
            AuditEntry(ACTOR, "thing.cancel", "thing", entity_id, None, {"n": i}) for i, entity_id in enumerate(batch)
        ]
        await write(session, last, audit_insert_many(entries))
    return written + batch


async def read_all_pages(client, keys, limit: int) -> tuple[list[str], int]:
    ids, cursor, pages = [], None, 0
    while True:
        params = {"limit": limit, "entity": "thing"} | ({"cursor": cursor} if cursor else {})
        response = await client.get("/v1/audit", params=params, headers=keys.headers("admin"))
        assert response.status_code == 200, response.text
        page = response.json()
        ids += [item["entity_id"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            return ids, pages


async def test_records_of_one_transaction_are_listed_in_the_order_written_across_pages(sessions, client, keys):
    written = await write_in_one_transaction(sessions)
    # 7 a page: page boundaries inside the single ones, inside the batch and between them.
    listed, pages = await read_all_pages(client, keys, limit=7)
    assert listed == written
    assert pages == 6


async def test_a_cursor_of_the_old_order_is_refused_not_a_500(client, keys):
    from zjtx.common.web.paging import encode_cursor

    old = encode_cursor(["2025-09-01T10:00:00+08:00", "5f0c6a52-8d7e-4c1b-9a43-2b6f1d0e7c91"])  # (at, id)
    response = await client.get("/v1/audit", params={"cursor": old}, headers=keys.headers("admin"))
    assert response.status_code == 400
    assert response.json()["code"] == "cursor_invalid"


async def test_platform_0004_numbers_existing_records_by_at_then_as_stored(throwaway, pg_server_url):
    """Rows written before the revision: an earlier transaction's first, then one transaction's 30 records
    (one `at`) as they lie in the table, i.e. as written; new rows are numbered after them."""
    import asyncpg
    from alembic import command
    from sqlalchemy.engine import make_url

    from zjtx.common.db import asyncpg_connect_kwargs, drop_database, ensure_database, with_database
    from zjtx.common.migrations import alembic_config

    # The database's name, not the URL's tail: the embedded server's URL ends in `?host=<socket dir>`.
    name = f"{make_url(throwaway.database_url).database}_seq"
    await ensure_database(pg_server_url, name)
    url = with_database(pg_server_url, name)
    insert = (
        "INSERT INTO audit_log (id, at, actor, action, entity_type, entity_id) "
        "VALUES (gen_random_uuid(), {}, 't', 'x', 't', $1)"
    )
    try:
        config = alembic_config(throwaway.definition.schema, url)
        await asyncio.to_thread(command.upgrade, config, "platform_0003")
        connection = await asyncpg.connect(**asyncpg_connect_kwargs(url))
        try:
            await connection.execute(insert.format("now() - interval '1 day'"), "earlier")
            async with connection.transaction():
                for i in range(30):
                    await connection.execute(insert.format("now()"), f"r{i:02}")
            await asyncio.to_thread(command.upgrade, config, "heads")
            listed = await connection.fetch("SELECT entity_id, seq FROM audit_log ORDER BY at, seq")
            new = await connection.fetchval(insert.format("now()") + " RETURNING seq", "new")
        finally:
            await connection.close()
    finally:
        await drop_database(pg_server_url, name)
    assert [row["entity_id"] for row in listed] == ["earlier"] + [f"r{i:02}" for i in range(30)]
    assert [row["seq"] for row in listed] == list(range(1, 32))
    assert new == 32
