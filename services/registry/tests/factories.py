"""Valid inputs for tests, credit codes with correct check characters, and small helpers that call the
API or count what it wrote."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select

from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.testing.registry_events import registration_body
from zjtx.common.testing.uscc import make_uscc
from zjtx.common.web.audit import AuditRecord


def enterprise_body(serial: int = 1, **overrides: Any) -> dict[str, Any]:
    # A test may send its own code (`uscc=`) as well as other fields.
    fields = {"uscc": make_uscc(serial), "name": f"呼和浩特示例企业{serial}", **overrides}
    return registration_body(fields.pop("uscc"), **fields)


async def register(client, keys, serial: int, **overrides: Any) -> str:
    """Register an enterprise through the API; returns its credit code."""
    response = await client.post(
        "/v1/enterprises", json=enterprise_body(serial, **overrides), headers=keys.headers("writer")
    )
    assert response.status_code == 201, response.text
    return response.json()["uscc"]


def recognition_body(**overrides: Any) -> dict[str, Any]:
    body = {"tier": "municipal_zjtx", "document_no": "呼工信发〔2024〕37号", "recognized_on": "2024-06-18"}
    body.update(overrides)
    return body


async def grant(client, keys, uscc: str, **overrides: Any) -> dict[str, Any]:
    response = await client.post(
        f"/v1/enterprises/{uscc}/recognitions", json=recognition_body(**overrides), headers=keys.headers("writer")
    )
    assert response.status_code == 201, response.text
    return response.json()


async def count_rows(sessions, *models: type) -> tuple[int, ...]:
    """Rows in each table, to show a refused request wrote nothing."""
    async with sessions() as session:
        return tuple([await session.scalar(select(func.count()).select_from(model)) for model in models])


async def events(sessions, event_type: str) -> list[dict[str, Any]]:
    """The envelopes of one event type in the outbox, oldest first."""
    async with sessions() as session:
        rows = await session.scalars(select(OutboxRow).where(OutboxRow.event_type == event_type).order_by(OutboxRow.id))
        return [json.loads(row.body) for row in rows]


async def audits(sessions, action: str) -> list[AuditRecord]:
    async with sessions() as session:
        query = select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.at, AuditRecord.id)
        return list(await session.scalars(query))
