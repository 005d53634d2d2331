"""Logs an operator can search (zjtx.common.logs): one JSON object per line with the request's ids and the
client, a traceback inside its line, an access line per request, and no SQL values or personal data."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from zjtx.common.db import create_engine, with_database
from zjtx.common.kit import create_app
from zjtx.common.logs import configure_logging, log_context, mask_personal_data

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"
SECRET_NAME = "张三丰的秘密企业"


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """The process's logging configured as a service configures it, into a buffer; restored after."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    stream = io.StringIO()
    configure_logging(logging.INFO, service="logtest", stream=stream)
    yield stream
    root.handlers[:], level = saved
    root.setLevel(level)


def lines(stream: io.StringIO) -> list[dict]:
    """Every line written, each parsed as one JSON object (a line that is not one fails the test)."""
    return [json.loads(line) for line in stream.getvalue().splitlines() if line]


def test_a_traceback_stays_inside_its_line(captured):
    with log_context(correlation_id="c-1", request_id="r-1"):
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("zjtx.test").exception("it failed for %s", "x")
    (line,) = lines(captured)
    assert line["message"] == "it failed for x"
    assert line["service"] == "logtest"
    assert (line["request_id"], line["correlation_id"]) == ("r-1", "c-1")
    assert "Traceback" in line["exception"] and "ValueError: boom" in line["exception"]


def test_phone_and_identity_numbers_are_masked(captured):
    logging.getLogger("zjtx.test").warning("caller 13812345678, id 110105199003071234, uscc 91310110666007217T")
    (line,) = lines(captured)
    assert line["message"] == "caller 138****5678, id 110105***********4, uscc 91310110666007217T"
    assert mask_personal_data("amount 4138123456789") == "amount 4138123456789"  # not a phone number


async def test_a_failed_statement_logs_no_bound_values(captured, pg_server_url):
    engine = create_engine(with_database(pg_server_url, "postgres"), pool_size=1)
    try:
        async with engine.connect() as connection:
            with pytest.raises(DBAPIError) as failure:
                statement = text("SELECT no_such_column FROM pg_class WHERE relname = :name")
                await connection.execute(statement, {"name": SECRET_NAME})
        logging.getLogger("zjtx.test").error("query failed", exc_info=failure.value)
    finally:
        await engine.dispose()
    (line,) = lines(captured)
    assert "no_such_column" in line["exception"]
    assert SECRET_NAME not in json.dumps(line, ensure_ascii=False)


async def test_each_request_gets_an_access_line_with_its_ids_and_a_500_logs_its_traceback_once(
    captured, service_definition, settings, sessions, keys
):
    app = create_app(service_definition, settings, sessions=sessions, clients=keys.store)

    @app.get("/v1/things/{thing_id}")
    async def thing(thing_id: str) -> dict[str, str]:
        logging.getLogger("zjtx.test").info("looking at %s", thing_id)
        if thing_id == "broken":
            raise RuntimeError("the thing broke")
        return {"thing": thing_id}

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        ok = await http.get("/v1/things/7", headers={**keys.headers("admin"), "traceparent": TRACEPARENT})
        broken = await http.get("/v1/things/broken", headers=keys.headers("admin"))
    assert (ok.status_code, broken.status_code) == (200, 500)
    written = lines(captured)
    ok_id, broken_id = ok.headers["x-request-id"], broken.headers["x-request-id"]
    inside = next(line for line in written if line["message"] == "looking at 7")
    assert (inside["request_id"], inside["correlation_id"], inside["trace_id"], inside["client"]) == (
        ok_id,
        ok_id,
        TRACE_ID,
        "admin",
    )
    access = [line for line in written if line["logger"] == "zjtx.access"]
    assert [(a["request_id"], a["http"]["route"], a["http"]["status"], a["client"]) for a in access] == [
        (ok_id, "/v1/things/{thing_id}", 200, "admin"),
        (broken_id, "/v1/things/{thing_id}", 500, "admin"),
    ]
    tracebacks = [line for line in written if "exception" in line]
    assert len(tracebacks) == 1
    assert tracebacks[0]["request_id"] == broken_id and tracebacks[0]["client"] == "admin"
    assert "RuntimeError: the thing broke" in tracebacks[0]["exception"]
