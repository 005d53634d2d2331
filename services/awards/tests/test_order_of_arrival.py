"""Order does not matter (RULES, principles): a late claim or event for an earlier date is decided as if it
had come in order, and what it changes is changed: an unpaid award that no longer holds is revoked with
the reason, a paid one is flagged for recovery and shows in the budget. Today is 2026-03-01 here, so
2025 is a finished year. Real PostgreSQL, rolled back per test."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from zjtx.common.clock import CHINA
from zjtx.common.events import registry as ev
from zjtx.common.testing.registry_events import apply, make_uscc, recognition, registered, relocated, scale_reported

from . import stored
from .claiming import award_of, claim, claim_now, enterprise, fair, live, pay, rent, upgrade

# Payments need both halves within their funders' appropriations (issue 12, item 6).
pytestmark = pytest.mark.usefixtures("appropriated")


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 3, 1, 10, 0, tzinfo=CHINA)


LITTLE_GIANT = ("region_little_giant", date(2021, 6, 1))  # valid 2021-06-01 .. 2027-06-01


async def test_rent_2025_filed_first_then_2022_to_2024_gives_2022_to_2024(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 1401, LITTLE_GIANT)
    # 2025 alone: the first year of a run 2025-2027: 30% × 1,000,000.00 = 300,000.00.
    late_first = await claim(client, keys, rent(uscc, 2025))
    assert late_first["status"] == "accepted"
    for year in (2022, 2023, 2024):
        assert (await claim(client, keys, rent(uscc, year)))["status"] == "accepted"
    # In order the run is 2022-2024 (30% × 1,000,000.00 = 300,000.00 each); 2025 is a fourth year.
    assert live(await stored.awards(sessions, uscc=uscc)) == [
        ("A3.rent", 30_000_000, date(2022, 12, 31)),
        ("A3.rent", 30_000_000, date(2023, 12, 31)),
        ("A3.rent", 30_000_000, date(2024, 12, 31)),
    ]
    now = await claim_now(client, keys, late_first["id"])
    assert (now["status"], now["reason"], now["reason_code"]) == (
        "rejected",
        "the 3 consecutive years run 2022-2024; 2025 is outside them",
        "outside_run",
    )
    # Its award was revoked as soon as 2022 was claimed, for the reason true then.
    revoked = await award_of(client, keys, late_first)
    assert (revoked["status"], revoked["closed_reason"]) == (
        "revoked",
        "no subsidy claimed for 2023: the consecutive run ended",
    )
    [event] = await stored.events(sessions, "awards.award.revoked")
    assert event["payload"]["award_id"] == revoked["id"]


async def test_a_paid_award_that_no_longer_holds_is_flagged_for_recovery(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 1402, LITTLE_GIANT)
    first = await claim(client, keys, rent(uscc, 2025))
    await pay(client, keys, first["award_id"], paid_on="2026-03-01", reference="PAY-2026-0001")
    for year in (2022, 2023, 2024):
        await claim(client, keys, rent(uscc, year))
    flagged = await award_of(client, keys, first)
    # Paid 300,000.00 for 2025, entitled to 0.00 now: 300,000.00 to recover; it stays paid meanwhile.
    assert (flagged["status"], flagged["recovery_due"], flagged["payment_reference"]) == (
        "recovery_due",
        "300000.00",
        "PAY-2026-0001",
    )
    # Flagged when 2022 was claimed (2023 then missing), and still due once 2023 and 2024 came.
    assert flagged["recovery_reason"] == "no subsidy claimed for 2023: the consecutive run ended"
    assert (await claim_now(client, keys, first["id"]))["reason"] == (
        "the 3 consecutive years run 2022-2024; 2025 is outside them"
    )
    [event] = await stored.events(sessions, "awards.award.recovery_due")
    assert event["payload"]["recovery_due"] == "300000.00"
    budget = (await client.get("/v1/budget?year=2026", headers=keys.headers("reader"))).json()
    # Paid on 2026-03-01, so 2026's money (the rent year 2025 commits nothing any more): paid 300,000.00 of
    # which 300,000.00 is due back; F.1: 150,000.00 from each funder.
    assert (budget["total"]["paid"], budget["total"]["recovery_due"]) == ("300000.00", "300000.00")
    assert [(f["funder"], f["recovery_due"]) for f in budget["by_funder"]] == [
        ("city", "150000.00"),
        ("150105", "150000.00"),
    ]
    # The treasury (the finance bureau's key) records the money back; the approver cannot.
    body = {"recovery_reference": "BACK-2026-0001", "recovered_on": "2026-03-01"}
    not_theirs = await client.post(
        f"/v1/awards/{first['award_id']}/recovery", headers=keys.headers("approver"), json=body
    )
    assert (not_theirs.status_code, not_theirs.json()["code"]) == (403, "forbidden")
    recovered = await client.post(
        f"/v1/awards/{first['award_id']}/recovery",
        headers=keys.headers("treasury"),
        json={"recovery_reference": "BACK-2026-0001", "recovered_on": "2026-03-01"},
    )
    assert recovered.status_code == 200, recovered.text
    assert (recovered.json()["status"], recovered.json()["recovered_on"]) == ("recovered", "2026-03-01")


async def test_an_earlier_trade_fair_filed_late_takes_its_share_of_the_yearly_cap(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 1403)
    june = await claim(client, keys, fair(uscc, "广交会", "30000.00", held_on="2025-06-10"))
    assert (await award_of(client, keys, june))["amount"] == "30000.00"
    march = await claim(client, keys, fair(uscc, "进博会", "30000.00", held_on="2025-03-10"))
    # In date order: March 30,000.00; June min(30,000.00, 50,000.00 − 30,000.00) = 20,000.00.
    assert (await award_of(client, keys, march))["amount"] == "30000.00"
    june_now = await claim_now(client, keys, june["id"])
    assert june_now["status"] == "accepted"
    assert (await award_of(client, keys, june_now))["amount"] == "20000.00"
    assert (await award_of(client, keys, june))["status"] == "revoked"  # the 30,000.00 award it replaced
    assert live(await stored.awards(sessions, uscc=uscc)) == [
        ("A6.1", 2_000_000, date(2025, 6, 10)),
        ("A6.1", 3_000_000, date(2025, 3, 10)),
    ]


async def test_a_recognition_arriving_after_the_claim_it_supports(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 1404)
    early = await claim(client, keys, upgrade(uscc, "2000000.00"))
    assert (early["status"], early["reason"]) == ("rejected", "no valid 专精特新 recognition (any level) on 2025-05-31")
    # The recognition of 2023-03-01 is recorded later: the claim is decided as if it had been known.
    await apply(sessions, handlers, recognition(uscc, "region_zjtx", date(2023, 3, 1)))
    now = await claim_now(client, keys, early["id"])
    assert now["status"] == "accepted"
    # 20% × 2,000,000.00 = 400,000.00.
    assert (await award_of(client, keys, now))["amount"] == "400000.00"


async def test_an_earlier_recognition_recorded_late_means_the_later_one_was_not_new(sessions, handlers):
    uscc = make_uscc(1405)
    await apply(sessions, handlers, registered(uscc), recognition(uscc, "municipal_zjtx", date(2024, 6, 18)))
    [award] = await stored.awards(sessions, uscc=uscc)
    assert (award.rule, award.amount_fen) == ("A1.1", 20_000_000)
    # A municipal recognition of 2020 comes to light: 2024's was a second one, not a new one.
    await apply(sessions, handlers, recognition(uscc, "municipal_zjtx", date(2020, 5, 1), expires_on=date(2023, 5, 1)))
    [award] = await stored.awards(sessions, uscc=uscc)
    assert award.status == "revoked"
    assert award.closed_reason == "the enterprise held a recognition of this level before (2020-05-01)"


@pytest.mark.parametrize("order", ["recognition first", "relocation first"])
async def test_a_little_giant_recognised_outside_then_moving_in_is_a1_3_whatever_the_order(sessions, handlers, order):
    # National little giant recognised on 2023-07-14 outside Hohhot, moved in on 2024-03-01: A1.3, 500,000.00.
    uscc = make_uscc(1406)
    held = recognition(uscc, "national_little_giant", date(2023, 7, 14))
    move = relocated(uscc, date(2024, 3, 1))
    await apply(sessions, handlers, registered(uscc), *((held, move) if order == "recognition first" else (move, held)))
    awards = await stored.awards(sessions, uscc=uscc)
    assert live(awards) == [("A1.3", 50_000_000, date(2024, 3, 1))]
    if order == "recognition first":  # the A1.2 computed before the move was known was revoked
        [first] = [a for a in awards if a.rule == "A1.2"]
        assert first.status == "revoked"
        assert first.closed_reason == "recognised outside Hohhot before moving in on 2024-03-01: that is A1.3"


async def test_a_late_size_change_revokes_a_scale_up_award_that_no_longer_holds(sessions, handlers):
    uscc = make_uscc(1407)
    reports = [scale_reported(uscc, year, year > 2021) for year in (2021, 2022, 2023, 2024)]
    await apply(sessions, handlers, registered(uscc), *reports)
    [award] = await stored.awards(sessions, uscc=uscc)
    assert (award.rule, award.amount_fen, award.status) == ("A4.1", 30_000_000, "computed")
    # The registry learns the enterprise was large from 2022-06-01: not an SME on 2022-12-31, the last
    # day of its upgrade year.
    await apply(
        sessions,
        handlers,
        registered(uscc, contract=ev.ENTERPRISE_UPDATED_V2, size_class="large", effective_on=date(2022, 6, 1)),
    )
    [award] = await stored.awards(sessions, uscc=uscc)
    assert (award.status, award.closed_reason) == ("revoked", "not an SME on 2022-12-31 (large)")


async def test_a_corrected_scale_report_decides_a4_1_again(sessions, handlers):
    """A correction (issue 12, item 2): the registry publishes a corrected year again; 2023 turns out below
    scale, so 2022-2024 are not three consecutive years above: the unpaid A4.1 award (300,000.00) is revoked."""
    uscc = make_uscc(1408)
    reports = [scale_reported(uscc, year, year > 2021) for year in (2021, 2022, 2023, 2024)]
    await apply(sessions, handlers, registered(uscc), *reports)
    [award] = await stored.awards(sessions, uscc=uscc)
    assert (award.rule, award.amount_fen, award.status) == ("A4.1", 30_000_000, "computed")
    await apply(sessions, handlers, scale_reported(uscc, 2023, False))
    [revoked] = await stored.awards(sessions, uscc=uscc)
    assert revoked.status == "revoked"
