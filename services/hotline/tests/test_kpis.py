"""The three rates of A14.2 over a hand-built set of tickets, with duplicates, a withdrawal, two
reassignments and two reopenings, each numerator and denominator counted by hand; percentages rounded
half-up to two decimals; the sums kept as tickets change equal those rebuilt from the tickets. The clock
is moved from action to action, so that each acknowledgement is on time or late as written."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from zjtx.common.clock import CHINA
from zjtx.hotline.kpi.rules import TicketFacts, contribution, percentage

from .flows import intake, moved, ticket_body

WINDOW = {"from": "2025-08-25", "to": "2025-08-29"}


def rate(kpis: dict, department: str | None, name: str) -> tuple[str | None, int, int]:
    block = (
        kpis["overall"]
        if department == "overall"
        else next(d for d in kpis["departments"] if d["department"] == department)
    )
    figure = block[name]
    return figure["value"], figure["numerator"], figure["denominator"]


class Desk:
    """The 12345 desk and the departments acting at given instants (the app's clock moved to each)."""

    def __init__(self, client, keys, clock) -> None:
        self.client, self.keys, self.clock = client, keys, clock
        self.ids: dict[str, str] = {}

    def at(self, when: str) -> Desk:
        self.clock.at = datetime.fromisoformat(f"{when}+08:00")
        return self

    async def receive(self, name: str, serial: int, category: str = "other") -> None:
        received_at = self.clock.at.isoformat()
        body = ticket_body(serial, category=category, received_at=received_at)
        response = await intake(self.client, self.keys, body, at=self.clock.at)
        assert response.status_code == 201, response.text
        self.ids[name] = response.json()["id"]

    async def do(self, name: str, action: str, body: dict | None = None, *, as_: str = "gxj") -> dict:
        return await moved(self.client, self.keys, self.ids[name], action, body, as_=as_)

    async def kpis(self, *, as_: str = "admin", **params) -> dict:
        response = await self.client.get("/v1/kpis", params={**WINDOW, **params}, headers=self.keys.headers(as_))
        assert response.status_code == 200, response.text
        return response.json()


def visit(desk: Desk) -> str:
    return desk.clock.at.isoformat()


async def build(desk: Desk) -> None:
    """The set. Deadlines: received on day D, acknowledged in time when by 24:00 of the next working day."""
    await desk.at("2025-08-24T10:00:00").receive("T9", 9)  # Sunday, before the window
    await desk.at("2025-08-25T09:00:00").receive("T1", 1)  # other → GXJ
    await desk.at("2025-08-25T10:00:00").receive("T2", 2)  # other → GXJ
    await desk.at("2025-08-26T09:00:00").receive("T3", 3)
    await desk.receive("T4", 4)
    await desk.at("2025-08-26T10:00:00").do("T3", "merge", {"into": desk.ids["T1"]})  # a duplicate of T1
    await desk.do("T4", "withdraw", {"reason": "来电人撤回"})
    # T1: received Mon 08-25, due 24:00 Tue 08-26 = 08-27 00:00; acknowledged exactly then: in time (≤).
    await desk.at("2025-08-27T00:00:00").do("T1", "acknowledge")
    await desk.at("2025-08-27T09:00:00").receive("T5", 5)  # other → GXJ
    await desk.at("2025-08-27T10:00:00").do("T2", "acknowledge")  # due 08-27 00:00: late
    await desk.at("2025-08-27T11:00:00").do("T5", "acknowledge")  # due 24:00 Thu 08-28: in time, by GXJ
    await desk.at("2025-08-27T12:00:00").do("T5", "reassign", {"department": "CZJ", "reason": "涉及财政资金"})
    await desk.at("2025-08-27T14:00:00").do("T1", "reply", {"text": "已办理", "resolved": True})
    await desk.do("T2", "reply", {"text": "暂无法解决", "resolved": False})
    await desk.at("2025-08-27T15:00:00").do("T1", "rate", {"rating": "satisfied", "visited_at": visit(desk)})
    await desk.at("2025-08-27T16:00:00").do("T2", "rate", {"rating": "unsatisfied", "visited_at": visit(desk)})


async def finish(desk: Desk) -> None:
    await desk.at("2025-08-28T09:00:00").receive("T6", 6, "finance")  # finance → CZJ
    await desk.at("2025-08-28T09:30:00").do("T5", "acknowledge", as_="czj")
    await desk.at("2025-08-28T10:00:00").do(
        "T6", "reassign", {"department": "GXJ", "reason": "属工信局职责"}, as_="czj"
    )
    await desk.at("2025-08-28T11:00:00").do("T5", "reply", {"text": "已拨付", "resolved": True}, as_="czj")
    await desk.at("2025-08-28T14:00:00").do("T2", "acknowledge")  # reopened: acknowledged again
    await desk.do("T2", "reply", {"text": "已协调解决", "resolved": True})
    await desk.at("2025-08-28T16:00:00").do("T2", "rate", {"rating": "basically_satisfied", "visited_at": visit(desk)})
    await desk.at("2025-08-29T09:00:00").receive("T7", 7, "finance")  # → CZJ
    await desk.receive("T8", 8, "inspection")  # → SCJGJ, never touched
    await desk.at("2025-08-30T10:00:00").receive("T10", 10)  # Saturday, after the window
    # T7: received Fri 08-29, due 24:00 Mon 09-01; acknowledged Monday 09:00: in time.
    await desk.at("2025-09-01T09:00:00").do("T7", "acknowledge", as_="czj")
    await desk.at("2025-09-01T09:30:00").do("T7", "reply", {"text": "正在研究", "resolved": False}, as_="czj")
    await desk.at("2025-09-01T10:00:00").do(
        "T7", "rate", {"rating": "unsatisfied", "visited_at": visit(desk)}, as_="czj"
    )


async def test_the_three_rates_over_a_hand_built_set(client, keys, clock):
    desk = Desk(client, keys, clock)
    await build(desk)

    # After T2's unsatisfied visit (reopened): it keeps its reply (not resolved) and rating (unsatisfied).
    # GXJ holds T1, T2 in the window (T3 merged, T4 withdrawn, T5 moved to CZJ, not replied yet).
    middle = await desk.kpis(department="GXJ")
    assert rate(middle, "GXJ", "response_rate") == ("50.00", 1, 2)  # T1 on time; T2 late
    assert rate(middle, "GXJ", "resolution_rate") == ("50.00", 1, 2)  # T1 resolved; T2's reply not
    assert rate(middle, "GXJ", "satisfaction_rate") == ("50.00", 1, 2)  # T1 satisfied; T2 unsatisfied

    await finish(desk)
    kpis = await desk.kpis()
    assert (kpis["from"], kpis["to"], kpis["rule"]) == ("2025-08-25", "2025-08-29", "A14.2")
    # Counted: T1, T2, T5, T6, T7, T8 (T3 merged and T4 withdrawn left out; T9 and T10 outside the window).
    # GXJ: T1, T2 (replied by GXJ), T6 (moved to GXJ, not replied: held now).
    #   response: T1 on time; T2 late; T6 never acknowledged → 1 ÷ 3 = 33.333…% → 33.33
    #   resolution: T1 resolved, T2's latest reply resolved → 2 ÷ 2 = 100.00
    #   satisfaction: T1 satisfied, T2 basically satisfied (latest) → 2 ÷ 2 = 100.00
    assert rate(kpis, "GXJ", "response_rate") == ("33.33", 1, 3)
    assert rate(kpis, "GXJ", "resolution_rate") == ("100.00", 2, 2)
    assert rate(kpis, "GXJ", "satisfaction_rate") == ("100.00", 2, 2)
    # CZJ: T5 (replied by CZJ, acknowledged on time by GXJ before it moved), T7.
    #   response: T5 (first acknowledgement 08-27 11:00, due 08-29 00:00), T7 on time → 2 ÷ 2
    #   resolution: T5 resolved, T7 not → 1 ÷ 2 = 50.00
    #   satisfaction: T7 unsatisfied (reopened, its rating kept), T5 not rated → 0 ÷ 1 = 0.00
    assert rate(kpis, "CZJ", "response_rate") == ("100.00", 2, 2)
    assert rate(kpis, "CZJ", "resolution_rate") == ("50.00", 1, 2)
    assert rate(kpis, "CZJ", "satisfaction_rate") == ("0.00", 0, 1)
    # SCJGJ: T8 only, never acknowledged, replied or rated.
    assert rate(kpis, "SCJGJ", "response_rate") == ("0.00", 0, 1)
    assert rate(kpis, "SCJGJ", "resolution_rate") == (None, 0, 0)
    assert rate(kpis, "SCJGJ", "satisfaction_rate") == (None, 0, 0)
    # Departments without tickets: nothing to divide.
    assert rate(kpis, "SWJ", "response_rate") == (None, 0, 0)
    # Overall: 3 ÷ 6 = 50.00; 3 ÷ 4 = 75.00; 2 ÷ 3 = 66.666…% → 66.67 (half-up).
    assert rate(kpis, "overall", "response_rate") == ("50.00", 3, 6)
    assert rate(kpis, "overall", "resolution_rate") == ("75.00", 3, 4)
    assert rate(kpis, "overall", "satisfaction_rate") == ("66.67", 2, 3)
    definition = kpis["overall"]["response_rate"]["definition"]
    assert "within 1 working day" in definition and "2025-08-25 to 2025-08-29" in definition
    assert "merged and withdrawn" in definition
    assert [d["department"] for d in kpis["departments"]] == ["CZJ", "GXJ", "SCJGJ", "SWJ", "ZWFWJ"]

    # The sums folded by the compaction job, and rebuilt from the tickets, give the same figures.
    compacted = await client.post("/v1/admin/jobs/compact-kpis", headers=keys.headers("admin"))
    assert compacted.json()["affected"] > 0
    assert await desk.kpis() == kpis
    rebuilt = await client.post("/v1/admin/kpis/rebuild", headers=keys.headers("admin"))
    assert rebuilt.json() == {"tickets_counted": 8}  # T1, T2, T5, T6, T7, T8, T9, T10
    assert await desk.kpis() == kpis
    assert (await client.post("/v1/admin/jobs/compact-kpis", headers=keys.headers("admin"))).json()["affected"] == 0

    # One department asked for: the overall figures stay; a department's client reads its own only.
    czj = await desk.kpis(department="CZJ")
    assert [d["department"] for d in czj["departments"]] == ["CZJ"] and czj["overall"] == kpis["overall"]
    own = await desk.kpis(as_="gxj")
    assert [d["department"] for d in own["departments"]] == ["GXJ"]
    other = await client.get("/v1/kpis", params={**WINDOW, "department": "CZJ"}, headers=keys.headers("gxj"))
    assert (other.status_code, other.json()["code"]) == (404, "department_not_found")


async def test_bad_windows_and_departments_are_refused(client, keys):
    backwards = await client.get(
        "/v1/kpis", params={"from": "2025-09-02", "to": "2025-09-01"}, headers=keys.headers("admin")
    )
    assert (backwards.status_code, backwards.json()["code"]) == (422, "window_invalid")
    unknown = await client.get("/v1/kpis", params={"department": "XYZ"}, headers=keys.headers("admin"))
    assert (unknown.status_code, unknown.json()["code"]) == (422, "department_unknown")
    bad_date = await client.get("/v1/kpis", params={"from": "yesterday"}, headers=keys.headers("admin"))
    assert bad_date.status_code == 422
    empty = await client.get("/v1/kpis", headers=keys.headers("reader"))
    assert empty.json()["from"] == "2025-01-01" and empty.json()["to"] == "2025-09-01"
    assert empty.json()["overall"]["response_rate"] == {**empty.json()["overall"]["response_rate"], "value": None}


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown"),
    [
        (5, 6, "83.33"),  # 83.333…
        (2, 3, "66.67"),  # 66.666… up
        (1, 800, "0.13"),  # 0.125 exactly: half-up, where half-even would give 0.12
        (1, 8, "12.50"),
        (3, 3, "100.00"),
        (0, 7, "0.00"),
        (0, 0, None),
    ],
)
def test_percentages_are_rounded_half_up_to_two_decimals(numerator, denominator, shown):
    assert percentage(numerator, denominator) == shown


