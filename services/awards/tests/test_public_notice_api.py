"""Public notice (公示, P.notice; issue 12 item 5) through the ASGI app, with the shipped parameters (5
working days): reviewing puts an award on notice from the review day to the 5th working day after it (the
kit's calendar, facts/holidays.csv); GET /v1/public/notices (no key) lists it with its name, rule and amount
only; objections are recorded and resolved with who and why; approval waits for the day after the last
notice day, with no objection open.

Worked example (reviewed Friday 2025-09-26, National Day 2025-10-01..08 off, Sunday 2025-09-28 a make-up
working day): working days after the review day: 1 = 09-28, 2 = 09-29, 3 = 09-30, 4 = 10-09, 5 = 10-10;
the notice ends 2025-10-10 and approval is possible from 2025-10-11."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import text

from zjtx.common.clock import CHINA
from zjtx.common.testing.registry_events import apply, make_uscc, recognition, registered

from . import stored

NOTICES = "/v1/public/notices"


@pytest.fixture
def parameters(service_resources, service_definition):
    """The parameters as shipped: public_notice.working_days = 5."""
    return service_resources.parameters(service_definition)


def at(clock, day: date) -> None:
    clock.at = datetime(day.year, day.month, day.day, 10, 0, tzinfo=CHINA)


async def computed_award(client, keys, sessions, handlers, serial: int, name: str) -> str:
    """A1.1 200,000.00 for a municipal recognition of 2025-03-15 (赛罕区 150105)."""
    uscc = make_uscc(serial)
    await apply(
        sessions,
        handlers,
        registered(uscc, name=name, district_code="150105"),
        recognition(uscc, "municipal_zjtx", date(2025, 3, 15), district_code="150105"),
    )
    page = (await client.get("/v1/awards", params={"uscc": uscc}, headers=keys.headers("reader"))).json()
    return page["items"][0]["id"]


async def act(client, keys, award_id: str, action: str, who: str, body: dict | None = None):
    return await client.post(f"/v1/awards/{award_id}/{action}", headers=keys.headers(who), json=body)


async def test_the_notice_runs_five_working_days_then_approval(client, keys, sessions, handlers, clock):
    award_id = await computed_award(client, keys, sessions, handlers, 801, "呼和浩特辛科技有限公司")
    at(clock, date(2025, 9, 26))
    reviewed = await act(client, keys, award_id, "review", "reviewer")
    assert reviewed.status_code == 200, reviewed.text
    assert (reviewed.json()["notice_starts_on"], reviewed.json()["notice_ends_on"]) == ("2025-09-26", "2025-10-10")
    listed = await client.get(NOTICES)  # no key: the notice is public
    assert listed.status_code == 200, listed.text
    assert listed.json() == {
        "items": [
            {
                "name": "呼和浩特辛科技有限公司",
                "rule": "A1.1",
                "rule_name": "新认定市级“专精特新”中小企业一次性奖励20万元",
                "amount": "200000.00",
                "notice_starts_on": "2025-09-26",
                "notice_ends_on": "2025-10-10",
            }
        ],
        "next_cursor": None,
    }
    # The last notice day: still running, nothing written.
    at(clock, date(2025, 10, 10))
    before = await stored.counts(sessions)
    running = await act(client, keys, award_id, "approve", "approver")
    assert (running.status_code, running.json()["code"]) == (409, "notice_period_running")
    assert running.headers["content-type"] == "application/problem+json"
    assert await stored.counts(sessions) == before
    assert len((await client.get(NOTICES)).json()["items"]) == 1
    # The day after: off the list, and approved.
    at(clock, date(2025, 10, 11))
    assert (await client.get(NOTICES)).json()["items"] == []
    approved = await act(client, keys, award_id, "approve", "approver")
    assert (approved.status_code, approved.json()["status"]) == (200, "approved")


async def test_an_open_objection_holds_the_approval_until_resolved(client, keys, sessions, handlers, clock):
    award_id = await computed_award(client, keys, sessions, handlers, 802, "呼和浩特壬材料有限公司")
    # Reviewed Monday 2025-09-01: 09-02, 03, 04, 05, 08 → the notice ends 2025-09-08.
    assert (await act(client, keys, award_id, "review", "reviewer")).status_code == 200
    at(clock, date(2025, 9, 3))
    raised = await act(
        client, keys, award_id, "objections", "reviewer", {"raised_by": "王某", "reason": "该企业存在欠薪投诉"}
    )
    assert raised.status_code == 201, raised.text
    objection = raised.json()
    assert (objection["raised_by"], objection["reason"], objection["recorded_by"]) == (
        "王某",
        "该企业存在欠薪投诉",
        "reviewer",
    )
    assert objection["resolved_at"] is None
    at(clock, date(2025, 9, 9))
    held = await act(client, keys, award_id, "approve", "approver")
    assert (held.status_code, held.json()["code"]) == (409, "objection_open")
    resolve = f"objections/{objection['id']}/resolve"
    resolved = await act(client, keys, award_id, resolve, "reviewer", {"resolution": "经核查投诉已结案，异议不成立"})
    assert resolved.status_code == 200, resolved.text
    assert (resolved.json()["resolved_by"], resolved.json()["resolution"]) == (
        "reviewer",
        "经核查投诉已结案，异议不成立",
    )
    again = await act(client, keys, award_id, resolve, "reviewer", {"resolution": "再次"})
    assert (again.status_code, again.json()["code"]) == (409, "objection_resolved")
    assert (await act(client, keys, award_id, "approve", "approver")).status_code == 200
    listed = await client.get(f"/v1/awards/{award_id}/objections", headers=keys.headers("reader"))
    assert listed.status_code == 200, listed.text
    assert [(o["raised_by"], o["resolution"]) for o in listed.json()["items"]] == [
        ("王某", "经核查投诉已结案，异议不成立")
    ]
    forged = await client.get(
        f"/v1/awards/{award_id}/objections", headers=keys.headers("reader"), params={"cursor": "forged"}
    )
    assert (forged.status_code, forged.json()["code"]) == (400, "cursor_invalid")
    actions = [a.action for a in await stored.audit(sessions, award_id)]
    assert actions.index("award.objection_raised") < actions.index("award.objection_resolved")


async def test_objections_are_taken_only_on_notice_and_bad_ones_write_nothing(client, keys, sessions, handlers):
    award_id = await computed_award(client, keys, sessions, handlers, 803, "呼和浩特癸机械有限公司")
    body = {"raised_by": "李某", "reason": "材料不实"}
    before = await stored.counts(sessions)
    computed = await act(client, keys, award_id, "objections", "reviewer", body)
    assert (computed.status_code, computed.json()["code"]) == (409, "not_in_notice")
    assert (await act(client, keys, award_id, "review", "reviewer")).status_code == 200
    for bad in ({"raised_by": " ", "reason": "x"}, {"raised_by": "李某"}, body | {"extra": 1}):
        refused = await act(client, keys, award_id, "objections", "reviewer", bad)
        assert (refused.status_code, refused.json()["code"]) == (422, "validation_failed")
    forbidden = await act(client, keys, award_id, "objections", "treasury", body)
    assert forbidden.status_code == 403
    unknown = await act(client, keys, award_id, f"objections/{award_id}/resolve", "reviewer", {"resolution": "x"})
    assert (unknown.status_code, unknown.json()["code"]) == (404, "objection_not_found")
    after = await stored.counts(sessions)
    # Only the review moved (one audit record, one outbox event): no objection was written.
    assert (after["audit_log"], after["outbox"]) == (before["audit_log"] + 1, before["outbox"] + 1)


async def test_the_notice_list_pages(client, keys, sessions, handlers):
    for serial in (804, 805, 806):
        award_id = await computed_award(client, keys, sessions, handlers, serial, f"企业{serial}")
        assert (await act(client, keys, award_id, "review", "reviewer")).status_code == 200
    first = (await client.get(NOTICES, params={"limit": 2})).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = (await client.get(NOTICES, params={"limit": 2, "cursor": first["next_cursor"]})).json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    names = {item["name"] for item in first["items"] + rest["items"]}
    assert names == {"企业804", "企业805", "企业806"}
    assert set(first["items"][0]) == {"name", "rule", "rule_name", "amount", "notice_starts_on", "notice_ends_on"}
    forged = await client.get(NOTICES, params={"cursor": "forged"})
    assert (forged.status_code, forged.json()["code"]) == (400, "cursor_invalid")


async def test_a_notice_ending_in_a_year_not_on_record_runs_on_until_its_last_day_is_known(
    client, keys, sessions, handlers, clock
):
    # Reviewed Monday 2026-12-28: working days 12-29, 12-30, 12-31, then 2027, whose holidays are not on
    # record (facts/holidays.csv ends with 2026). The review goes through; the last day is left unknown
    # (null), never guessed; the notice stays listed and approval waits, nothing written.
    award_id = await computed_award(client, keys, sessions, handlers, 805, "呼和浩特癸软件有限公司")
    at(clock, date(2026, 12, 28))
    reviewed = await act(client, keys, award_id, "review", "reviewer")
    assert reviewed.status_code == 200, reviewed.text
    assert (reviewed.json()["notice_starts_on"], reviewed.json()["notice_ends_on"]) == ("2026-12-28", None)
    at(clock, date(2027, 2, 1))
    assert [item["notice_ends_on"] for item in (await client.get(NOTICES)).json()["items"]] == [None]
    before = await stored.counts(sessions)
    waiting = await act(client, keys, award_id, "approve", "approver")
    assert (waiting.status_code, waiting.json()["code"]) == (409, "notice_period_running")
    assert "not known" in waiting.json()["detail"]
    assert await stored.counts(sessions) == before


async def test_a_last_day_left_unknown_is_worked_out_at_approval_once_the_year_is_on_record(
    client, keys, sessions, handlers, clock
):
    # As if reviewed on 2025-09-26 while 2025's holidays were not yet on record (its last day left null):
    # now they are, so approval works it out (2025-10-10, the worked example above) and goes by it.
    award_id = await computed_award(client, keys, sessions, handlers, 806, "呼和浩特子能源有限公司")
    at(clock, date(2025, 9, 26))
    assert (await act(client, keys, award_id, "review", "reviewer")).status_code == 200
    async with sessions() as session, session.begin():
        await session.execute(text("UPDATE awards SET notice_ends_on = NULL WHERE id = :id"), {"id": award_id})
    at(clock, date(2025, 10, 10))
    running = await act(client, keys, award_id, "approve", "approver")
    assert (running.status_code, running.json()["code"]) == (409, "notice_period_running")
    assert "to 2025-10-10" in running.json()["detail"]
    at(clock, date(2025, 10, 11))
    approved = await act(client, keys, award_id, "approve", "approver")
    assert (approved.status_code, approved.json()["status"], approved.json()["notice_ends_on"]) == (
        200,
        "approved",
        "2025-10-10",
    )


async def test_the_notices_as_a_file_without_a_key(client, keys, sessions, handlers, clock):
    """Every award on notice today, not a page (limit and cursor do not apply), with Chinese headers; a
    name beginning with `=` shown as text in the CSV, a string in the workbook."""
    for serial, name in ((807, "=呼和浩特公示科技有限公司"), (808, "呼和浩特公示乳业有限公司")):
        award_id = await computed_award(client, keys, sessions, handlers, serial, name)
        assert (await act(client, keys, award_id, "review", "reviewer")).status_code == 200
    response = await client.get(NOTICES, params={"limit": 1}, headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.text
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["企业（园区）名称", "政策条款", "政策名称", "奖励金额（元）", "公示开始日", "公示截止日"]
    # Reviewed 2025-09-01 (Monday): the 5th working day after it is 2025-09-08. The rule's name beside its code.
    a1_1 = "新认定市级“专精特新”中小企业一次性奖励20万元"
    assert sorted(rows[1:]) == [
        ["'=呼和浩特公示科技有限公司", "A1.1", a1_1, "200000.00", "2025-09-01", "2025-09-08"],
        ["呼和浩特公示乳业有限公司", "A1.1", a1_1, "200000.00", "2025-09-01", "2025-09-08"],
    ]
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    workbook = await client.get(
        NOTICES, headers={"Accept": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    values = sorted([cell.value for cell in row] for row in list(sheet.iter_rows())[1:])
    assert values == [
        ["=呼和浩特公示科技有限公司", "A1.1", a1_1, 200000, datetime(2025, 9, 1), datetime(2025, 9, 8)],
        ["呼和浩特公示乳业有限公司", "A1.1", a1_1, 200000, datetime(2025, 9, 1), datetime(2025, 9, 8)],
    ]
    assert all(row[0].data_type == "s" for row in list(sheet.iter_rows())[1:])
    # After the notice: nothing on notice, a file of headers only.
    at(clock, date(2025, 9, 9))
    later = await client.get(NOTICES, headers={"Accept": "text/csv"})
    assert later.content.decode("utf-8-sig").splitlines() == [",".join(rows[0])]
