"""Registry → broker → awards → broker → registry, over the real broker and two real databases: a
recognition becomes an award and comes back as history; the registry's events sent again, or read
again from the start, change nothing; a revocation cancels an unpaid award and leaves a paid one;
A4.1 from four scale reports."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from zjtx.awards.award.models import Award
from zjtx.awards.readmodel.models import RecognitionView
from zjtx.common.testing.waiting import eventually

from .harness import Platform

pytestmark = [pytest.mark.broker]

CITY = "city"
SAIHAN = "150105"  # 赛罕区, the district of every enterprise here


def _verbs(history: list[dict]) -> list[str]:
    return [entry["event_type"].rsplit(".", 1)[1] for entry in history]


async def _with_verb(platform: Platform, uscc: str, verb: str) -> list[dict] | None:
    history = await platform.history(uscc, producer="awards")
    return history if verb in _verbs(history) else None


async def test_a_recognition_registered_becomes_an_a1_1_award_and_returns_as_history(platform: Platform):
    uscc = await platform.register(1)
    await platform.grant(uscc, tier="municipal_zjtx", recognized_on="2024-06-18")

    award = await platform.the_award(uscc)
    # A1.1: newly recognised municipal 专精特新 on 2024-06-18 (after 2022-01-01) → 200,000.00.
    # F.1: 200,000.00 / 2 = 100,000.00 from the city and 100,000.00 from 赛罕区.
    assert (award["rule"], award["amount"], award["status"]) == ("A1.1", "200000.00", "computed")
    assert award["funding"] == [
        {"funder": CITY, "amount": "100000.00", "funder_name": "市本级"},
        {"funder": SAIHAN, "amount": "100000.00", "funder_name": "赛罕区"},
    ]
    assert award["reference_date"] == "2024-06-18"
    assert award["explanation"]["rule"] == "A1.1"

    # awards.award.computed came back over the broker into the registry's enterprise history.
    history = await eventually(lambda: platform.history(uscc, producer="awards"), what="history from awards")
    assert [entry["event_type"] for entry in history] == ["awards.award.computed"]
    assert history[0]["payload"]["award_id"] == award["id"]
    assert history[0]["summary"] == "award A1.1 computed: 200000.00 yuan"


async def test_replaying_every_registry_event_changes_nothing(platform: Platform):
    uscc = await platform.register(2)
    await platform.grant(uscc)
    before = await platform.the_award(uscc)
    inbox_before = await platform.inbox_count()

    replayed = await platform.replay_registry_events()
    assert replayed == 2  # registry.enterprise.registered and registry.recognition.granted
    await platform.settle()  # the awards consumer has read the replayed copies too

    after = await platform.awards_of(uscc)
    assert after == [before]  # still one award, same amount, split and status, not even touched
    assert await platform.inbox_count() == inbox_before  # every copy was recognised as seen
    async with platform.awards_sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Award)) == 1
    history = await platform.history(uscc, producer="awards")
    assert [entry["event_type"] for entry in history] == ["awards.award.computed"]  # no second award event


async def test_rereading_the_registry_topics_from_the_start_changes_nothing(platform: Platform):
    uscc = await platform.register(7)
    await platform.grant(uscc)
    before = await platform.the_award(uscc)
    inbox_before = await platform.inbox_count()

    await platform.rewind_awards_consumer()  # the awards group's offsets back to the earliest
    await platform.settle()  # the new consumer has read both registry events again ...
    assert platform.awards_consumer.processed >= 2

    assert await platform.awards_of(uscc) == [before]  # ... and changed nothing
    assert await platform.inbox_count() == inbox_before
    assert _verbs(await platform.history(uscc, producer="awards")) == ["computed"]


async def test_a_revocation_cancels_the_unpaid_award_and_flags_a_paid_one_for_recovery(platform: Platform):
    unpaid_uscc, paid_uscc = await platform.register(3), await platform.register(4)
    unpaid_recognition = await platform.grant(unpaid_uscc)
    paid_recognition = await platform.grant(paid_uscc)
    unpaid = await platform.the_award(unpaid_uscc)
    paid = await platform.the_award(paid_uscc)
    await platform.pay(paid["id"])
    assert (await platform.award(paid["id"]))["status"] == "disbursed"

    await platform.revoke(unpaid_uscc, unpaid_recognition, reason="申报材料弄虚作假")
    await platform.revoke(paid_uscc, paid_recognition, reason="申报材料弄虚作假")

    async def revoked():
        award = await platform.award(unpaid["id"])
        return award if award["status"] == "revoked" else None

    cancelled = await eventually(revoked, what="the unpaid award revoked")
    assert "申报材料弄虚作假" in cancelled["closed_reason"]
    assert cancelled["amount"] == "200000.00"  # the record keeps what was computed

    async def paid_recognition_seen_revoked():
        async with platform.awards_sessions() as session:
            view = await session.get(RecognitionView, paid_recognition)
            return view is not None and view.status == "revoked"

    await eventually(paid_recognition_seen_revoked, what="awards to see the paid award's revocation")
    await platform.settle()
    # Paid, and no longer supported: never silently kept (RULES) — still paid, 200,000.00 due back.
    flagged = await platform.award(paid["id"])
    assert (flagged["status"], flagged["recovery_due"], flagged["closed_reason"]) == (
        "recovery_due",
        "200000.00",
        None,
    )
    assert flagged["payment_reference"] == "PAY-2025-0001"
    assert "申报材料弄虚作假" in flagged["recovery_reason"]

    # Both reach the enterprise's history in the registry, in the order they happened (under the fixed
    # clock every event has the same occurred_at: the history keeps the order it recorded them in).
    unpaid_history = await eventually(
        lambda: _with_verb(platform, unpaid_uscc, "revoked"), what="the revocation in the registry's history"
    )
    assert _verbs(unpaid_history) == ["computed", "revoked"]
    paid_history = await eventually(
        lambda: _with_verb(platform, paid_uscc, "recovery_due"), what="the recovery flag in the registry's history"
    )
    assert _verbs(paid_history) == ["computed", "reviewed", "approved", "disbursed", "recovery_due"]


async def test_three_years_above_scale_after_one_below_make_one_a4_1_award(platform: Platform):
    uscc = await platform.register(5)
    # Industry's threshold is 20,000,000.00 of main-business revenue a year: 2021 below, 2022-2024 above.
    reports = [(2021, "15000000.00"), (2022, "25000000.00"), (2023, "26000000.00"), (2024, "27000000.00")]
    for year, revenue in reports:
        report = await platform.report_scale(uscc, year, revenue)
        assert report["above_scale"] is (year != 2021)

    award = await platform.the_award(uscc, rule="A4.1")
    # A4.1: below scale in 2021, above 2022, 2023, 2024 (3 consecutive years, upgrade year 2022 ≥ 2022)
    # → one-time 300,000.00; F.1: 150,000.00 city + 150,000.00 赛罕区.
    assert (award["amount"], award["status"], award["reference_date"]) == ("300000.00", "computed", "2024-12-31")
    assert award["funding"] == [
        {"funder": CITY, "amount": "150000.00", "funder_name": "市本级"},
        {"funder": SAIHAN, "amount": "150000.00", "funder_name": "赛罕区"},
    ]
    assert await platform.awards_of(uscc) == [award]  # nothing else for this enterprise


async def test_a_2025_report_is_refused_by_the_registry_and_never_reaches_awards(platform: Platform):
    uscc = await platform.register(6)
    response = await platform.registry.post(
        f"/v1/enterprises/{uscc}/scale-reports",
        json={"year": 2025, "main_business_revenue": "30000000.00"},
        headers=platform.keys.headers("platform"),
    )
    assert (response.status_code, response.json()["code"]) == (422, "year_in_future")
    await platform.settle()
    assert await platform.awards_of(uscc) == []