def facts(**changes) -> TicketFacts:
    base = {
        "status": "replied",
        "received_on": date(2025, 8, 25),
        "department": "CZJ",
        "replied_department": "GXJ",
        "first_acknowledged_at": datetime(2025, 8, 25, 12, tzinfo=CHINA),
        "response_due_at": datetime(2025, 8, 27, tzinfo=CHINA),
        "last_replied_at": datetime(2025, 8, 27, 14, tzinfo=CHINA),
        "last_reply_resolved": True,
        "last_rating": None,
    }
    return TicketFacts(**(base | changes))


def test_a_ticket_counts_for_the_department_that_replied_and_nothing_once_merged_or_withdrawn():
    [(key, counts)] = contribution(facts()).items()
    assert key == (date(2025, 8, 25), "GXJ")  # replied by GXJ, held by CZJ now
    assert (counts.received, counts.responded, counts.replied, counts.resolved, counts.rated) == (1, 1, 1, 1, 0)
    assert contribution(facts(status="merged")) == {}
    assert contribution(facts(status="withdrawn")) == {}
    reopened = contribution(facts(status="reopened", last_rating="unsatisfied", last_reply_resolved=False))
    [(_, counts)] = reopened.items()
    assert (counts.replied, counts.resolved, counts.unsatisfied) == (1, 0, 1)  # the earlier reply and rating stay
    unknown = contribution(facts(response_due_at=None))  # no deadline on record: not "in time"
    assert next(iter(unknown.values())).responded == 0
