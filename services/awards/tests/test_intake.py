"""Awards without application (免申即享): the registry's events, applied as the consumer applies them
(each once, in its own transaction), become awards — A1.1, A1.2, A1.3, A4.1 and the A1.park plaque —
once each; a revoked recognition cancels its unpaid award. Real PostgreSQL, rolled back per test."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from zjtx.awards.readmodel.models import EnterpriseView
from zjtx.common.testing.registry_events import (
    apply,
    make_uscc,
    park_qualified,
    recognition,
    registered,
    relocated,
    scale_reported,
)

from . import stored
from .paid import paid_a1_1, revocation

# Payments need both halves within their funders' appropriations (issue 12, item 6).
pytestmark = pytest.mark.usefixtures("appropriated")

COMPUTED = "awards.award.computed"


def funding(award) -> list[tuple[str, int]]:
    return [(f.funder, f.amount_fen) for f in award.funding]


async def assert_each_award_was_published(sessions) -> None:
    """Every computed award has its awards.award.computed event in the outbox, and nothing else does."""
    published = await stored.events(sessions, COMPUTED)
    awards = await stored.awards(sessions)
    assert sorted(e["payload"]["award_id"] for e in published) == sorted(str(a.id) for a in awards)
    for event in published:
        assert event["payload"]["status"] == "computed"


async def test_municipal_recognition_is_awarded_once(sessions, handlers):
    uscc = make_uscc(101)
    grant = recognition(uscc, "municipal_zjtx", date(2024, 6, 18))
    # Redelivered: the inbox refuses the second copy.
    assert await apply(sessions, handlers, registered(uscc), grant, grant) == [True, True, False]
    [award] = await stored.awards(sessions, uscc=uscc)
    # A1.1: 200,000.00, half the city, half 赛罕区: 100,000.00 + 100,000.00.
    assert (award.rule, award.amount_fen, award.status) == ("A1.1", 20_000_000, "computed")
    assert funding(award) == [("city", 10_000_000), ("150105", 10_000_000)]
    assert award.reference_date == date(2024, 6, 18)
    assert award.subject_name == "示例企业"
    await assert_each_award_was_published(sessions)


async def test_the_same_recognition_sent_again_under_a_new_event_id_is_still_one_award(sessions, handlers):
    uscc = make_uscc(102)
    recognition_id = uuid.uuid4()
    first = recognition(uscc, "municipal_zjtx", date(2024, 6, 18), recognition_id=recognition_id)
    again = recognition(uscc, "municipal_zjtx", date(2024, 6, 18), recognition_id=recognition_id)
    assert await apply(sessions, handlers, registered(uscc), first, again) == [True, True, True]
    # The database's unique dedup key, not the inbox, keeps it at one: 200,000.00 once.
    assert [a.amount_fen for a in await stored.awards(sessions, uscc=uscc)] == [20_000_000]
    await assert_each_award_was_published(sessions)


async def test_renewed_recognition_is_not_awarded(sessions, handlers):
    uscc = make_uscc(103)
    renewed = recognition(uscc, "municipal_zjtx", date(2024, 6, 18), verb="renewed", renewal=True)
    await apply(sessions, handlers, registered(uscc), renewed)
    assert await stored.awards(sessions, uscc=uscc) == []
    assert await stored.events(sessions, COMPUTED) == []


async def test_a_recognition_before_the_policy_is_not_awarded_and_not_an_error(sessions, handlers):
    # Recognised 2021-12-31, a day before the policy: consumed (no retry, no dead letter), no award.
    uscc = make_uscc(104)
    old = recognition(uscc, "municipal_zjtx", date(2021, 12, 31))
    assert await apply(sessions, handlers, registered(uscc), old) == [True, True]
    assert await stored.awards(sessions, uscc=uscc) == []


async def test_national_little_giant_then_a_relocation_is_one_award(sessions, handlers):
    uscc = make_uscc(105)
    await apply(sessions, handlers, registered(uscc), recognition(uscc, "national_little_giant", date(2023, 7, 14)))
    # A1.2: 500,000.00 → 250,000.00 + 250,000.00.
    [award] = await stored.awards(sessions, uscc=uscc)
    assert (award.rule, award.amount_fen) == ("A1.2", 50_000_000)
    assert funding(award) == [("city", 25_000_000), ("150105", 25_000_000)]
    # The move in on 2024-03-01 comes to light: recognised outside Hohhot before moving in, so the facts say
    # A1.3 (RULES A1.3), the same single award of 500,000.00: the A1.2 (unpaid) gives way to it.
    await apply(sessions, handlers, relocated(uscc, date(2024, 3, 1)))
    awards = await stored.awards(sessions, uscc=uscc)
    assert sorted((a.rule, a.status, a.amount_fen) for a in awards) == [
        ("A1.2", "revoked", 50_000_000),
        ("A1.3", "computed", 50_000_000),
    ]
    await assert_each_award_was_published(sessions)


async def test_relocation_of_a_little_giant_recognised_before_the_policy(sessions, handlers):
    # National little giant since 2021-07-01 (outside Hohhot, before the policy: no A1.2), moved in
    # 2023-03-01 while it was valid → A1.3, 500,000.00.
    uscc = make_uscc(106)
    held = recognition(uscc, "national_little_giant", date(2021, 7, 1))
    await apply(sessions, handlers, registered(uscc), held, relocated(uscc, date(2023, 3, 1)))
    [award] = await stored.awards(sessions, uscc=uscc)
    assert (award.rule, award.amount_fen, award.reference_date) == ("A1.3", 50_000_000, date(2023, 3, 1))
    # Then nothing more: a second move, or a later national recognition, is the same award.
    later = recognition(uscc, "national_little_giant", date(2024, 7, 1), held_tier_before=True)
    await apply(sessions, handlers, relocated(uscc, date(2023, 9, 1)), later)
    assert [a.rule for a in await stored.awards(sessions, uscc=uscc)] == ["A1.3"]
    await assert_each_award_was_published(sessions)


async def test_relocation_arriving_before_the_recognition_it_needs(sessions, handlers):
    # The registry records the move (2024-03-01) and then the national recognition the enterprise got
    # outside Hohhot (2023-07-14); the two topics are consumed in that order. A1.2 does not apply (the
    # recognition predates the move) and A1.3 could not be decided when the move arrived, so the
    # recognition must settle it: A1.3, 500,000.00, exactly once.
    uscc = make_uscc(107)
    held = recognition(uscc, "national_little_giant", date(2023, 7, 14))
    await apply(sessions, handlers, registered(uscc), relocated(uscc, date(2024, 3, 1)))
    assert await stored.awards(sessions, uscc=uscc) == []
    await apply(sessions, handlers, held)
    [award] = await stored.awards(sessions, uscc=uscc)
    assert (award.rule, award.amount_fen, award.reference_date) == ("A1.3", 50_000_000, date(2024, 3, 1))
    assert award.source_recognition_id is not None  # so that revoking the recognition cancels it
    await assert_each_award_was_published(sessions)


async def test_relocation_covered_only_by_a_later_renewal(sessions, handlers):
    # National little giant 2020-01-01..2023-01-01, renewed 2023-01-01..2026-01-01; moved in 2024-03-01.
    # The move arrives before the renewal: on the move-in day only the renewal is valid, and it is the
    # renewal that settles A1.3 (500,000.00), although a renewal alone is never A1.2.
    uscc = make_uscc(115)
    first = recognition(uscc, "national_little_giant", date(2020, 1, 1))
    renewed = recognition(uscc, "national_little_giant", date(2023, 1, 1), verb="renewed", renewal=True)
    await apply(sessions, handlers, registered(uscc), first, relocated(uscc, date(2024, 3, 1)))
    assert await stored.awards(sessions, uscc=uscc) == []
    await apply(sessions, handlers, renewed)
    assert [(a.rule, a.amount_fen) for a in await stored.awards(sessions, uscc=uscc)] == [("A1.3", 50_000_000)]


async def test_municipal_and_national_are_two_awards(sessions, handlers):
    uscc = make_uscc(108)
    await apply(
        sessions,
        handlers,
        registered(uscc),
        recognition(uscc, "municipal_zjtx", date(2022, 3, 1)),
        recognition(uscc, "national_little_giant", date(2024, 7, 1)),
    )
    # A1.1 200,000.00 + A1.2 500,000.00: different awards, once each.
    got = sorted((a.rule, a.amount_fen) for a in await stored.awards(sessions, uscc=uscc))
    assert got == [("A1.1", 20_000_000), ("A1.2", 50_000_000)]


async def test_scale_up_after_three_years_in_order(sessions, handlers):
    uscc = make_uscc(109)
    await apply(sessions, handlers, registered(uscc), scale_reported(uscc, 2021, False))
    await apply(sessions, handlers, scale_reported(uscc, 2022, True), scale_reported(uscc, 2023, True))
    # Below 2021, above 2022-2023: two years, not yet.
    assert await stored.awards(sessions, uscc=uscc) == []
    await apply(sessions, handlers, scale_reported(uscc, 2024, True))
    [award] = await stored.awards(sessions, uscc=uscc)
    # A4.1: 300,000.00 on the third year, 2024 (reference date 2024-12-31); 150,000.00 each.
    assert (award.rule, award.amount_fen, award.reference_date) == ("A4.1", 30_000_000, date(2024, 12, 31))
    assert funding(award) == [("city", 15_000_000), ("150105", 15_000_000)]
    # A fourth above-scale year changes nothing.
    await apply(sessions, handlers, scale_reported(uscc, 2025, True))
    assert len(await stored.awards(sessions, uscc=uscc)) == 1
    await assert_each_award_was_published(sessions)


async def test_scale_up_reports_out_of_order(sessions, handlers):
    uscc = make_uscc(110)
    reports = [scale_reported(uscc, y, above) for y, above in ((2024, True), (2022, True), (2023, True))]
    await apply(sessions, handlers, registered(uscc), *reports)
    # Above 2022-2024 but no below-scale year known yet: nothing.
    assert await stored.awards(sessions, uscc=uscc) == []
    # The below-scale 2021 arrives last: the run 2022-2024 completes at 2024 → 300,000.00.
    await apply(sessions, handlers, scale_reported(uscc, 2021, False))
    [award] = await stored.awards(sessions, uscc=uscc)
    assert (award.rule, award.amount_fen, award.reference_date) == ("A4.1", 30_000_000, date(2024, 12, 31))


async def test_scale_reports_from_before_the_policy_are_consumed_without_an_award(sessions, handlers):
    # Below 2019, above 2020-2022: the upgrade year 2020 < 2022. Years before the policy must not fail.
    uscc = make_uscc(111)
    reports = [scale_reported(uscc, y, y > 2019) for y in (2019, 2020, 2021, 2022)]
    assert await apply(sessions, handlers, registered(uscc), *reports) == [True] * 5
    assert await stored.awards(sessions, uscc=uscc) == []


async def test_park_plaque_is_non_monetary_and_granted_once(sessions, handlers):
    park_id = uuid.uuid4()
    first, again = park_qualified(park_id, count=12), park_qualified(park_id, count=13)
    assert await apply(sessions, handlers, first, first, again) == [True, False, True]
    [plaque] = await stored.awards(sessions, park_id=park_id)
    # A1.park: a plaque, 0.00, funded by nobody.
    assert (plaque.rule, plaque.amount_fen, plaque.monetary, plaque.uscc) == ("A1.park", 0, False, None)
    assert plaque.funding == []
    assert plaque.district_code == "Z-JSGX"
    await assert_each_award_was_published(sessions)


async def test_a_park_below_ten_gets_no_plaque(sessions, handlers):
    park_id = uuid.uuid4()
    await apply(sessions, handlers, park_qualified(park_id, count=9))
    assert await stored.awards(sessions, park_id=park_id) == []


async def test_revocation_cancels_an_unpaid_award(sessions, handlers):
    uscc = make_uscc(112)
    recognition_id = uuid.uuid4()
    granted = recognition(uscc, "municipal_zjtx", date(2024, 6, 18), recognition_id=recognition_id)
    revoked = recognition(
        uscc,
        "municipal_zjtx",
        date(2024, 6, 18),
        verb="revoked",
        status="revoked",
        recognition_id=recognition_id,
        revoked_on=date(2025, 8, 1),
    )
    await apply(sessions, handlers, registered(uscc), granted, revoked)
    [award] = await stored.awards(sessions, uscc=uscc)
    assert (award.status, award.amount_fen) == ("revoked", 20_000_000)
    assert award.closed_reason == "recognition municipal_zjtx revoked on 2025-08-01: 造假"
    [event] = await stored.events(sessions, "awards.award.revoked")
    assert (event["payload"]["award_id"], event["payload"]["reason"]) == (str(award.id), award.closed_reason)
    assert [a.action for a in await stored.audit(sessions, str(award.id))] == ["award.computed", "award.revoked"]


async def test_revocation_flags_a_disbursed_award_for_recovery(sessions, handlers, client, keys):
    uscc, recognition_id, _ = await paid_a1_1(sessions, handlers, client, keys, 113, reference="PAY-2025-0113")
    assert await apply(sessions, handlers, revocation(uscc, recognition_id, date(2025, 8, 25))) == [True]
    [award] = await stored.awards(sessions, uscc=uscc)
    # Paid before the revocation: never silently kept (RULES) — still paid, and the 200,000.00 it no longer
    # holds flagged for recovery, with the reason.
    assert (award.status, award.payment_reference, award.recovery_due_fen) == (
        "recovery_due",
        "PAY-2025-0113",
        20_000_000,
    )
    assert award.recovery_reason == "recognition municipal_zjtx revoked on 2025-08-25: 造假"
    assert await stored.events(sessions, "awards.award.revoked") == []
    [flagged] = await stored.events(sessions, "awards.award.recovery_due")
    assert flagged["payload"]["recovery_due"] == "200000.00"


async def test_an_event_before_the_registration_keeps_a_stub(sessions, handlers):
    uscc = make_uscc(114, division="150102")
    grant = recognition(uscc, "municipal_zjtx", date(2024, 6, 18), district_code="150102")
    # The recognition topic ran ahead of the enterprise topic: the award is computed from a stub that
    # knows the code and the district, funded by 新城区 (150102).
    await apply(sessions, handlers, grant)
    [award] = await stored.awards(sessions, uscc=uscc)
    assert (award.rule, award.amount_fen, award.district_code) == ("A1.1", 20_000_000, "150102")
    assert funding(award) == [("city", 10_000_000), ("150102", 10_000_000)]
    # Then the registration fills in the rest.
    await apply(sessions, handlers, registered(uscc, name="内蒙古新城科技有限公司", district_code="150102"))
    async with sessions() as session:
        view = await session.get(EnterpriseView, uscc)
    assert (view.name, view.district_code) == ("内蒙古新城科技有限公司", "150102")
    # The award made from the stub now bears the name too, and is still the only one.
    [award] = await stored.awards(sessions, uscc=uscc)
    assert (award.subject_name, award.amount_fen) == ("内蒙古新城科技有限公司", 20_000_000)
    await assert_each_award_was_published(sessions)


async def test_a_recognition_dated_in_the_future_makes_no_money_today(sessions, handlers):
    # Today is 2025-09-01; a recognition dated 2027-06-18 (mistyped for 2024?) has not happened: no award.
    # (The registry refuses such a date with date_in_future; this is what an older registry's event gets.)
    uscc = make_uscc(116)
    assert await apply(
        sessions, handlers, registered(uscc), recognition(uscc, "municipal_zjtx", date(2027, 6, 18))
    ) == [True, True]
    assert await stored.awards(sessions, uscc=uscc) == []
