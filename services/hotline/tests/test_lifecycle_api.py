"""The life of a ticket through the API: acknowledge, reply, rate, close; an unsatisfied visit reopens
it once; reassign, merge, withdraw; arrears extensions; every move timestamped, audited and published;
what is not allowed answers 409 naming both states; a department sees only its tickets and the caller's
contact details only on them. ASGI app, real PostgreSQL rolled back per test, clock 2025-09-01 10:00."""

from __future__ import annotations

from zjtx.common.testing.readers import audit_records, count_rows, outbox_events
from zjtx.hotline.ticket.models import TimelineEntry

from .flows import act, moved, new_ticket

REPLY = {"text": "已协调相关单位于本周内办理完毕。", "resolved": True}
VISIT = "2025-09-01T10:00:00+08:00"


def verbs(ticket) -> list[str]:
    return [entry["verb"] for entry in ticket["timeline"]]


async def test_the_whole_life_acknowledge_reply_rate_close(client, keys, sessions):
    ticket = await new_ticket(client, keys, 1)
    tid = ticket["id"]
    acknowledged = await moved(client, keys, tid, "acknowledge")
    assert acknowledged["status"] == "acknowledged"
    assert acknowledged["contact"] == {"name": "王小明", "phone": "13812341234", "masked": False}  # GXJ handles it
    replied = await moved(client, keys, tid, "reply", REPLY)
    assert replied["reply"]["text"] == REPLY["text"] and replied["reply"]["department"] == "GXJ"
    # Replied Monday 2025-09-01: the return visit by 24:00 of the 3rd working day after, Thu 09-04.
    assert replied["deadlines"]["return_visit"] == "2025-09-05T00:00:00+08:00"
    rated = await moved(client, keys, tid, "rate", {"rating": "satisfied", "visited_at": VISIT})
    assert (rated["status"], rated["rating"]["rating"]) == ("rated", "satisfied")
    closed = await moved(client, keys, tid, "close")
    assert closed["status"] == "closed"
    assert verbs(closed) == ["received", "assigned", "acknowledged", "replied", "rated", "closed"]
    assert [e["seq"] for e in closed["timeline"]] == [1, 2, 3, 4, 5, 6]
    assert all(e["at"] == "2025-09-01T10:00:00+08:00" for e in closed["timeline"])
    # Every deadline met, none open; nothing overdue.
    assert {(d["kind"], d["end_reason"]) for d in closed["deadline_details"]} == {
        ("acknowledge", "met"),
        ("reply", "met"),
        ("return_visit", "met"),
    }
    published = [e["event_type"].rsplit(".", 1)[1] for e in await outbox_events(sessions)]
    assert published == ["received", "assigned", "acknowledged", "replied", "rated", "closed"]
    sequences = [e["payload"]["sequence"] for e in await outbox_events(sessions)]
    assert sequences == [1, 2, 3, 4, 5, 6]
    actions = sorted(r.action for r in await audit_records(sessions, entity_id=tid))
    assert actions == sorted(f"ticket.{v}" for v in published)


async def test_a_move_not_allowed_answers_409_naming_both_states_and_changes_nothing(client, keys, sessions):
    tid = (await new_ticket(client, keys, 2))["id"]
    reply = await act(client, keys, tid, "reply", REPLY)
    body = reply.json()
    assert (reply.status_code, body["code"]) == (409, "invalid_transition")
    assert (body["from_status"], body["to_status"], body["action"]) == ("assigned", "replied", "reply")
    assert "assigned" in body["detail"] and "replied" in body["detail"]
    rate = await act(client, keys, tid, "rate", {"rating": "satisfied", "visited_at": VISIT})
    assert (rate.status_code, rate.json()["code"]) == (409, "rating_before_reply")
    close = await act(client, keys, tid, "close")
    assert (close.status_code, close.json()["code"]) == (409, "invalid_transition")
    await moved(client, keys, tid, "acknowledge")
    again = await act(client, keys, tid, "acknowledge")
    assert (again.json()["from_status"], again.json()["to_status"]) == ("acknowledged", "acknowledged")
    assert await count_rows(sessions, TimelineEntry) == (3,)  # received, assigned, acknowledged


