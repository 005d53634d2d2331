"""The facts a finance test needs, made as they arrive in production: the registry's events through the
service's consumer handlers (each once, through the inbox), banks registered by the admin, and the banks'
events sent to the webhook, signed with the bank's secret at the test clock's instant."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

import httpx
from sqlalchemy import func, select

from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.testing.clients import TestKeys
from zjtx.common.testing.registry_events import apply, recognition, registered, withdrawn
from zjtx.common.testing.uscc import make_uscc
from zjtx.common.web.audit import AuditRecord
from zjtx.common.web.signatures import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature

SECRETS = {"bank-demo": "demo-webhook-secret", "bank-other": "other-webhook-secret", "bank-new": "new-webhook-secret"}
SAIHAN = "150105"  # 赛罕区


def disbursed(
    loan_id: str,
    uscc: str,
    *,
    principal: str = "10000000.00",
    annual_rate: str = "3.80",
    disbursed_on: str = "2024-03-01",
    maturity_on: str = "2026-03-01",
    purpose: str = "working_capital",
    product: str = "standard",
    bank_code: str = "DEMO",
    event_id: str | None = None,
) -> dict[str, Any]:
    return _event(
        "loan.disbursed",
        bank_code,
        event_id,
        {
            "loan_id": loan_id,
            "uscc": uscc,
            "principal": principal,
            "annual_rate": annual_rate,
            "disbursed_on": disbursed_on,
            "maturity_on": maturity_on,
            "purpose": purpose,
            "product": product,
        },
    )


def interest_paid(
    loan_id: str,
    start: str,
    end: str,
    *,
    outstanding: str = "10000000.00",
    interest: str = "100000.00",
    paid_on: str | None = None,
    bank_code: str = "DEMO",
    event_id: str | None = None,
) -> dict[str, Any]:
    return _event(
        "loan.interest_paid",
        bank_code,
        event_id,
        {
            "loan_id": loan_id,
            "period_start": start,
            "period_end": end,
            "outstanding_principal": outstanding,
            "interest_amount": interest,
            "paid_on": paid_on or end,
        },
    )


def repaid(loan_id: str, amount: str, on: str, *, bank_code: str = "DEMO") -> dict[str, Any]:
    return _event("loan.repaid", bank_code, None, {"loan_id": loan_id, "amount": amount, "repaid_on": on})


def defaulted(loan_id: str, outstanding: str, on: str, *, bank_code: str = "DEMO") -> dict[str, Any]:
    payload = {"loan_id": loan_id, "outstanding_principal": outstanding, "defaulted_on": on}
    return _event("loan.defaulted", bank_code, None, payload)


def recovered(loan_id: str, amount: str, on: str, *, bank_code: str = "DEMO") -> dict[str, Any]:
    return _event("loan.recovered", bank_code, None, {"loan_id": loan_id, "amount": amount, "recovered_on": on})


def _event(kind: str, bank_code: str, event_id: str | None, payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "event_id": event_id or f"{bank_code}-{uuid.uuid4().hex[:16]}",
        "type": kind,
        "bank_code": bank_code,
        "occurred_at": "2025-08-31T16:00:00+08:00",
        "payload": payload,
    }


class World:
    def __init__(self, client: httpx.AsyncClient, keys: TestKeys, sessions, handlers, clock) -> None:
        self.client = client
        self.keys = keys
        self.sessions = sessions
        self.handlers = handlers
        self.clock = clock

    # -- the registry's facts, as its events bring them --------------------------------------------

    async def enterprise(self, serial: int, *, district_code: str = SAIHAN) -> str:
        uscc = make_uscc(serial)
        await apply(self.sessions, self.handlers, registered(uscc, district_code=district_code))
        return uscc

    async def recognise(
        self,
        uscc: str,
        recognized_on: date,
        *,
        tier: str = "national_little_giant",
        expires_on: date | None = None,
        recognition_id: uuid.UUID | None = None,
        district_code: str = SAIHAN,
    ) -> uuid.UUID:
        recognition_id = recognition_id or uuid.uuid4()
        envelope = recognition(
            uscc,
            tier,
            recognized_on,
            recognition_id=recognition_id,
            expires_on=expires_on,
            district_code=district_code,
        )
        await apply(self.sessions, self.handlers, envelope)
        return recognition_id

    async def revoke(
        self,
        uscc: str,
        recognition_id: uuid.UUID,
        recognized_on: date,
        revoked_on: date,
        *,
        tier: str = "national_little_giant",
    ) -> None:
        envelope = recognition(
            uscc,
            tier,
            recognized_on,
            verb="revoked",
            status="revoked",
            recognition_id=recognition_id,
            revoked_on=revoked_on,
        )
        await apply(self.sessions, self.handlers, envelope)

    async def withdraw(
        self, uscc: str, recognition_id: uuid.UUID, recognized_on: date, *, tier: str = "national_little_giant"
    ) -> None:
        await apply(self.sessions, self.handlers, withdrawn(uscc, tier, recognized_on, recognition_id=recognition_id))

    async def little_giant(self, serial: int, recognized_on: date = date(2023, 7, 1)) -> str:
        uscc = await self.enterprise(serial)
        await self.recognise(uscc, recognized_on)
        return uscc

    # -- the admin's and the banks' calls --------------------------------------------------------

    def headers(self, client: str) -> dict[str, str]:
        return self.keys.headers(client)

    async def bank(self, code: str = "DEMO", *, partner: bool = True) -> None:
        body = {"code": code, "name": f"{code} 银行呼和浩特分行", "zhubaodai_partner": partner}
        response = await self.client.post("/v1/banks", json=body, headers=self.headers("admin"))
        assert response.status_code == 201, response.text

    def signed(
        self, body: bytes, *, client: str = "bank-demo", secret: str | None = None, timestamp: int | None = None
    ) -> dict[str, str]:
        at = int(self.clock.now().timestamp()) if timestamp is None else timestamp
        return {
            **self.headers(client),
            "content-type": "application/json",
            TIMESTAMP_HEADER: str(at),
            SIGNATURE_HEADER: signature(secret or SECRETS[client], at, body),
        }

    async def post(self, event: dict[str, Any], *, client: str = "bank-demo", **signing: Any) -> httpx.Response:
        body = json.dumps(event).encode()
        return await self.client.post(
            "/v1/bank-events", content=body, headers=self.signed(body, client=client, **signing)
        )

    async def send(self, *events: dict[str, Any], client: str = "bank-demo") -> list[dict[str, Any]]:
        """Each event sent and answered 200; the receipts."""
        receipts = []
        for event in events:
            response = await self.post(event, client=client)
            assert response.status_code == 200, response.text
            receipts.append(response.json())
        return receipts

    async def get(self, path: str, *, client: str = "platform", **params: Any) -> Any:
        response = await self.client.get(path, params=params, headers=self.headers(client))
        assert response.status_code == 200, response.text
        return response.json()

    async def subsidies(self, **filters: Any) -> list[dict[str, Any]]:
        return (await self.get("/v1/subsidies", limit=200, **filters))["items"]

    async def act(self, subsidy_id: str, action: str, *, client: str, body: dict | None = None) -> httpx.Response:
        return await self.client.post(f"/v1/subsidies/{subsidy_id}/{action}", json=body, headers=self.headers(client))

    async def pay(self, subsidy_id: str, *, paid_on: str = "2025-09-01") -> dict[str, Any]:
        for action, client, body in (
            ("review", "reviewer", None),
            ("approve", "approver", None),
            ("disburse", "finance-bureau", {"payment_reference": f"PAY-{subsidy_id[:8]}", "paid_on": paid_on}),
        ):
            response = await self.act(subsidy_id, action, client=client, body=body)
            assert response.status_code == 200, f"{action}: {response.text}"
        return response.json()

    # -- what the database holds -----------------------------------------------------------------

    async def events(self, event_type: str | None = None) -> list[dict[str, Any]]:
        query = select(OutboxRow).order_by(OutboxRow.id)
        if event_type is not None:
            query = query.where(OutboxRow.event_type == event_type)
        async with self.sessions() as session:
            return [json.loads(row.body) for row in await session.scalars(query)]

    async def audits(self, action: str | None = None) -> list[AuditRecord]:
        query = select(AuditRecord).order_by(AuditRecord.at, AuditRecord.id)
        if action is not None:
            query = query.where(AuditRecord.action == action)
        async with self.sessions() as session:
            return list(await session.scalars(query))

    async def count(self, model) -> int:
        async with self.sessions() as session:
            return int(await session.scalar(select(func.count()).select_from(model)))
