"""Existing data migrates: a payments-watch database as the previous release left it (payments_watch_0001)
with arrears complaints in it, upgraded to the heads: a case the service excluded (merged, withdrawn) gets
the Chinese of the reason it wrote (payments_watch_0002); a counted case, and a reason the service did
not write, get none (they read as kept)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from zjtx.common.clock import CHINA
from zjtx.common.migrations import migrate_async
from zjtx.common.testing.databases import connected, database_at
from zjtx.payments_watch.definition import PAYMENTS_WATCH

CASES = {  # external id: (excluded, the reason the previous release kept)
    "12345-MERGED": (True, "merged into another ticket"),
    "12345-WITHDRAWN": (True, "withdrawn by the caller"),
    "12345-COUNTED": (False, None),
    "12345-OTHER": (True, "excluded by hand"),
}


async def test_an_excluded_case_of_the_previous_release_gets_its_reason_in_chinese(pg_server_url):
    async with database_at(pg_server_url, PAYMENTS_WATCH.schema, "payments_watch_0001") as url:
        async with connected(url) as connection:
            for external_id, (excluded, reason) in CASES.items():
                await connection.execute(
                    """INSERT INTO complaints (ticket_id, external_id, buyer_code, contract_no, seller_uscc,
                       enterprise_name, title, received_at, received_on, excluded, excluded_reason)
                       VALUES ($1, $2, 'B-001', NULL, NULL, '示例企业', '货款逾期未付', $3, $4, $5, $6)""",
                    uuid.uuid4(),
                    external_id,
                    datetime(2025, 6, 3, 9, 0, tzinfo=CHINA),
                    date(2025, 6, 3),
                    excluded,
                    reason,
                )

        await migrate_async(PAYMENTS_WATCH.schema, url)

        async with connected(url) as connection:
            rows = await connection.fetch("SELECT external_id, excluded_reason, excluded_reason_zh FROM complaints")
    migrated = {row["external_id"]: (row["excluded_reason"], row["excluded_reason_zh"]) for row in rows}
    assert migrated == {
        "12345-MERGED": ("merged into another ticket", "已合并到其他工单"),
        "12345-WITHDRAWN": ("withdrawn by the caller", "来电人已撤回"),
        "12345-COUNTED": (None, None),
        "12345-OTHER": ("excluded by hand", None),  # not the service's words: read as kept
    }