async def test_bad_bodies_answer_422(client, keys):
    tid = (await new_ticket(client, keys, 3))["id"]
    await moved(client, keys, tid, "acknowledge")
    for body in ({"text": "", "resolved": True}, {"text": "   ", "resolved": True}, {"resolved": True}, {"text": "好"}):
        response = await act(client, keys, tid, "reply", body)
        assert (response.status_code, response.json()["code"]) == (422, "validation_failed"), body
    same = await act(client, keys, tid, "reassign", {"department": "GXJ", "reason": "核实"})
    assert (same.status_code, same.json()["code"]) == (422, "same_department")
    unknown = await act(client, keys, tid, "reassign", {"department": "XYZ", "reason": "核实"})
    assert (unknown.status_code, unknown.json()["code"]) == (422, "department_unknown")
    no_reason = await act(client, keys, tid, "reassign", {"department": "CZJ"})
    assert no_reason.status_code == 422
    await moved(client, keys, tid, "reply", REPLY)
    early = await act(client, keys, tid, "rate", {"rating": "satisfied", "visited_at": "2025-09-01T09:00:00+08:00"})
    assert (early.status_code, early.json()["code"]) == (422, "visited_at_invalid")  # before the reply
    odd = await act(client, keys, tid, "rate", {"rating": "so-so", "visited_at": VISIT})
    assert odd.status_code == 422


async def test_a_department_sees_and_changes_only_its_tickets(client, keys):
    gxj = await new_ticket(client, keys, 4)  # other → GXJ
    czj = await new_ticket(client, keys, 5, category="finance")  # → CZJ
    assert (await client.get(f"/v1/tickets/{czj['id']}", headers=keys.headers("gxj"))).status_code == 404
    assert (await act(client, keys, czj["id"], "acknowledge", as_="gxj")).status_code == 404
    listed = (await client.get("/v1/tickets", headers=keys.headers("gxj"))).json()["items"]
    assert [t["id"] for t in listed] == [gxj["id"]]
    others = await client.get("/v1/tickets", params={"department": "CZJ"}, headers=keys.headers("gxj"))
    assert others.json()["items"] == []
    # The 12345 centre (admin) sees both, masked; a reader too; a handler bound to no department may not act.
    for name in ("admin", "reader", "intake"):
        shown = (await client.get(f"/v1/tickets/{czj['id']}", headers=keys.headers(name))).json()
        assert shown["contact"]["phone"] == "138****1234", name
    assert (await act(client, keys, gxj["id"], "acknowledge", as_="unbound")).json()["code"] == (
        "handler_without_department"
    )
    assert (await act(client, keys, gxj["id"], "acknowledge", as_="reader")).status_code == 403
    assert (await client.get(f"/v1/tickets/{gxj['id']}", headers=keys.headers("outsider"))).status_code == 403
    # CZJ sees its own with the phone number.
    own = (await client.get(f"/v1/tickets/{czj['id']}", headers=keys.headers("czj"))).json()
    assert own["contact"]["phone"] == "13812341234"


async def test_an_unsatisfied_visit_reopens_once_to_the_same_department(client, keys, sessions):
    tid = (await new_ticket(client, keys, 6))["id"]
    await moved(client, keys, tid, "acknowledge")
    await moved(client, keys, tid, "reply", {"text": "已答复", "resolved": False})
    reopened = await moved(client, keys, tid, "rate", {"rating": "unsatisfied", "visited_at": VISIT})
    assert (reopened["status"], reopened["department"], reopened["reopen_count"]) == ("reopened", "GXJ", 1)
    assert verbs(reopened)[-2:] == ["rated", "reopened"]
    # The earlier reply and rating stay until the next ones (RULES A14.2).
    assert (reopened["reply"]["resolved"], reopened["rating"]["rating"]) == (False, "unsatisfied")
    # Reopened Monday 2025-09-01: new cycle, acknowledge by 24:00 of 09-02, reply by 24:00 of 09-08.
    cycle = [d for d in reopened["deadline_details"] if d["cycle"] == 1]
    assert {(d["kind"], d["due_at"]) for d in cycle} == {
        ("acknowledge", "2025-09-03T00:00:00+08:00"),
        ("reply", "2025-09-09T00:00:00+08:00"),
    }
    await moved(client, keys, tid, "acknowledge")
    second = await moved(client, keys, tid, "reply", REPLY)
    assert second["reply"]["resolved"] is True
    rated = await moved(client, keys, tid, "rate", {"rating": "unsatisfied", "visited_at": VISIT})
    assert (rated["status"], rated["reopen_count"]) == ("rated", 1)  # once only
    assert (await moved(client, keys, tid, "close"))["status"] == "closed"
    reopened_events = await outbox_events(sessions)
    assert [e["event_type"] for e in reopened_events].count("hotline.ticket.reopened") == 1


