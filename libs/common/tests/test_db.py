"""Engines on real PostgreSQL: what the pool hands out."""

from __future__ import annotations

import asyncpg
from sqlalchemy import text

from zjtx.common.db import asyncpg_connect_kwargs, create_engine, with_database
from zjtx.common.testing.waiting import check, eventually


async def test_a_pooled_connection_the_server_closed_is_replaced_not_handed_out(pg_server_url):
    url = with_database(pg_server_url, "postgres")
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.connect() as connection:
            first = await connection.scalar(text("SELECT pg_backend_pid()"))
            pooled = (await connection.get_raw_connection()).driver_connection
        admin = await asyncpg.connect(**asyncpg_connect_kwargs(url))
        try:
            assert await admin.fetchval("SELECT pg_terminate_backend($1)", first)  # as a server restart does
        finally:
            await admin.close()
        await eventually(check(pooled.is_closed), timeout=5, what="the pooled connection hearing the server close it")
        async with engine.connect() as connection:
            assert await connection.scalar(text("SELECT pg_backend_pid()")) != first
    finally:
        await engine.dispose()
