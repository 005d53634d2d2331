"""The baseline of benchmark 8, run as `python -m bench.bare_tickets` (DATABASE_URL, HTTP_PORT): a bare
FastAPI app whose one endpoint validates a 12345 complaint's body and does one INSERT into a simple
table, served by uvicorn as zjtx.common.runtime serves a service (one worker, on the same event loop, no
access log). No key, no signature, no routing, no deadline, no event: the floor of a durable intake."""

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
CREATE TABLE IF NOT EXISTS bench_ticket (
    id bigserial PRIMARY KEY,
    external_id text NOT NULL UNIQUE,
    body jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
)""")
INSERT = text("INSERT INTO bench_ticket (external_id, body) VALUES (:external_id, CAST(:body AS jsonb)) RETURNING id")


class TicketIn(BaseModel):
    external_id: str
    received_at: str
    channel: str
    uscc: str | None = None
    enterprise_name: str
    contact_name: str
    contact_phone: str
    category: str
    title: str
    content: str
    buyer_code: str | None = None
    contract_no: str | None = None


def create_app(engine: AsyncEngine) -> FastAPI:
    app = FastAPI()

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/v1/tickets", status_code=201)
    async def receive(data: TicketIn) -> dict[str, Any]:
        async with engine.begin() as connection:
            new_id = await connection.scalar(INSERT, {"external_id": data.external_id, "body": data.model_dump_json()})
        return {"id": new_id, **data.model_dump()}

    return app


async def serve(database_url: str, port: int) -> None:
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.execute(CREATE_TABLE)
    config = uvicorn.Config(
        create_app(engine), host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="off"
    )
    try:
        await uvicorn.Server(config).serve()
    finally:
        await engine.dispose()


if __name__ == "__main__":
    run(serve(os.environ["DATABASE_URL"], int(os.environ["HTTP_PORT"])))
