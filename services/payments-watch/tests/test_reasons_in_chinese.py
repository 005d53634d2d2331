"""The reasons payments-watch writes itself read in Chinese by default (no Accept-Language) and in English
with `Accept-Language: en` (issue 12, item 1): why an arrears case no longer counts (its ticket merged or
withdrawn) and why a procurement plan was not checked (before the policy). Clock fixed at 2025-09-01."""

from __future__ import annotations

import uuid
from datetime import datetime

from zjtx.common.clock import CHINA
from zjtx.common.testing.registry_events import apply

from . import world
from .test_procurement_api import PLANS, plan_body

EN = {"Accept-Language": "en"}


async def test_why_a_case_does_not_count_reads_in_the_readers_language(
    client, default_client, keys, sessions, handlers
):
    organ = await world.buyer(client, keys, 41)
    ticket = world.ticket_event(organ, received=datetime(2025, 8, 20, 9, 0, tzinfo=CHINA))
    withdrawn = world.ticket_event(organ, verb="withdrawn", ticket_id=uuid.UUID(ticket.payload["ticket_id"]))
    await apply(sessions, handlers, ticket, withdrawn)

    url = f"/v1/buyers/{organ}/complaints"
    [chinese] = (await default_client.get(url, headers=keys.headers("reader"))).json()["items"]
    [english] = (await client.get(url, headers=keys.headers("reader") | EN)).json()["items"]

    assert chinese["counted"] is english["counted"] is False
    assert chinese["excluded_reason"] == "来电人已撤回"
    assert english["excluded_reason"] == "withdrawn by the caller"


async def test_why_a_plan_was_not_checked_reads_in_the_readers_language(client, default_client, keys):
    # 2021-01-01, the plan's year's first day, is before the policy (2022-01-01): recorded, not checked.
    organ = await world.buyer(client, keys, 42)
    filed = await default_client.post(PLANS, json=plan_body(organ, year=2021), headers=keys.headers("platform"))
    assert filed.status_code == 201, filed.text
    english = await client.get(PLANS, params={"buyer_code": organ}, headers=keys.headers("reader") | EN)

    assert filed.json()["compliant"] is None
    assert filed.json()["reason"] == "before_policy：2021-01-01早于本政策施行之日（2022-01-01）"
    [plan] = english.json()["items"]
    assert plan["reason"] == "before_policy: 2021-01-01 is before the policy applies (2022-01-01)"
