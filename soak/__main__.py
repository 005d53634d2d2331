"""`python -m soak --minutes 10 --rate 250`: the soak test (see soak/__init__.py and the README).

The platform: the embedded PostgreSQL (var/soak-pg), a Tansu broker on a free port, the five services as
real processes (zjtx.common.testing.process.ServiceProcess: API, relay, consumers and jobs in one
process), each on a fresh database of its own. The load (`--rate` writes a second, spread over):

- registry: `POST /v1/enterprises` (a new enterprise) and `PATCH /v1/enterprises/{uscc}` (its name and
  employees, version k of k = 1, 2, ...; one at a time per enterprise, so the writes of a key are ordered)
  -> `registry.enterprise.*` -> awards, finance-subsidy, payments-watch, hotline (their read models);
- registry: `POST /v1/enterprises/{uscc}/recognitions` -> awards (an award decided, A1.1) and finance-subsidy
  -> `awards.award.*` -> the registry's history;
- hotline: `POST /v1/tickets`, signed as the 12345 system signs -> `hotline.ticket.*` -> the hotline's own
  callbacks, payments-watch (arrears complaints) and the registry's history;
- payments-watch: `POST /v1/contracts` (its own write path; counted in its own tables).

Every write carries an Idempotency-Key and is retried with it (same body) until it is answered or its
deadline passes; one never answered with 2xx is *unacknowledged*: it may or may not have taken effect.

The nemesis: every 20-60 s one service process, at random, gets SIGKILL and is started again 1-3 s later;
the broker is restarted (empty: memory only) once in the middle of the run (`--broker-restarts`), and
then, as `make run` started again would, every service is killed and started again, so that each relay
sends again what the broker forgot.

The check, after the nemesis stops and the writers finish: wait (deadline `--drain-seconds`) until no
outbox row is unsent and the inbox counts stop changing, then count, for every consumer, the events it
had to apply (every outbox row of a type it handles, in every service) against its inbox, and the effects
of the acknowledged writes in each service's tables. Exit 1 on anything lost, doubled or reordered."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import json
import os
import random
import secrets
import signal
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx

from zjtx.awards.definition import AWARDS
from zjtx.common.clock import SystemClock
from zjtx.common.db import asyncpg_connect_kwargs, drop_database, ensure_database, with_database
from zjtx.common.devstack.broker import TansuBroker, free_port
from zjtx.common.devstack.postgres import EmbeddedPostgres
from zjtx.common.kit import ServiceDefinition
from zjtx.common.testing.process import ServiceProcess
from zjtx.common.testing.uscc import make_uscc
from zjtx.common.web.auth import SCOPES, new_key
from zjtx.common.web.signatures import signed_headers
from zjtx.finance_subsidy.definition import FINANCE_SUBSIDY
from zjtx.hotline.definition import HOTLINE
from zjtx.payments_watch.definition import PAYMENTS_WATCH
from zjtx.registry.definition import REGISTRY

VAR = Path("var")
DEFINITIONS = (REGISTRY, AWARDS, FINANCE_SUBSIDY, PAYMENTS_WATCH, HOTLINE)
WEBHOOK_SECRET = secrets.token_urlsafe(24)
WRITE_DEADLINE = 45.0  # seconds a write is retried (same Idempotency-Key) before it counts as unacknowledged
MAX_IN_FLIGHT = 32  # writes to one service under way at once; beyond, a tick is skipped (the achieved rate says so)
CATEGORIES = ("arrears", "finance", "awards_policy", "inspection", "permits", "other")
SERIAL_BASE = 700_000_000
BUYER = {
    "code": "11150100011526044W",
    "name": "呼和浩特市浸泡测试局",
    "kind": "organ",
    "district_code": "150102",
    "supervisor": "呼和浩特市人民政府",
}


def log(message: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


# -- what the clients were told ------------------------------------------------------------------------


@dataclass
class Ledger:
    """Every write and its answer, as the clients saw them."""

    attempts: Counter = field(default_factory=Counter)  # kind -> writes started
    acked: Counter = field(default_factory=Counter)  # kind -> writes answered 2xx
    unacked: Counter = field(default_factory=Counter)  # kind -> never answered 2xx within the deadline
    refused: Counter = field(default_factory=Counter)  # kind -> answered 4xx (a soak bug, or a stuck key)
    stuck_in_progress: Counter = field(default_factory=Counter)  # kind -> key stayed 409 in progress to the end
    first_refusal: dict[str, str] = field(default_factory=dict)
    registered: dict[str, str] = field(default_factory=dict)  # uscc -> base name (acknowledged)
    registered_unacked: set[str] = field(default_factory=set)
    versions_acked: dict[str, int] = field(default_factory=dict)  # uscc -> last acknowledged version k
    versions_unacked: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    updates_acked: Counter = field(default_factory=Counter)  # uscc -> acknowledged updates
    updates_attempted: Counter = field(default_factory=Counter)
    recognitions: dict[str, str] = field(default_factory=dict)  # uscc -> recognition id (acknowledged)
    recognition_tried: set[str] = field(default_factory=set)
    tickets: dict[str, str] = field(default_factory=dict)  # external id -> uscc (acknowledged)
    contracts: set[str] = field(default_factory=set)  # contract numbers (acknowledged)
    busy: set[str] = field(default_factory=set)  # enterprises with a write of theirs under way
    next_version: Counter = field(default_factory=Counter)

    @property
    def writes(self) -> int:
        return sum(self.attempts.values())


# -- the platform --------------------------------------------------------------------------------------


class Platform:
    def __init__(self, server_url: str, broker: TansuBroker, workdir: Path) -> None:
        self.server_url, self.broker, self.workdir = server_url, broker, workdir
        self.admin_key, self.intake_key = new_key(), new_key()
        self.urls: dict[str, str] = {}  # service -> database URL
        self.processes: dict[str, ServiceProcess] = {}
        self.kills: Counter = Counter()
        self.broker_restarts = 0

    @property
    def clients(self) -> dict:
        return {
            "soak-admin": {"key": self.admin_key, "scopes": list(SCOPES)},
            "soak-12345": {
                "key": self.intake_key,
                "scopes": ["hotline:intake", "hotline:read"],
                "attributes": {"webhook_secret": WEBHOOK_SECRET},
            },
        }

    async def create_databases(self) -> None:
        for definition in DEFINITIONS:
            name = f"zjtx_soak_{definition.package}_{os.getpid()}"
            await ensure_database(self.server_url, name)
            self.urls[definition.name] = with_database(self.server_url, name)

    async def drop_databases(self) -> None:
        for url in self.urls.values():
            with contextlib.suppress(Exception):
                await drop_database(self.server_url, url.rsplit("/", 1)[1].split("?")[0])

    def process(self, definition: ServiceDefinition) -> ServiceProcess:
        return ServiceProcess(
            definition,
            database_url=self.urls[definition.name],
            bootstrap=self.broker.bootstrap_servers,
            workdir=self.workdir,
            clients=self.clients,
            settings={"ENVIRONMENT": "development", "RELAY_POLL_SECONDS": "0.5", "LOG_LEVEL": "WARNING"},
        )

    def start_all(self) -> None:
        for definition in DEFINITIONS:
            service = self.process(definition)
            self.processes[definition.name] = service
            log(f"starting {definition.name} on {service.url}")
            service.start(timeout=180)

    def url(self, name: str) -> str:
        return self.processes[name].url

    async def kill_and_restart(self, name: str, pause: float) -> None:
        """SIGKILL, a pause, and the same service started again on the same port and database."""
        service = self.processes[name]
        assert service.process is not None
        service.process.send_signal(signal.SIGKILL)
        await asyncio.to_thread(service.process.wait)
        self.kills[name] += 1
        await asyncio.sleep(pause)
        await asyncio.to_thread(self._restart, service)

    @staticmethod
    def _restart(service: ServiceProcess) -> None:
        for attempt in range(5):  # the port may linger a moment after the kill
            try:
                service.start(timeout=180)
                return
            except AssertionError:
                if attempt == 4:
                    raise
                time.sleep(2)

    async def restart_broker(self) -> None:
        """The broker restarted: memory only, it comes back holding nothing."""
        await asyncio.to_thread(self.broker.kill)
        await asyncio.to_thread(self.broker.start)
        self.broker_restarts += 1

    async def restart_everything(self) -> None:
        """As a crash of the whole machine and `make run` again: every service SIGKILLed, the broker
        restarted (empty), every service started again (at once)."""
        for service in self.processes.values():
            assert service.process is not None
            service.process.send_signal(signal.SIGKILL)
            await asyncio.to_thread(service.process.wait)
            self.kills[service.definition.name] += 1
        await self.restart_broker()
        await asyncio.gather(*(asyncio.to_thread(self._restart, service) for service in self.processes.values()))

    def stop_all(self) -> None:
        for service in self.processes.values():
            service.stop()

    def ensure_running(self) -> None:
        for service in self.processes.values():
            if service.process is None or service.process.poll() is not None:
                log(f"{service.definition.name} was down at the end: starting it")
                self._restart(service)


# -- the writers ---------------------------------------------------------------------------------------


class Writers:
    def __init__(self, platform: Platform, ledger: Ledger, rng: random.Random) -> None:
        self.platform, self.ledger, self.rng = platform, ledger, rng
        self.http = httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=2.0), limits=httpx.Limits(max_connections=96))
        self.serial = 0
        self.known: list[str] = []  # the acknowledged enterprises, for picking one at random
        self.in_flight: Counter = Counter()  # service -> writes to it under way
        self.skipped = 0
        self.tasks: set[asyncio.Task] = set()

    async def send(self, kind: str, service: str, method: str, path: str, body: dict, *, signed: bool = False):
        """The write retried with one Idempotency-Key until answered (not 5xx) or its deadline; the response
        of a 2xx, else None."""
        ledger = self.ledger
        ledger.attempts[kind] += 1
        idempotency_key = str(uuid.uuid4())
        raw = json.dumps(body, ensure_ascii=False).encode()
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
                response = await self.http.request(
                    method, self.platform.url(service) + path, content=raw, headers=headers
                )
            except httpx.HTTPError:
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
        response = await self.http.post(
            self.platform.url("payments-watch") + "/v1/buyers",
            json=BUYER,
            headers={"Authorization": f"Bearer {self.platform.admin_key}"},
        )
        assert response.status_code in (200, 201), response.text

    async def register(self) -> None:
        self.serial += 1
        uscc = make_uscc(SERIAL_BASE + self.serial)
        name = f"呼和浩特浸泡测试企业{self.serial}"
        body = {
            "uscc": uscc,
            "name": name,
            "district_code": "150105",
            "sector": "industry",
            "cluster": "agri_food",
            "employees": 100,
            "annual_revenue": "35000000.00",
            "total_assets": "52000000.00",
            "registered_on": "2019-05-08",
        }
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
        await self.http.aclose()


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


# -- the nemesis ---------------------------------------------------------------------------------------


async def nemesis(
    platform: Platform, rng: random.Random, seconds: float, broker_restarts: int, alone: bool, stop: asyncio.Event
):
    """A SIGKILL every 20-60 s, counted from the previous kill (not from the service's return: on a slow
    machine two may be down at once), of a service that is up; the broker restart(s) spread over the run,
    once no service is coming back."""
    started = time.monotonic()
    restarts_at = sorted(started + seconds * (i + 1) / (broker_restarts + 1) for i in range(broker_restarts))
    next_kill = started + rng.uniform(20, 60)
    coming_back: dict[str, asyncio.Task] = {}
    try:
        while not stop.is_set():
            for name in [n for n, task in coming_back.items() if task.done()]:
                coming_back.pop(name).result()  # a service that could not start again ends the run
            now = time.monotonic()
            if restarts_at and now >= restarts_at[0] and not coming_back:
                restarts_at.pop(0)
                if alone:
                    log("nemesis: broker restarted (empty) under the running services")
                    await platform.restart_broker()
                else:
                    log("nemesis: every service SIGKILLed, the broker restarted (empty), every service started again")
                    await platform.restart_everything()
                    log("nemesis: everything back after the broker restart")
                next_kill = time.monotonic() + rng.uniform(20, 60)
            elif now >= next_kill and (up := [n for n in platform.processes if n not in coming_back]):
                name = rng.choice(up)
                pause = rng.uniform(1, 3)
                log(f"nemesis: SIGKILL {name}, back in {pause:.1f}s")
                coming_back[name] = asyncio.create_task(platform.kill_and_restart(name, pause))
                next_kill = now + rng.uniform(20, 60)
            else:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), 0.5)
    finally:
        for task in coming_back.values():
            await task


# -- the check -----------------------------------------------------------------------------------------


class Databases:
    def __init__(self, urls: dict[str, str]) -> None:
        self.urls = urls
        self.connections: dict[str, asyncpg.Connection] = {}

    async def __aenter__(self) -> Databases:
        for name, url in self.urls.items():
            self.connections[name] = await asyncpg.connect(**asyncpg_connect_kwargs(url))
        return self

    async def __aexit__(self, *exc) -> None:
        for connection in self.connections.values():
            await connection.close()

    def __getitem__(self, name: str) -> asyncpg.Connection:
        return self.connections[name]

    async def unsent(self) -> dict[str, int]:
        return {
            name: int(await c.fetchval("SELECT count(*) FROM outbox WHERE sent_at IS NULL"))
            for name, c in self.connections.items()
        }

    async def fingerprint(self) -> tuple:
        values = []
        for c in self.connections.values():
            values.append(await c.fetchval("SELECT count(*) FROM inbox"))
            values.append(await c.fetchval("SELECT count(*) FROM outbox"))
        return tuple(values)


async def drain(databases: Databases, deadline_seconds: float) -> bool:
    """Until no outbox row is unsent and the inbox and outbox counts held still for 20 s."""
    deadline = time.monotonic() + deadline_seconds
    last, steady_since = None, time.monotonic()
    while time.monotonic() < deadline:
        unsent = await databases.unsent()
        now_print = await databases.fingerprint()
        if now_print != last:
            last, steady_since = now_print, time.monotonic()
        if not any(unsent.values()) and time.monotonic() - steady_since >= 20:
            return True
        await asyncio.sleep(2)
    log(f"drain: deadline passed; unsent {await databases.unsent()}")
    return False


def _grouped(events: list[tuple[str, asyncpg.Record]]) -> dict[tuple[str, str], list[asyncpg.Record]]:
    groups: dict[tuple[str, str], list[asyncpg.Record]] = defaultdict(list)
    for producer, row in events:
        groups[(producer, row["event_type"])].append(row)
    return groups


@dataclass
class Row:
    what: str
    expected: int
    found: int
    duplicates: int = 0
    lost: int = 0
    reordered: int = 0


async def check(databases: Databases, ledger: Ledger) -> list[Row]:
    rows: list[Row] = []
    outboxes = {
        name: await c.fetch("SELECT id, event_id, event_type, key, body, created_at, sent_at FROM outbox ORDER BY id")
        for name, c in databases.connections.items()
    }
    all_events = [(name, r) for name, records in outboxes.items() for r in records]

    # 1. At the source: each acknowledged write made its event once.
    registry_out = outboxes["registry"]
    by_key_type = Counter((r["key"], r["event_type"]) for r in registry_out)
    registered_dup = sum(1 for u in ledger.registered if by_key_type[(u, "registry.enterprise.registered")] > 1)
    registered_lost = sum(1 for u in ledger.registered if by_key_type[(u, "registry.enterprise.registered")] == 0)
    rows.append(
        Row(
            "registry: registered events of acked registrations",
            len(ledger.registered),
            sum(min(1, by_key_type[(u, "registry.enterprise.registered")]) for u in ledger.registered),
            registered_dup,
            registered_lost,
        )
    )
    lost = dup = found = 0
    for uscc, acked in ledger.updates_acked.items():
        n = by_key_type[(uscc, "registry.enterprise.updated")]
        found += min(n, acked)
        lost += max(0, acked - n)
        dup += max(0, n - ledger.updates_attempted[uscc])
    rows.append(Row("registry: updated events of acked updates", sum(ledger.updates_acked.values()), found, dup, lost))

    # 2. Every consumer: every event of a type it handles, from every outbox, in its inbox once.
    for definition in DEFINITIONS:
        handled = {contract.event_type for contract in definition.handlers}
        expected = {r["event_id"] for _, r in all_events if r["event_type"] in handled}
        inbox = await databases[definition.name].fetch(
            "SELECT consumer, event_id FROM inbox WHERE event_type = ANY($1::text[])", sorted(handled)
        )
        seen = Counter((r["consumer"], r["event_id"]) for r in inbox)
        ids = Counter(r["event_id"] for r in inbox)
        missing = [(name, r) for name, r in all_events if r["event_id"] in expected - set(ids)]
        for (producer, event_type), lost_rows in _grouped(missing).items():
            written = sorted(r["created_at"] for r in lost_rows)
            sent = sorted(r["sent_at"] for r in lost_rows if r["sent_at"] is not None)
            log(
                f"lost in {definition.name}: {len(lost_rows)} {event_type} of {producer}, written "
                f"{written[0]:%H:%M:%S.%f} to {written[-1]:%H:%M:%S.%f}"
                + (f", last sent {sent[0]:%H:%M:%S.%f} to {sent[-1]:%H:%M:%S.%f}" if sent else "")
            )
        rows.append(
            Row(
                f"{definition.name}: events consumed (inbox)",
                len(expected),
                len(expected & set(ids)),
                sum(n - 1 for n in seen.values() if n > 1) + sum(1 for e in ids if e not in expected),
                len(expected - set(ids)),
            )
        )

    # 3. The effects of the acknowledged writes in each consumer's tables.
    usccs = sorted(ledger.registered)
    for service, table in (
        ("awards", "enterprise_view"),
        ("finance-subsidy", "enterprise_view"),
        ("hotline", "enterprise_view"),
        ("payments-watch", "sellers"),
    ):
        present = {
            r["uscc"]
            for r in await databases[service].fetch(f"SELECT uscc FROM {table} WHERE uscc = ANY($1::text[])", usccs)
        }
        rows.append(
            Row(
                f"{service}: {table} rows of acked registrations",
                len(usccs),
                len(present & set(usccs)),
                0,
                len(set(usccs) - present),
            )
        )

    # payments-watch keeps one size row per registry.enterprise event (registered, updated)
    size_events = Counter(
        r["key"]
        for r in registry_out
        if r["event_type"] in ("registry.enterprise.registered", "registry.enterprise.updated")
    )
    sizes = Counter(r["uscc"] for r in await databases["payments-watch"].fetch("SELECT uscc FROM seller_sizes"))
    rows.append(
        Row(
            "payments-watch: seller_sizes rows, one per enterprise event",
            sum(size_events.values()),
            sum(min(sizes[u], n) for u, n in size_events.items()),
            sum(max(0, sizes[u] - size_events[u]) for u in sizes),
            sum(max(0, n - sizes[u]) for u, n in size_events.items()),
        )
    )

    # awards: every acknowledged recognition decided (once per dedup key)
    awards = await databases["awards"].fetch(
        "SELECT source_recognition_id, dedup_key, status FROM awards WHERE source_recognition_id IS NOT NULL"
    )
    per_recognition = defaultdict(list)
    for r in awards:
        per_recognition[str(r["source_recognition_id"])].append(r["dedup_key"])
    recognition_ids = set(ledger.recognitions.values())
    rows.append(
        Row(
            "awards: awards decided from acked recognitions",
            len(recognition_ids),
            sum(1 for rid in recognition_ids if per_recognition.get(rid)),
            sum(len(keys) - len(set(keys)) for rid, keys in per_recognition.items()),
            sum(1 for rid in recognition_ids if not per_recognition.get(rid)),
        )
    )

    # hotline: one ticket per acknowledged intake; one callback per hotline.ticket event
    tickets = Counter(r["external_id"] for r in await databases["hotline"].fetch("SELECT external_id FROM ticket"))
    rows.append(
        Row(
            "hotline: tickets of acked intakes",
            len(ledger.tickets),
            sum(1 for t in ledger.tickets if tickets[t]),
            sum(n - 1 for n in tickets.values() if n > 1),
            sum(1 for t in ledger.tickets if not tickets[t]),
        )
    )
    ticket_events = {r["event_id"] for r in outboxes["hotline"] if r["event_type"].startswith("hotline.ticket.")}
    callbacks = Counter(r["event_id"] for r in await databases["hotline"].fetch("SELECT event_id FROM callback"))
    rows.append(
        Row(
            "hotline: callbacks, one per ticket event",
            len(ticket_events),
            len(ticket_events & set(callbacks)),
            sum(n - 1 for n in callbacks.values() if n > 1),
            len(ticket_events - set(callbacks)),
        )
    )

    # the registry's history: one line per awards / hotline event about a registered enterprise
    history_expected = {r["event_id"] for r in outboxes["awards"] if r["event_type"].startswith("awards.award.")}
    history_expected |= {r["event_id"] for r in outboxes["hotline"] if r["event_type"].startswith("hotline.ticket.")}
    history = Counter(
        r["event_id"]
        for r in await databases["registry"].fetch(
            "SELECT event_id FROM enterprise_history WHERE producer <> 'registry'"
        )
    )
    rows.append(
        Row(
            "registry: history lines of awards and hotline events",
            len(history_expected),
            len(history_expected & set(history)),
            sum(n - 1 for n in history.values() if n > 1),
            len(history_expected - set(history)),
        )
    )

    # payments-watch: one contract per acknowledged write; one complaint per arrears ticket
    contracts = Counter(
        r["contract_no"] for r in await databases["payments-watch"].fetch("SELECT contract_no FROM contracts")
    )
    rows.append(
        Row(
            "payments-watch: contracts of acked writes",
            len(ledger.contracts),
            sum(1 for c in ledger.contracts if contracts[c]),
            sum(n - 1 for n in contracts.values() if n > 1),
            sum(1 for c in ledger.contracts if not contracts[c]),
        )
    )

    # 4. Per-key order: the last version of each enterprise is what every read model holds.
    last_name: dict[str, str] = {}
    last_employees: dict[str, int] = {}
    for r in registry_out:
        if r["event_type"] in ("registry.enterprise.registered", "registry.enterprise.updated"):
            payload = json.loads(r["body"])["payload"]
            last_name[r["key"]] = payload.get("name")
            last_employees[r["key"]] = payload.get("employees")
    for uscc in ledger.versions_acked:
        k = ledger.versions_acked[uscc]
        allowed = {f"{ledger.registered[uscc]}-v{v}" for v in {k} | {v for v in ledger.versions_unacked[uscc] if v > k}}
        if last_name.get(uscc) not in allowed:
            log(f"order at the source: {uscc} last published {last_name.get(uscc)!r}, acked v{k}")
    targets = sorted(ledger.versions_acked)
    for service, table in (
        ("awards", "enterprise_view"),
        ("finance-subsidy", "enterprise_view"),
        ("hotline", "enterprise_view"),
        ("payments-watch", "sellers"),
    ):
        names = {
            r["uscc"]: r["name"]
            for r in await databases[service].fetch(
                f"SELECT uscc, name FROM {table} WHERE uscc = ANY($1::text[])", targets
            )
        }
        wrong = [u for u in targets if names.get(u) != last_name.get(u)]
        for u in wrong[:3]:
            log(f"order: {service} holds {names.get(u)!r} for {u}, the last published is {last_name.get(u)!r}")
        rows.append(
            Row(
                f"{service}: last update of each updated enterprise",
                len(targets),
                len(targets) - len(wrong),
                0,
                0,
                len(wrong),
            )
        )
    employees = {
        r["uscc"]: r["employees"]
        for r in await databases["finance-subsidy"].fetch(
            "SELECT uscc, employees FROM enterprise_view WHERE uscc = ANY($1::text[])", targets
        )
    }
    wrong = [u for u in targets if employees.get(u) != last_employees.get(u)]
    rows.append(
        Row(
            "finance-subsidy: last employees of each updated enterprise",
            len(targets),
            len(targets) - len(wrong),
            0,
            0,
            len(wrong),
        )
    )
    return rows


# -- the run -------------------------------------------------------------------------------------------


async def soak(platform: Platform, args) -> int:
    rng = random.Random(args.seed)
    ledger = Ledger()
    writers = Writers(platform, ledger, rng)
    stop = asyncio.Event()
    seconds = args.minutes * 60
    log(
        f"load: {args.rate:g} writes/s for {seconds:.0f}s; nemesis: SIGKILL every 20-60 s, "
        f"{args.broker_restarts} broker restart(s)"
    )
    async with Databases(platform.urls) as databases:
        await writers.prepare()
        outbox_before = sum((await databases.fingerprint())[1::2])
        chaos = asyncio.create_task(nemesis(platform, rng, seconds, args.broker_restarts, args.broker_alone, stop))
        elapsed = await writers.run(args.rate, seconds)
        stop.set()
        await chaos
        log(f"load over after {elapsed:.0f}s; finishing the writes under way")
        await writers.finish()
        await asyncio.to_thread(platform.ensure_running)
        outbox_after_load = sum((await databases.fingerprint())[1::2])
        log("draining")
        drained = await drain(databases, args.drain_seconds)
        rows = await check(databases, ledger)
        unsent = await databases.unsent()
        dead = {
            name: int(await c.fetchval("SELECT count(*) FROM dead_letter")) for name, c in databases.connections.items()
        }
        events_consumed = sum((await databases.fingerprint())[0::2])

    width = max(len(r.what) for r in rows)

    def line(r: Row) -> str:
        return f"{r.what:{width}}  {r.expected:8}  {r.found:7}  {r.duplicates:10}  {r.lost:5}  {r.reordered:9}"

    print()
    print(f"{'':{width}}  expected    found  duplicates   lost  reordered")
    for r in rows:
        print(line(r))
    total = Row(
        "total effects",
        sum(r.expected for r in rows),
        sum(r.found for r in rows),
        sum(r.duplicates for r in rows),
        sum(r.lost for r in rows),
        sum(r.reordered for r in rows),
    )
    print(line(total))
    print()
    events = outbox_after_load - outbox_before
    print(
        f"writes: {ledger.writes} started ({dict(ledger.attempts)}), {sum(ledger.acked.values())} acknowledged, "
        f"{sum(ledger.unacked.values())} unacknowledged {dict(ledger.unacked)} "
        f"({sum(ledger.stuck_in_progress.values())} of them stuck at 409 {dict(ledger.stuck_in_progress)} "
        "idempotency_in_progress), "
        f"{sum(ledger.refused.values())} refused"
    )
    if ledger.first_refusal:
        print(f"  first refusal of each kind: {ledger.first_refusal}")
    print(
        f"rate: asked {args.rate:g} writes/s, achieved {ledger.writes / elapsed:.1f} writes/s "
        f"({writers.skipped} ticks skipped at {MAX_IN_FLIGHT} in flight to a service); {events} events published "
        f"({events / elapsed:.1f}/s), {events_consumed} consumed in all (inboxes)"
    )
    print(
        f"nemesis: {sum(platform.kills.values())} SIGKILLs {dict(platform.kills)}, "
        f"{platform.broker_restarts} broker restart(s)"
    )
    print(
        f"outbox rows unsent: {sum(unsent.values())} {unsent}; "
        f"dead letters: {sum(dead.values())} {dead}; drained: {drained}"
    )
    failed = (
        total.duplicates or total.lost or total.reordered or any(unsent.values()) or any(dead.values()) or not drained
    )
    print("SOAK FAILED" if failed else "SOAK PASSED")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=250.0, help="writes a second asked for (all kinds)")
    parser.add_argument("--broker-restarts", type=int, default=1)
    parser.add_argument(
        "--broker-alone",
        action="store_true",
        help="restart the broker under the running services (by default they go down and come back with it)",
    )
    parser.add_argument("--drain-seconds", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the databases (var/soak-pg) for a look afterwards")
    args = parser.parse_args()
    args.seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    log(f"seed {args.seed}")
    VAR.mkdir(exist_ok=True)
    workdir = VAR / "soak"
    workdir.mkdir(exist_ok=True)
    server = EmbeddedPostgres(VAR / "soak-pg")
    server_url = server.start()
    broker = TansuBroker(free_port(), log_path=workdir / "broker.log")
    broker.start()
    platform = Platform(server_url, broker, workdir)
    try:
        asyncio.run(platform.create_databases())
        platform.start_all()
        return asyncio.run(soak(platform, args))
    finally:
        platform.stop_all()
        broker.stop()
        if not args.keep:
            asyncio.run(platform.drop_databases())
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
