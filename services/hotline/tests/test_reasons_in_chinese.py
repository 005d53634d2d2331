"""The reasons the hotline writes itself read in Chinese by default (no Accept-Language) and in English
with `Accept-Language: en` (issue 12, item 1): a duplicate's end reason, the timeline's merge, reopening
and supervision reasons, and the events the 12345 system is called back with; a reason a person typed
reads as typed. A callback's status in a Chinese problem detail is said by its name. The plugin's clock
is Monday 2025-09-01 10:00 (Asia/Shanghai)."""

from __future__ import annotations

from datetime import datetime

from zjtx.common.messaging.envelope import Envelope
from zjtx.common.testing.readers import outbox_events

from .flows import moved, new_ticket

EN = {"Accept-Language": "en"}
VISIT = "2025-09-01T10:00:00+08:00"


async def _both(client, default_client, keys, ticket_id: str) -> tuple[dict, dict]:
    """As a reader without Accept-Language (Chinese, the default) reads it, and with `Accept-Language: en`."""
    url = f"/v1/tickets/{ticket_id}"
    chinese = await default_client.get(url, headers=keys.headers("admin"))
    english = await client.get(url, headers=keys.headers("admin") | EN)
    assert chinese.status_code == english.status_code == 200, chinese.text
    return chinese.json(), english.json()


def _reasons(ticket: dict, verb: str) -> list[str]:
    return [e["details"]["reason"] for e in ticket["timeline"] if e["verb"] == verb]


async def test_a_duplicates_end_reason_reads_in_the_readers_language(client, default_client, keys, sessions):
    kept = await new_ticket(client, keys, 61)
    duplicate = await new_ticket(client, keys, 62)
    await moved(client, keys, duplicate["id"], "merge", {"into": kept["id"]})

    chinese, english = await _both(client, default_client, keys, duplicate["id"])

    assert chinese["end_reason"] == "与工单12345-QY-20250901-000061重复"
    assert english["end_reason"] == "a duplicate of 12345-QY-20250901-000061"
    assert _reasons(chinese, "merged") == [chinese["end_reason"]]
    assert _reasons(english, "merged") == [english["end_reason"]]
    assert all("reason_zh" not in e["details"] for e in chinese["timeline"] + english["timeline"])
    # The event the 12345 system is called back with carries both.
    [merged] = [e for e in await outbox_events(sessions) if e["event_type"] == "hotline.ticket.merged"]
    assert (merged["payload"]["reason"], merged["payload"]["reason_zh"]) == (
        english["end_reason"],
        chinese["end_reason"],
    )
    # … and the category's name, for the lines people read elsewhere (the registry's history).
    assert (merged["payload"]["category"], merged["payload"]["category_name"]) == ("other", "其他")


async def test_a_typed_merge_reason_reads_as_typed(client, default_client, keys):
    kept = await new_ticket(client, keys, 63)
    duplicate = await new_ticket(client, keys, 64)
    await moved(client, keys, duplicate["id"], "merge", {"into": kept["id"], "reason": "同一企业同一事项重复来电"})

    chinese, english = await _both(client, default_client, keys, duplicate["id"])

    assert chinese["end_reason"] == english["end_reason"] == "同一企业同一事项重复来电"


async def test_a_reopening_and_a_supervision_say_why_in_the_readers_language(client, default_client, keys, clock):
    # Received Mon 2025-09-01; acknowledged, replied unresolved, rated unsatisfied: reopened (new cycle,
    # acknowledge by 24:00 of Tue 09-02). At 08:00 of 09-03 that deadline has passed: supervised.
    tid = (await new_ticket(client, keys, 65))["id"]
    await moved(client, keys, tid, "acknowledge")
    await moved(client, keys, tid, "reply", {"text": "已答复", "resolved": False})
    await moved(client, keys, tid, "rate", {"rating": "unsatisfied", "visited_at": VISIT})
    clock.at = datetime.fromisoformat("2025-09-03T08:00:00+08:00")
    job = await client.post("/v1/admin/jobs/supervise-deadlines", headers=keys.headers("admin"))
    assert job.status_code == 200, job.text

    chinese, english = await _both(client, default_client, keys, tid)

    assert _reasons(chinese, "reopened") == ["回访评价为不满意"]
    assert _reasons(english, "reopened") == ["the return visit was unsatisfied"]
    assert _reasons(chinese, "supervised") == ["签收期限已于2025-09-03 00:00（北京时间）届满"]
    assert _reasons(english, "supervised") == ["the acknowledge deadline ended at 2025-09-02T16:00:00+00:00"]


async def test_a_callbacks_status_is_named_in_a_chinese_detail(client, default_client, keys, sessions, handlers):
    await new_ticket(client, keys, 66)
    for body in await outbox_events(sessions):  # the consumer's work: each event becomes a callback
        async with sessions() as session, session.begin():
            await handlers.apply(session, Envelope.model_validate(body))
    listed = await client.get("/v1/callbacks", headers=keys.headers("admin"))
    pending = listed.json()["items"][0]["id"]

    url = f"/v1/callbacks/{pending}/redrive"
    chinese = await default_client.post(url, headers=keys.headers("admin"))
    english = await client.post(url, headers=keys.headers("admin") | EN)

    assert chinese.status_code == english.status_code == 409
    assert chinese.json()["code"] == english.json()["code"] == "callback_not_failed"
    assert chinese.json()["detail"] == "该回调状态为待发送"
    assert english.json()["detail"] == "the callback is pending"
