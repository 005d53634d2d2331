"""The registry and finance-subsidy running together as in production, inside the test process: each API
through ASGI on sessions that really commit to its own database; each outbox relay, each consumer of our
events, and finance's consumer of the banks' topic (built as the kit's runtime builds them) on the real
broker. A bank sends by webhook (signed with its secret) or on `bank.loan-events`."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from zjtx.common.clock import Clock
from zjtx.common.testing.broker import produce_raw
from zjtx.common.testing.clients import TestKeys
from zjtx.common.testing.platform import ServicesInProcess
from zjtx.common.testing.waiting import eventually
from zjtx.common.web.signatures import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature
from zjtx.finance_subsidy.definition import FINANCE_SUBSIDY
from zjtx.registry.definition import REGISTRY

from .harness import enterprise_body

BANK_SECRET = "demo-webhook-secret"


class FinancePlatform(ServicesInProcess):
    def __init__(
        self,
        *,
        registry_url: str,
        finance_url: str,
        registry_engine: AsyncEngine,
        finance_engine: AsyncEngine,
        bootstrap: str,
        keys: TestKeys,
        clock: Clock,
    ) -> None:
        super().__init__(
            [(REGISTRY, registry_url, registry_engine), (FINANCE_SUBSIDY, finance_url, finance_engine)],
            bootstrap=bootstrap,
            keys=keys,
            clock=clock,
        )
        self.registry, self.finance = self.apis[REGISTRY.name], self.apis[FINANCE_SUBSIDY.name]
        self.finance_sessions = self.sessions[FINANCE_SUBSIDY.name]
        self.clock = clock

    def _as(self, client: str) -> dict[str, str]:
        return self.keys.headers(client)

    # -- the registry ----------------------------------------------------------------------------

    async def register(self, serial: int) -> str:
        response = await self.registry.post(
            "/v1/enterprises", json=enterprise_body(serial), headers=self._as("platform")
        )
        assert response.status_code == 201, response.text
        return response.json()["uscc"]

    async def grant(self, uscc: str, *, tier: str = "national_little_giant", recognized_on: str = "2023-07-01") -> str:
        body = {"tier": tier, "document_no": "工信部企业函〔2023〕158号", "recognized_on": recognized_on}
        response = await self.registry.post(
            f"/v1/enterprises/{uscc}/recognitions", json=body, headers=self._as("platform")
        )
        assert response.status_code == 201, response.text
        return response.json()["id"]

    async def revoke(self, uscc: str, recognition_id: str, *, revoked_on: str, reason: str) -> None:
        response = await self.registry.post(
            f"/v1/enterprises/{uscc}/recognitions/{recognition_id}/revoke",
            json={"revoked_on": revoked_on, "reason": reason},
            headers=self._as("platform"),
        )
        assert response.status_code == 200, response.text

    async def history(self, uscc: str) -> list[dict[str, Any]]:
        response = await self.registry.get(
            f"/v1/enterprises/{uscc}/history", params={"limit": 200}, headers=self._as("platform")
        )
        assert response.status_code == 200, response.text
        return [entry for entry in response.json()["items"] if entry["producer"] == "finance-subsidy"]

    # -- finance ---------------------------------------------------------------------------------

    async def bank(self, code: str = "DEMO") -> None:
        body = {"code": code, "name": "示例银行呼和浩特分行", "zhubaodai_partner": True}
        response = await self.finance.post("/v1/banks", json=body, headers=self._as("admin"))
        assert response.status_code == 201, response.text

    async def knows(self, uscc: str) -> None:
        """Finance has the enterprise in its read model (fed by the registry's events)."""

        async def known() -> bool:
            response = await self.finance.get(
                f"/v1/enterprises/{uscc}/subsidy-summary", params={"year": 2024}, headers=self._as("platform")
            )
            return response.status_code == 200

        await eventually(known, what=f"finance knowing {uscc}")

    async def webhook(self, event: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps(event).encode()
        at = int(self.clock.now().timestamp())
        headers = {
            **self._as("bank-demo"),
            "content-type": "application/json",
            TIMESTAMP_HEADER: str(at),
            SIGNATURE_HEADER: signature(BANK_SECRET, at, body),
        }
        response = await self.finance.post("/v1/bank-events", content=body, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    async def on_topic(self, *events: dict[str, Any]) -> None:
        """What the bank's Kafka producer does: its events on `bank.loan-events`, keyed by loan."""
        messages = [(e["payload"]["loan_id"].encode(), json.dumps(e).encode()) for e in events]
        await produce_raw(self.bootstrap, "bank.loan-events", messages)

    async def subsidies(self, uscc: str) -> list[dict[str, Any]]:
        response = await self.finance.get("/v1/subsidies", params={"uscc": uscc}, headers=self._as("platform"))
        assert response.status_code == 200, response.text
        return response.json()["items"]

    async def bank_events(self, loan_id: str) -> list[dict[str, Any]]:
        response = await self.finance.get("/v1/bank-events", params={"loan_id": loan_id}, headers=self._as("platform"))
        assert response.status_code == 200, response.text
        return response.json()["items"]