async def test_reassignment_moves_the_ticket_with_its_reason_and_restarts_only_the_acknowledgement(
    client, keys, sessions
):
    ticket = await new_ticket(client, keys, 7)
    tid = ticket["id"]
    await moved(client, keys, tid, "acknowledge")
    moved_on = await moved(client, keys, tid, "reassign", {"department": "CZJ", "reason": "涉及财政资金，转财政局"})
    assert (moved_on["status"], moved_on["department"]) == ("assigned", "CZJ")
    assert moved_on["contact"]["masked"] is True  # GXJ no longer handles it
    assert moved_on["timeline"][-1]["details"] == {"reason": "涉及财政资金，转财政局", "previous_department": "GXJ"}
    # CZJ signs for it within 1 working day of the reassignment (Mon 09-01 → 24:00 of 09-02); the reply
    # deadline still counts from receipt.
    assert moved_on["deadlines"] == {**ticket["deadlines"], "acknowledge": "2025-09-03T00:00:00+08:00"}
    assert (await client.get(f"/v1/tickets/{tid}", headers=keys.headers("gxj"))).status_code == 404
    await moved(client, keys, tid, "acknowledge", as_="czj")
    assigned = await outbox_events(sessions)
    reassigned = [e for e in assigned if e["event_type"] == "hotline.ticket.assigned"][-1]["payload"]
    assert (reassigned["department"], reassigned["previous_department"], reassigned["reason"]) == (
        "CZJ",
        "GXJ",
        "涉及财政资金，转财政局",
    )


async def test_a_duplicate_is_merged_into_the_ticket_kept(client, keys, sessions):
    kept = await new_ticket(client, keys, 8)
    duplicate = await new_ticket(client, keys, 9)
    itself = await act(client, keys, duplicate["id"], "merge", {"into": duplicate["id"]})
    assert (itself.status_code, itself.json()["code"]) == (422, "merge_invalid")
    czj = await new_ticket(client, keys, 10, category="finance")
    hidden = await act(client, keys, duplicate["id"], "merge", {"into": czj["id"]})  # GXJ cannot see CZJ's
    assert (hidden.status_code, hidden.json()["code"]) == (422, "merge_invalid")
    merged = await moved(client, keys, duplicate["id"], "merge", {"into": kept["id"]})
    assert (merged["status"], merged["merged_into"]) == ("merged", kept["id"])
    assert merged["end_reason"] == "a duplicate of 12345-QY-20250901-000008"
    assert all(d["end_reason"] == "cancelled" for d in merged["deadline_details"])
    assert merged["overdue"] is False
    into_merged = await act(client, keys, kept["id"], "merge", {"into": duplicate["id"]})
    assert (into_merged.status_code, into_merged.json()["code"]) == (422, "merge_invalid")
    payload = (await outbox_events(sessions))[-1]["payload"]
    assert (payload["status"], payload["merged_into"]) == ("merged", kept["id"])


async def test_withdrawal_ends_the_ticket_and_a_replied_one_is_closed_without_visit_by_the_centre_only(client, keys):
    withdrawn = await moved(
        client, keys, (await new_ticket(client, keys, 11))["id"], "withdraw", {"reason": "来电人撤诉"}
    )
    assert (withdrawn["status"], withdrawn["end_reason"]) == ("withdrawn", "来电人撤诉")
    assert (await act(client, keys, withdrawn["id"], "acknowledge")).status_code == 409

    tid = (await new_ticket(client, keys, 12))["id"]
    await moved(client, keys, tid, "acknowledge")
    await moved(client, keys, tid, "reply", REPLY)
    by_department = await act(client, keys, tid, "close", {"reason": "无法联系"})
    assert (by_department.status_code, by_department.json()["code"]) == (403, "not_allowed_for_department")
    without_reason = await act(client, keys, tid, "close", as_="admin")
    assert (without_reason.status_code, without_reason.json()["code"]) == (422, "reason_required")
    closed = await moved(client, keys, tid, "close", {"reason": "三次回访均无法联系来电人"}, as_="admin")
    assert (closed["status"], closed["rating"]) == ("closed", None)
    [visit] = [d for d in closed["deadline_details"] if d["kind"] == "return_visit"]
    assert visit["end_reason"] == "cancelled"


