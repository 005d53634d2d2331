"""Existing data migrates: an awards database as the previous release left it (awards_0001), holding an
enterprise, an accepted A6.1 claim filed before the fair's level was asked for, and its award, upgraded to
the heads. The claim keeps its decision (its level filled in as it was read then, and said so), the award
its place and a source, the enterprise a size for every date; a claim filed after the upgrade is decided
together with the old one."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

from zjtx.awards.definition import AWARDS
from zjtx.common.db import (
    create_engine,
    create_sessionmaker,
)
from zjtx.common.kit import create_app
from zjtx.common.migrations import migrate_async
from zjtx.common.settings import Environment
from zjtx.common.testing.clients import asgi_client
from zjtx.common.testing.databases import connected, database_at
from zjtx.common.testing.uscc import make_uscc

from .claiming import fair


async def _seed(url: str, uscc: str, claim_id: uuid.UUID, award_id: uuid.UUID) -> None:
    async with connected(url) as connection:
        await connection.execute(
            """INSERT INTO enterprise_view (uscc, name, district_code, sector, cluster, size_class, is_sme)
               VALUES ($1, '旧企业', '150105', 'industry', 'agri_food', 'small', true)""",
            uscc,
        )
        evidence = {"uscc": uscc, "fair_name": "进博会", "held_on": "2024-04-20", "booth_fee": "30000.00"}
        await connection.execute(
            """INSERT INTO claims (id, rule, uscc, submitted_by, evidence, status, explanation, award_id)
               VALUES ($1, 'A6.1', $2, 'platform', $3::jsonb, 'accepted', '{}'::jsonb, $4)""",
            claim_id,
            uscc,
            json.dumps(evidence),
            award_id,
        )
        await connection.execute(
            """INSERT INTO awards (id, dedup_key, uscc, subject_name, district_code, rule, monetary, amount_fen,
               status, reference_date, parameters_version, explanation, claim_id)
               VALUES ($1, $2, $3, '旧企业', '150105', 'A6.1', true, 3000000, 'computed', '2024-04-20',
                       'common:2026-12-02.1+awards:2026-12-02.1', '{}'::jsonb, $4)""",
            award_id,
            f"A6.1:{uscc}:2024-04-20:进博会",
            uscc,
            claim_id,
        )


async def test_a_claim_and_award_of_the_previous_release_keep_their_decision(pg_server_url, keys, clock):
    uscc, claim_id, award_id = make_uscc(1801), uuid.uuid4(), uuid.uuid4()
    engine = None
    async with database_at(pg_server_url, AWARDS.schema, "awards_0001") as url:
        try:
            await _seed(url, uscc, claim_id, award_id)

            await migrate_async(AWARDS.schema, url)

            engine = create_engine(url, pool_size=2)
            settings = AWARDS.settings_class()(
                environment=Environment.TEST, database_url=url, kafka_bootstrap_servers="127.0.0.1:1"
            )
            app = create_app(AWARDS, settings, sessions=create_sessionmaker(engine), clients=keys.store, clock=clock)
            async with asgi_client(app) as http:
                old = (await http.get(f"/v1/claims/{claim_id}", headers=keys.headers("reader"))).json()
                award = (await http.get(f"/v1/awards/{award_id}", headers=keys.headers("reader"))).json()
                # A second fair of 2024 after the upgrade: min(100% × 30,000.00, 50,000.00 − 30,000.00) = 20,000.00.
                response = await http.post(
                    "/v1/claims", headers=keys.headers("platform"), json=fair(uscc, "广交会", held_on="2024-06-10")
                )
                assert response.status_code == 201, response.text
                new = response.json()
                new_award = (await http.get(f"/v1/awards/{new['award_id']}", headers=keys.headers("reader"))).json()
                still = (await http.get(f"/v1/awards/{award_id}", headers=keys.headers("reader"))).json()
        finally:
            if engine is not None:
                await engine.dispose()
    assert (old["status"], old["evidence"]["fair_level"], old["evidence"]["backfilled"]) == (
        "accepted",
        "national",
        ["fair_level"],
    )
    assert (award["source"], award["status"], award["amount"]) == (f"claim:{claim_id}", "computed", "30000.00")
    assert (new["status"], new_award["amount"]) == ("accepted", "20000.00")
    assert (still["status"], still["amount"]) == ("computed", "30000.00")  # kept, not decided away


async def test_notes_and_rejections_of_the_previous_release_move_onto_their_awards(pg_server_url):
    """awards_0004: the notes and the rejecting client, kept only in the audit log before, onto the award."""
    uscc, claim_id, award_id = make_uscc(982), uuid.uuid4(), uuid.uuid4()
    async with database_at(pg_server_url, AWARDS.schema, "awards_0003") as url:
        await _seed(url, uscc, claim_id, award_id)
        async with connected(url) as connection:
            for at, actor, action, note in (
                ("2025-08-01T09:00:00+08:00", "reviewer", "award.reviewed", "初审意见"),
                ("2025-08-02T09:00:00+08:00", "reviewer", "award.reviewed", "复核意见"),  # the latest counts
                ("2025-08-03T09:00:00+08:00", "gxj-officer", "award.rejected", "材料不实"),
            ):
                await connection.execute(
                    """INSERT INTO audit_log (id, at, actor, action, entity_type, entity_id, before, after)
                       VALUES ($1, $2::timestamptz, $3, $4, 'award', $5, NULL, $6::jsonb)""",
                    uuid.uuid4(),
                    datetime.fromisoformat(at),
                    actor,
                    action,
                    str(award_id),
                    json.dumps({"note": note}),
                )
        await migrate_async(AWARDS.schema, url)
        async with connected(url) as connection:
            award = await connection.fetchrow("SELECT * FROM awards WHERE id = $1", award_id)
    assert (award["review_note"], award["approval_note"], award["rejected_by"]) == ("复核意见", None, "gxj-officer")
    assert award["rejected_at"] == datetime.fromisoformat("2025-08-03T09:00:00+08:00")
