"""The plan the server keeps for a statement: what a test of a hot statement's plan reads.

A prepared statement is planned afresh for its first five executions, then given a generic plan, made
once without its values and kept until the tables are next analysed. A plan chosen while a table was small
(a new service, a new year) can be kept while the table grows; the tests ask for that plan at once, on
the tests' small tables."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.ext.asyncio import AsyncEngine

from zjtx.common.db import driver_statement


async def generic_plan(engine: AsyncEngine, statement: Executable) -> dict[str, Any]:
    """The generic plan of `statement` (as zjtx.common.driver sends it), as EXPLAIN (FORMAT JSON) gives it."""
    compiled = driver_statement(engine.dialect, statement)
    sql, count = compiled.sql, len(compiled.names)  # $1 … $count, each named once
    execute = f"EXECUTE planned({', '.join(['NULL'] * count)})" if count else "EXECUTE planned"
    async with engine.connect() as connection:
        raw = (await connection.get_raw_connection()).driver_connection
        async with raw.transaction():
            await raw.execute("SET LOCAL plan_cache_mode = force_generic_plan")
            await raw.execute(f"PREPARE planned AS {sql}")
            try:
                explained = await raw.fetchval(f"EXPLAIN (FORMAT JSON) {execute}")
            finally:
                await raw.execute("DEALLOCATE planned")
    if isinstance(explained, str):  # unless a codec of the engine has read the JSON already
        explained = json.loads(explained)
    return explained[0]["Plan"]


def plan_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every node of a plan, the top first."""
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)
