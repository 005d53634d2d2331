"""The baseline of benchmarks 2 and 7, run as `python -m bench.bare_api` (DATABASE_URL, HTTP_PORT): a bare
FastAPI app whose endpoints validate the body and do one INSERT into a simple table (an enterprise, a
bank's event), served by uvicorn as zjtx.common.runtime serves a service (one worker, on the same event
loop, no access log)."""

from __future__ import annotations

import os
from typing import Any

import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from zjtx.common.db import create_engine
from zjtx.common.runtime import run

CREATE_TABLE = text("""
CREATE TABLE IF NOT EXISTS bench_enterprise (
    id bigserial PRIMARY KEY,
    uscc text NOT NULL UNIQUE,
    body jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
)""")
INSERT = text("INSERT INTO bench_enterprise (uscc, body) VALUES (:uscc, CAST(:body AS jsonb)) RETURNING id")
# The baseline of benchmark 10: a bank's event, validated and inserted as it came.
CREATE_EVENTS = text("""
CREATE TABLE IF NOT EXISTS bench_bank_event (
    id bigserial PRIMARY KEY,
    event_id text NOT NULL,
    body jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
)""")
INSERT_EVENT = text(
    "INSERT INTO bench_bank_event (event_id, body) VALUES (:event_id, CAST(:body AS jsonb)) RETURNING id"
)


class BankEventIn(BaseModel):
    event_id: str
    type: str
    bank_code: str
    occurred_at: str
    payload: dict[str, Any]


class EnterpriseIn(BaseModel):
    uscc: str
    name: str
    district_code: str
    sector: str
    cluster: str | None = None
    employees: int
    annual_revenue: str
    total_assets: str | None = None
    registered_on: str


def create_app(engine: AsyncEngine) -> FastAPI:
    app = FastAPI()

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/v1/enterprises", status_code=201)
    async def register(data: EnterpriseIn) -> dict[str, Any]:
        async with engine.begin() as connection:
            new_id = await connection.scalar(INSERT, {"uscc": data.uscc, "body": data.model_dump_json()})
        return {"id": new_id, **data.model_dump()}

    @app.post("/v1/bank-events")
    async def receive(data: BankEventIn) -> dict[str, Any]:
        async with engine.begin() as connection:
            new_id = await connection.scalar(INSERT_EVENT, {"event_id": data.event_id, "body": data.model_dump_json()})
        return {"id": new_id, "event_id": data.event_id, "status": "applied", "duplicate": False}

    return app


async def serve(database_url: str, port: int) -> None:
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.execute(CREATE_TABLE)
        await connection.execute(CREATE_EVENTS)
    config = uvicorn.Config(
        create_app(engine), host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="off"
    )
    try:
        await uvicorn.Server(config).serve()
    finally:
        await engine.dispose()


if __name__ == "__main__":
    run(serve(os.environ["DATABASE_URL"], int(os.environ["HTTP_PORT"])))