async def test_an_arrears_answer_is_extended_up_to_90_days_with_a_reason(client, keys, sessions):
    tid = (await new_ticket(client, keys, 13, category="arrears", buyer_code="HS-JYJ-001"))["id"]
    # Received Mon 2025-09-01: 30 days → Wed 10-01, a holiday → Thu 10-09 (24:00).
    extended = await moved(client, keys, tid, "extensions", {"days": 30, "reason": "需核实合同履行情况"})
    # 60 days → Fri 10-31, a working day.
    assert extended["deadlines"]["reply"] == "2025-11-01T00:00:00+08:00"
    assert extended["extension_days"] == 30
    assert verbs(extended)[-1] == "extended"
    event = (await outbox_events(sessions))[-1]
    assert event["event_type"] == "hotline.ticket.extended"
    assert (event["payload"]["deadline"], event["payload"]["due_at"]) == ("reply", "2025-11-01T00:00:00+08:00")
    too_long = await act(client, keys, tid, "extensions", {"days": 31, "reason": "再延"})
    assert (too_long.status_code, too_long.json()["code"]) == (422, "extension_too_long")
    assert "at most 30 more" in too_long.json()["detail"]
    last = await moved(client, keys, tid, "extensions", {"days": 30, "reason": "再延"})
    # 90 days → Sun 11-30 → Mon 12-01.
    assert last["deadlines"]["reply"] == "2025-12-02T00:00:00+08:00"
    replaced = [d for d in last["deadline_details"] if d["kind"] == "reply"]
    assert [d["end_reason"] for d in replaced] == ["extended", "extended", None]

    ordinary = (await new_ticket(client, keys, 14))["id"]
    refused = await act(client, keys, ordinary, "extensions", {"days": 5, "reason": "忙"})
    assert (refused.status_code, refused.json()["code"]) == (422, "extension_not_allowed")


async def test_ticket_list_filters_and_pages(client, keys):
    ids = [
        (await new_ticket(client, keys, n, received_at=f"2025-08-{n:02d}T09:00:00+08:00"))["id"] for n in range(1, 6)
    ]
    await new_ticket(client, keys, 6, category="finance")
    await moved(client, keys, ids[0], "acknowledge")
    listed = await client.get("/v1/tickets", params={"department": "GXJ", "limit": 2}, headers=keys.headers("admin"))
    page = listed.json()
    assert [t["id"] for t in page["items"]] == ids[:2] and page["next_cursor"]
    assert page["items"][0]["timeline"] is None
    rest = await client.get(
        "/v1/tickets", params={"department": "GXJ", "cursor": page["next_cursor"]}, headers=keys.headers("admin")
    )
    assert [t["id"] for t in rest.json()["items"]] == ids[2:]
    status = await client.get("/v1/tickets", params={"status": "acknowledged"}, headers=keys.headers("admin"))
    assert [t["id"] for t in status.json()["items"]] == [ids[0]]
    window = await client.get(
        "/v1/tickets", params={"from": "2025-08-02", "to": "2025-08-03"}, headers=keys.headers("admin")
    )
    assert [t["id"] for t in window.json()["items"]] == ids[1:3]
    # Received 08-01 .. 08-05, acknowledge by the next working day: all of them passed by 09-01 unless met.
    overdue = await client.get("/v1/tickets", params={"overdue": "true"}, headers=keys.headers("admin"))
    assert [t["id"] for t in overdue.json()["items"]] == ids  # ids[0] acknowledged late, its reply still overdue
    on_time = await client.get("/v1/tickets", params={"overdue": "false"}, headers=keys.headers("admin"))
    assert [t["category"] for t in on_time.json()["items"]] == ["finance"]
    bad = await client.get("/v1/tickets", params={"status": "lost"}, headers=keys.headers("admin"))
    assert bad.status_code == 422
    cursor = await client.get("/v1/tickets", params={"cursor": "nonsense"}, headers=keys.headers("admin"))
    assert (cursor.status_code, cursor.json()["code"]) == (400, "cursor_invalid")
