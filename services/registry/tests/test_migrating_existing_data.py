"""Existing data migrates: a registry database as the previous release left it (registry_0002), with an
enterprise and history lines in it, upgraded to the heads: the enterprise gets its first version of
facts (from its registration, with the size class it had), and the history lines their order."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from zjtx.common.clock import CHINA
from zjtx.common.events.registry import ENTERPRISE_CREDIT_LISTED
from zjtx.common.messaging.envelope import Envelope
from zjtx.common.migrations import migrate_async
from zjtx.common.testing.databases import connected, database_at
from zjtx.common.testing.uscc import make_uscc
from zjtx.registry.definition import REGISTRY


async def test_an_enterprise_of_the_previous_release_gets_its_first_version_of_facts(pg_server_url):
    uscc = make_uscc(990)
    async with database_at(pg_server_url, REGISTRY.schema, "registry_0002") as url:
        async with connected(url) as connection:
            await connection.execute(
                """INSERT INTO enterprises (id, uscc, name, district_code, sector, cluster, employees,
                   annual_revenue_fen, total_assets_fen, size_class, is_sme, registered_on, park_id)
                   VALUES ($1, $2, '旧企业', '150105', 'industry', 'agri_food', 120, 3500000000, NULL,
                           'small', true, '2019-05-08', NULL)""",
                uuid.uuid4(),
                uscc,
            )
            at = datetime(2024, 6, 18, 9, 0, tzinfo=CHINA)
            for summary in ("registered", "recognised", "renewed"):  # one instant, recorded in this order
                await connection.execute(
                    """INSERT INTO enterprise_history (id, uscc, event_id, event_type, producer, occurred_at,
                       summary, payload) VALUES ($1, $2, $3, 'registry.enterprise.x', 'registry', $4, $5, '{}')""",
                    uuid.uuid4(),
                    uscc,
                    uuid.uuid4(),
                    at,
                    summary,
                )

        await migrate_async(REGISTRY.schema, url)

        async with connected(url) as connection:
            version = await connection.fetchrow("SELECT * FROM enterprise_facts WHERE uscc = $1", uscc)
            current = await connection.fetchrow("SELECT effective_on FROM enterprises WHERE uscc = $1", uscc)
            history = await connection.fetch(
                "SELECT summary FROM enterprise_history WHERE uscc = $1 ORDER BY occurred_at, seq", uscc
            )
    assert (version["effective_on"], version["employees"], version["annual_revenue_fen"]) == (
        date(2019, 5, 8),
        120,
        3_500_000_000,
    )
    assert (version["size_class"], version["is_sme"], version["sector"]) == ("small", True, "industry")
    assert current["effective_on"] == date(2019, 5, 8)
    assert [row["summary"] for row in history] == ["registered", "recognised", "renewed"]


async def test_an_inspections_list_entry_of_the_previous_release_becomes_a_credit_list_entry(pg_server_url):
    uscc, inspection_id = make_uscc(991), uuid.uuid4()
    async with database_at(pg_server_url, REGISTRY.schema, "registry_0003") as url:
        async with connected(url) as connection:
            await connection.execute(
                """INSERT INTO enterprises (id, uscc, name, district_code, sector, cluster, employees,
                   annual_revenue_fen, total_assets_fen, size_class, is_sme, registered_on, park_id, effective_on)
                   VALUES ($1, $2, '旧企业', '150105', 'industry', 'agri_food', 120, 3500000000, NULL,
                           'small', true, '2019-05-08', NULL, '2019-05-08')""",
                uuid.uuid4(),
                uscc,
            )
            for list_entry, result in (("black", "拒不整改"), (None, None)):
                await connection.execute(
                    """INSERT INTO inspections (id, uscc, inspection_type, department, ended_on, published_on,
                       special_sector, result, list_entry) VALUES ($1, $2, '产品质量', '市市场监督管理局',
                       '2024-04-10', NULL, false, $3, $4)""",
                    inspection_id if list_entry else uuid.uuid4(),
                    uscc,
                    result,
                    list_entry,
                )

        await migrate_async(REGISTRY.schema, url)

        async with connected(url) as connection:
            entries = await connection.fetch("SELECT * FROM credit_list_entries WHERE uscc = $1", uscc)
            outbox = await connection.fetch("SELECT * FROM outbox WHERE key = $1", uscc)
            history = await connection.fetch("SELECT * FROM enterprise_history WHERE uscc = $1", uscc)
    assert [
        (e["list"], e["listed_on"], e["removed_on"], e["authority"], e["reason"], e["inspection_id"]) for e in entries
    ] == [("black", date(2024, 4, 10), None, "市市场监督管理局", "inspection 产品质量: 拒不整改", inspection_id)]
    # Its reason is the registry's own words, so registry_0009 gives it the Chinese as well.
    assert entries[0]["reason_zh"] == "产品质量检查：拒不整改"

    # … and it is published as the registry publishes an entry it records (registry_0008): the awards
    # service's credit check learns of it, and the enterprise's history shows it, on the day it was listed.
    [row] = outbox
    envelope = Envelope.from_bytes(row["body"].encode())
    entry = ENTERPRISE_CREDIT_LISTED.payload.model_validate(envelope.payload)
    assert (row["topic"], row["event_type"], row["event_id"]) == (
        "registry.enterprise",
        "registry.enterprise.credit_listed",
        envelope.event_id,
    )
    assert (envelope.event_type, envelope.event_version, envelope.producer, envelope.actor) == (
        "registry.enterprise.credit_listed",
        1,
        "registry",
        None,
    )
    assert (entry.entry_id, entry.list, entry.listed_on, entry.authority, entry.district_code) == (
        entries[0]["id"],
        "black",
        date(2024, 4, 10),
        "市市场监督管理局",
        "150105",
    )
    [line] = history
    assert (line["event_id"], line["business_date"], line["actor"]) == (envelope.event_id, date(2024, 4, 10), None)
    assert line["summary_zh"] == "2024-04-10由市市场监督管理局列入黑名单"
    assert line["summary"] == "put on the black list on 2024-04-10 by 市市场监督管理局"
