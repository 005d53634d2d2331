"""Existing data migrates: a registry database as the previous release left it (registry_0002), with an
enterprise and history lines in it, upgraded to the heads: the enterprise gets its first version of
facts (from its registration, with the size class it had), and the history lines their order."""

from __future__ import annotations

import asyncio
import os
import uuid
from datetime import date, datetime

import asyncpg
from alembic import command

from zjtx.common.clock import CHINA
from zjtx.common.db import asyncpg_connect_kwargs, drop_database, ensure_database, with_database
from zjtx.common.migrations import alembic_config, migrate_async
from zjtx.common.testing.uscc import make_uscc
from zjtx.registry.definition import REGISTRY


async def test_an_enterprise_of_the_previous_release_gets_its_first_version_of_facts(pg_server_url):
    name = f"zjtx_test_registry_upgrade_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    await ensure_database(pg_server_url, name)
    url = with_database(pg_server_url, name)
    uscc = make_uscc(990)
    try:
        config = alembic_config(REGISTRY.schema, url)
        await asyncio.to_thread(command.upgrade, config, "platform@head")
        await asyncio.to_thread(command.upgrade, config, "registry_0002")
        connection = await asyncpg.connect(**asyncpg_connect_kwargs(url))
        try:
            await connection.execute(
                """INSERT INTO enterprises (id, uscc, name, district_code, sector, cluster, employees,
                   annual_revenue_fen, total_assets_fen, size_class, is_sme, registered_on, park_id)
                   VALUES ($1, $2, '旧企业', '150105', 'industry', 'agri_food', 120, 3500000000, NULL,
                           'small', true, '2019-05-08', NULL)""",
                uuid.uuid4(),
                uscc,
            )
            at = datetime(2024, 6, 18, 9, 0, tzinfo=CHINA)
            for summary in ("registered", "recognised", "renewed"):  # one instant, recorded in this order
                await connection.execute(
                    """INSERT INTO enterprise_history (id, uscc, event_id, event_type, producer, occurred_at,
                       summary, payload) VALUES ($1, $2, $3, 'registry.enterprise.x', 'registry', $4, $5, '{}')""",
                    uuid.uuid4(),
                    uscc,
                    uuid.uuid4(),
                    at,
                    summary,
                )
        finally:
            await connection.close()

        await migrate_async(REGISTRY.schema, url)

        connection = await asyncpg.connect(**asyncpg_connect_kwargs(url))
        try:
            version = await connection.fetchrow("SELECT * FROM enterprise_facts WHERE uscc = $1", uscc)
            current = await connection.fetchrow("SELECT effective_on FROM enterprises WHERE uscc = $1", uscc)
            history = await connection.fetch(
                "SELECT summary FROM enterprise_history WHERE uscc = $1 ORDER BY occurred_at, seq", uscc
            )
        finally:
            await connection.close()
    finally:
        await drop_database(pg_server_url, name)
    assert (version["effective_on"], version["employees"], version["annual_revenue_fen"]) == (
        date(2019, 5, 8),
        120,
        3_500_000_000,
    )
    assert (version["size_class"], version["is_sme"], version["sector"]) == ("small", True, "industry")
    assert current["effective_on"] == date(2019, 5, 8)
    assert [row["summary"] for row in history] == ["registered", "recognised", "renewed"]
