"""The check, once the nemesis stopped and the writers finished: wait until everything drained, then
count, for every consumer and every write path, what was expected against what is there."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

import asyncpg

from soak.ledger import DEFINITIONS, Ledger, log
from zjtx.common.db import asyncpg_connect_kwargs

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

    async def behind(self) -> dict[str, int]:
        """Per consumer, how many events of the types it handles the outboxes hold beyond its inbox: a
        consumer held up (a lock, a rebalance) shows here while the counts stand still."""
        published: Counter = Counter()
        for c in self.connections.values():
            for row in await c.fetch("SELECT event_type, count(*) AS n FROM outbox GROUP BY event_type"):
                published[row["event_type"]] += row["n"]
        behind = {}
        for definition in DEFINITIONS:
            handled = sorted({contract.event_type for contract in definition.handlers})
            consumed = await self.connections[definition.name].fetchval(
                "SELECT count(DISTINCT event_id) FROM inbox WHERE event_type = ANY($1::text[])", handled
            )
            behind[definition.name] = max(0, sum(published[t] for t in handled) - int(consumed))
        return behind

    async def fingerprint(self) -> tuple:
        values = []
        for c in self.connections.values():
            values.append(await c.fetchval("SELECT count(*) FROM inbox"))
            values.append(await c.fetchval("SELECT count(*) FROM outbox"))
        return tuple(values)


async def drain(databases: Databases, deadline_seconds: float) -> bool:
    """Until no outbox row is unsent, every consumer's inbox holds every event of the types it handles,
    and the inbox and outbox counts held still for 20 s (the effects of the last ones)."""
    deadline = time.monotonic() + deadline_seconds
    last, steady_since = None, time.monotonic()
    while time.monotonic() < deadline:
        unsent = await databases.unsent()
        now_print = await databases.fingerprint()
        if now_print != last:
            last, steady_since = now_print, time.monotonic()
        if not any(unsent.values()) and time.monotonic() - steady_since >= 20:
            behind = await databases.behind()
            if not any(behind.values()):
                return True
            log(f"drain: counts still for 20 s, but consumers are behind: {behind}")
            steady_since = time.monotonic()
        await asyncio.sleep(2)
    log(f"drain: deadline passed; unsent {await databases.unsent()}, behind {await databases.behind()}")
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
        not_consumed = expected - set(ids)  # once: inside the comprehension it was a set per event
        missing = [(name, r) for name, r in all_events if r["event_id"] in not_consumed]
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
                len(expected) - len(not_consumed),
                sum(n - 1 for n in seen.values() if n > 1) + sum(1 for e in ids if e not in expected),
                len(not_consumed),
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
