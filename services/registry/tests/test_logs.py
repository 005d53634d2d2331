"""The registry's log as a real process writes it (zjtx.common.logs): every line one JSON object, an
access line per request with the route's template, the request's ids and the client; a failure's
traceback once, inside the line of its request, naming the statement but not its values."""

from __future__ import annotations

import json
import signal

import httpx
import pytest
from sqlalchemy import text

from zjtx.common.db import create_engine
from zjtx.common.testing.process import ServiceProcess
from zjtx.registry.definition import REGISTRY

from .factories import enterprise_body

pytestmark = [pytest.mark.broker, pytest.mark.slow]

KEY = "logs-test-key"
TRACE_ID = "0af7651916cd43dd8448eb211c80319c"


async def _rename(database_url: str, old: str, new: str) -> None:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.begin() as connection:
            await connection.execute(text(f"ALTER TABLE {old} RENAME TO {new}"))
    finally:
        await engine.dispose()


async def test_the_log_is_json_lines_with_ids_access_lines_and_one_traceback(database_url, committed, broker, tmp_path):
    registry = ServiceProcess(
        REGISTRY,
        database_url=database_url,
        bootstrap=broker.bootstrap_servers,
        workdir=tmp_path,
        clients={"platform": {"key": KEY, "scopes": ["registry:read", "registry:write"]}},
    )
    registry.start()
    try:
        headers = {"Authorization": f"Bearer {KEY}"}
        async with httpx.AsyncClient(base_url=registry.url, headers=headers) as http:
            body = enterprise_body(90)
            created = await http.post(
                "/v1/enterprises", json=body, headers={"traceparent": f"00-{TRACE_ID}-b7ad6b7169203331-01"}
            )
            assert created.status_code == 201, created.text
            await _rename(database_url, "enterprises", "enterprises_away")
            try:
                failed = await http.get(f"/v1/enterprises/{body['uscc']}")
            finally:
                await _rename(database_url, "enterprises_away", "enterprises")
            assert failed.status_code == 500
    finally:
        assert registry.signal(signal.SIGTERM) == 0

    raw = [line for line in registry.log.read_text().splitlines() if line]
    lines = [json.loads(line) for line in raw]  # each line one JSON object, or this fails
    assert {line["service"] for line in lines} == {"registry"}
    created_id, failed_id = created.headers["x-request-id"], failed.headers["x-request-id"]
    access = {line["request_id"]: line for line in lines if line["logger"] == "zjtx.access"}
    assert access[created_id]["http"]["route"] == "/v1/enterprises"
    assert (access[created_id]["http"]["status"], access[created_id]["client"]) == (201, "platform")
    assert (access[created_id]["trace_id"], access[created_id]["correlation_id"]) == (TRACE_ID, created_id)
    assert access[failed_id]["http"]["route"] == "/v1/enterprises/{uscc}"
    assert access[failed_id]["http"]["status"] == 500

    # The traceback once (not again by uvicorn), in the line of its request, without the bound values.
    assert sum("Traceback" in line for line in raw) == 1
    (failure,) = [line for line in lines if "exception" in line]
    assert (failure["request_id"], failure["client"]) == (failed_id, "platform")
    assert "enterprises" in failure["exception"] and "UndefinedTable" in failure["exception"]
    assert body["uscc"] not in failure["exception"]
