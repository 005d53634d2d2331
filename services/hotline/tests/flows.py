"""What the hotline's tests do over and over: a signed intake as the 12345 system sends it, a ticket's
moves through the API, the clock moved on."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import httpx

from zjtx.common.clock import CHINA
from zjtx.common.testing.clients import TestKeys
from zjtx.common.web.signatures import signed_headers

SECRET = "test-webhook-secret-of-12345"
# The plugin's clock: 2025-09-01 10:00 in Asia/Shanghai (a Monday).
NOW = datetime(2025, 9, 1, 10, 0, tzinfo=CHINA)


def ticket_body(serial: int = 1, **overrides: Any) -> dict[str, Any]:
    """An `other` complaint received at 09:00 on Monday 2025-09-01 from an unregistered enterprise."""
    body = {
        "external_id": f"12345-QY-20250901-{serial:06d}",
        "received_at": "2025-09-01T09:00:00+08:00",
        "channel": "phone",
        "enterprise_name": f"呼和浩特示例企业{serial}",
        "contact_name": "王小明",
        "contact_phone": "13812341234",
        "category": "other",
        "title": "咨询政策兑现进度",
        "content": "去年申报的奖励何时兑现？",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def signed(body: dict[str, Any] | bytes, *, secret: str = SECRET, at: datetime = NOW) -> tuple[bytes, dict[str, str]]:
    raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    return raw, {"Content-Type": "application/json", **signed_headers(secret, raw, now=at)}


async def intake(
    client: httpx.AsyncClient, keys: TestKeys, body: dict[str, Any] | bytes, *, client_name: str = "intake", **sign: Any
) -> httpx.Response:
    raw, headers = signed(body, **sign)
    return await client.post("/v1/tickets", content=raw, headers={**keys.headers(client_name), **headers})


async def new_ticket(
    client: httpx.AsyncClient, keys: TestKeys, serial: int = 1, *, at: datetime = NOW, **overrides: Any
) -> dict[str, Any]:
    """A new ticket, signed at `at` (the app's clock: the signature's window is checked against it)."""
    response = await intake(client, keys, ticket_body(serial, **overrides), at=at)
    assert response.status_code == 201, response.text
    return response.json()


async def act(
    client: httpx.AsyncClient,
    keys: TestKeys,
    ticket_id: str,
    action: str,
    body: dict | None = None,
    *,
    as_: str = "gxj",
) -> httpx.Response:
    return await client.post(f"/v1/tickets/{ticket_id}/{action}", json=body, headers=keys.headers(as_))


async def moved(
    client: httpx.AsyncClient,
    keys: TestKeys,
    ticket_id: str,
    action: str,
    body: dict | None = None,
    *,
    as_: str = "gxj",
) -> dict[str, Any]:
    response = await act(client, keys, ticket_id, action, body, as_=as_)
    assert response.status_code == 200, f"{action}: {response.text}"
    return response.json()


def city_seed() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The departments and routes the migration hotline_0002 seeds (read from it: one source)."""
    import importlib.util

    from zjtx.hotline.definition import HOTLINE

    path = HOTLINE.schema.versions / "hotline_0002_city_departments.py"
    spec = importlib.util.spec_from_file_location("hotline_0002_city_departments", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.DEPARTMENTS, module.ROUTES


async def seed_city(engine) -> None:
    """What the migration seeded, again (after a test's tables were emptied)."""
    from sqlalchemy import text

    departments, routes = city_seed()
    async with engine.begin() as connection:
        for code, name in departments:
            await connection.execute(
                text("INSERT INTO department (code, name) VALUES (:c, :n) ON CONFLICT DO NOTHING"),
                {"c": code, "n": name},
            )
        for category, code in routes:
            await connection.execute(
                text("INSERT INTO route (category, department_code) VALUES (:k, :c) ON CONFLICT DO NOTHING"),
                {"k": category, "c": code},
            )
