"""The writers: every service's write path driven at a steady rate, each write retried with its
Idempotency-Key until answered or its deadline passes."""

from __future__ import annotations

import asyncio
import functools
import json
import os
import random
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable

from soak.ledger import BUYER, CATEGORIES, MAX_IN_FLIGHT, SERIAL_BASE, WEBHOOK_SECRET, WRITE_DEADLINE, Ledger, log
from soak.platform import Platform
from zjtx.common.clock import SystemClock
from zjtx.common.testing.http1 import TRANSPORT_ERRORS, Answer, Pool
from zjtx.common.testing.registry_events import registration_body
from zjtx.common.testing.uscc import make_uscc
from zjtx.common.web.signatures import signed_headers

# -- the writers ---------------------------------------------------------------------------------------


class Writers:
    def __init__(self, platform: Platform, ledger: Ledger, rng: random.Random) -> None:
        self.platform, self.ledger, self.rng = platform, ledger, rng
        # The light client (prepared requests on keep-alive connections): httpx cost this process half a
        # core at 60 writes a second, most of it looking over its pool for each request.
        self.pools = {service: Pool(platform.url(service), timeout=10.0) for service in platform.processes}
        self.serial = 0
        self.known: list[str] = []  # the acknowledged enterprises, for picking one at random
        self.in_flight: Counter = Counter()  # service -> writes to it under way
        self.skipped = 0
        self.tasks: set[asyncio.Task] = set()

    async def send(
        self, kind: str, service: str, method: str, path: str, body: dict, *, signed: bool = False
    ) -> Answer | None:
        """The write retried with one Idempotency-Key until answered (not 5xx) or its deadline; the response
        of a 2xx, else None."""
        ledger = self.ledger
        ledger.attempts[kind] += 1
        idempotency_key = str(uuid.uuid4())
        raw = json.dumps(body, ensure_ascii=False).encode()
        pool = self.pools[service]
        deadline = time.monotonic() + WRITE_DEADLINE
        in_progress = False
        while time.monotonic() < deadline:
            key = self.platform.intake_key if signed else self.platform.admin_key
            headers = {
                "Authorization": f"Bearer {key}",
                "Content-Type": "application/json",
                "Idempotency-Key": idempotency_key,
            }
            if signed:
                headers |= signed_headers(WEBHOOK_SECRET, raw, now=SystemClock().now())
            try:
                response = await pool.send(pool.request(method, path, headers, raw))
            except TRANSPORT_ERRORS:
                await asyncio.sleep(self.rng.uniform(0.2, 1.0))
                continue
            if response.status_code < 300:
                ledger.acked[kind] += 1
                return response
            if response.status_code == 422 and '"seller_unknown"' in response.text:
                # payments-watch has not heard of the enterprise yet (eventual consistency): that answer was
                # kept under the key, and changed nothing; ask again later under a new one.
                idempotency_key = str(uuid.uuid4())
                await asyncio.sleep(self.rng.uniform(1.0, 2.0))
                continue
            in_progress = response.status_code == 409 and "idempotency_in_progress" in response.text
            if response.status_code >= 500 or in_progress:
                await asyncio.sleep(self.rng.uniform(0.3, 1.0))
                continue
            ledger.refused[kind] += 1
            ledger.first_refusal.setdefault(kind, f"{response.status_code} {response.text[:300]}")
            return None
        ledger.unacked[kind] += 1
        if in_progress:
            ledger.stuck_in_progress[kind] += 1
        return None

    # one write of each kind

    async def prepare(self) -> None:
        """The buyer every contract names (payments-watch refuses a contract of an unknown buyer)."""
        pool = self.pools["payments-watch"]
        headers = {"Authorization": f"Bearer {self.platform.admin_key}", "Content-Type": "application/json"}
        response = await pool.send(pool.request("POST", "/v1/buyers", headers, json.dumps(BUYER).encode()))
        assert response.status_code in (200, 201), response.text

    async def register(self) -> None:
        self.serial += 1
        uscc = make_uscc(SERIAL_BASE + self.serial)
        name = f"呼和浩特浸泡测试企业{self.serial}"
        body = registration_body(uscc, name=name, employees=100)
        self.ledger.busy.add(uscc)
        try:
            if await self.send("register", "registry", "POST", "/v1/enterprises", body):
                self.ledger.registered[uscc] = name
                self.known.append(uscc)
            else:
                self.ledger.registered_unacked.add(uscc)
        finally:
            self.ledger.busy.discard(uscc)

    async def update(self, uscc: str) -> None:
        ledger = self.ledger
        ledger.next_version[uscc] += 1
        k = ledger.next_version[uscc]
        ledger.updates_attempted[uscc] += 1
        body = {"name": f"{ledger.registered[uscc]}-v{k}", "employees": 100 + k}
        if await self.send("update", "registry", "PATCH", f"/v1/enterprises/{uscc}", body):
            ledger.versions_acked[uscc] = k
            ledger.updates_acked[uscc] += 1
        else:
            ledger.versions_unacked[uscc].add(k)

    async def recognise(self, uscc: str) -> None:
        body = {"tier": "municipal_zjtx", "document_no": "呼工信发〔2024〕37号", "recognized_on": "2024-06-18"}
        response = await self.send("recognition", "registry", "POST", f"/v1/enterprises/{uscc}/recognitions", body)
        if response is not None:
            self.ledger.recognitions[uscc] = response.json()["id"]

    async def ticket(self, uscc: str) -> None:
        self.serial += 1
        category = CATEGORIES[self.serial % len(CATEGORIES)]
        external_id = f"12345-SOAK-{os.getpid()}-{self.serial:09d}"
        body = {
            "external_id": external_id,
            "received_at": "2025-09-01T09:00:00+08:00",
            "channel": "phone",
            "enterprise_name": self.ledger.registered[uscc],
            "uscc": uscc,
            "contact_name": "王小明",
            "contact_phone": "13812341234",
            "category": category,
            "title": "反映企业诉求",
            "content": "企业反映的具体情况。" * 4,
        }
        if category == "arrears":
            body |= {"buyer_code": "HS-JYJ-001", "contract_no": f"HT-{self.serial:09d}"}
        if await self.send("ticket", "hotline", "POST", "/v1/tickets", body, signed=True):
            self.ledger.tickets[external_id] = uscc

    async def contract(self, uscc: str) -> None:
        self.serial += 1
        number = f"SOAK-{os.getpid()}-{self.serial:09d}"
        body = contract_body(number, uscc)
        if await self.send("contract", "payments-watch", "POST", "/v1/contracts", body):
            self.ledger.contracts.add(number)

    # the mix

    def one(self) -> tuple[str, Callable[[], Awaitable[None]]]:
        """The next write: the service it goes to, and the write."""
        ledger = self.ledger
        roll = self.rng.random()
        uscc = None
        if len(self.known) >= 20:
            for _ in range(5):  # an enterprise with no write of its own under way
                candidate = self.rng.choice(self.known)
                if candidate not in ledger.busy:
                    uscc = candidate
                    break
        if uscc is None or roll < 0.25:
            return "registry", self.register
        if roll < 0.60:
            return "registry", lambda: self._update_alone(uscc)
        if roll < 0.72 and uscc not in ledger.recognition_tried:
            ledger.recognition_tried.add(uscc)  # now, not when the task starts: one recognition per enterprise
            return "registry", lambda: self.recognise(uscc)
        if roll < 0.90:
            return "hotline", lambda: self.ticket(uscc)
        return "payments-watch", lambda: self.contract(uscc)

    async def _update_alone(self, uscc: str) -> None:
        """An update, the only write of its enterprise under way: the writes of a key go in order."""
        if uscc in self.ledger.busy:
            return
        self.ledger.busy.add(uscc)
        try:
            await self.update(uscc)
        finally:
            self.ledger.busy.discard(uscc)

    async def run(self, rate: float, seconds: float) -> float:
        """Start `rate` writes a second for `seconds`; returns the seconds it took. A service down holds up
        at most MAX_IN_FLIGHT writes of its own (retrying), not the others'."""
        started = time.monotonic()
        tick = 1.0 / rate
        due = started
        while (now := time.monotonic()) < started + seconds:
            if now < due:
                await asyncio.sleep(due - now)
            due += tick
            service, write = self.one()
            if self.in_flight[service] >= MAX_IN_FLIGHT:
                self.skipped += 1
                continue
            self.in_flight[service] += 1
            task = asyncio.create_task(write())
            self.tasks.add(task)
            task.add_done_callback(functools.partial(self._done, service))
        return time.monotonic() - started

    def _done(self, service: str, task: asyncio.Task) -> None:
        self.in_flight[service] -= 1
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log(f"a writer failed: {task.exception()!r}")

    async def finish(self) -> None:
        while self.tasks:
            await asyncio.gather(*list(self.tasks), return_exceptions=True)
        for pool in self.pools.values():
            await pool.close()


def contract_body(number: str, uscc: str) -> dict:
    return {
        "contract_no": number,
        "buyer_code": BUYER["code"],
        "seller_uscc": uscc,
        "amount": "100000.00",
        "subject": "services",
        "signed_on": "2025-07-01",
        "agreed_term_days": 45,
        "acceptance_required": False,
        "periodic_settlement": False,
        "agreed_overdue_rate": "0.0365",
        "pay_when_paid_clause": False,
    }
