"""A5.1 on the live path: registry events and banks' signed events in, subsidies out through the API,
split by F.1, audited and published, reviewed and approved by two clients, paid; and every change of
the facts, whatever order they arrive in, brought into the subsidies (revoked with the reason when
unpaid, flagged for recovery when paid)."""

from __future__ import annotations

from datetime import date

import pytest

from zjtx.common.testing.uscc import make_uscc

from .world import World, disbursed, interest_paid

CITY, SAIHAN = "city", "150105"


@pytest.fixture
def world(client, keys, sessions, handlers, clock) -> World:
    return World(client, keys, sessions, handlers, clock)


@pytest.fixture
async def demo(world: World) -> World:
    await world.bank("DEMO")
    return world


async def test_an_interest_period_of_a_little_giant_becomes_a_computed_subsidy_split_by_f1(demo: World):
    uscc = await demo.little_giant(1)
    # Disbursed 2024-03-01: LPR 3.45 (2024-02-20) → 1.725%. 2024-04-01..06-30 = 90 days:
    # 10,000,000.00 × 1.725% × 90 / 360 = 43,125.00; interest paid 95,000.00: not limited.
    # F.1: 43,125.00 / 2 = 21,562.50 from the city and 21,562.50 from 赛罕区.
    await demo.send(
        disbursed("L-1", uscc),
        interest_paid("L-1", "2024-04-01", "2024-06-30", interest="95000.00"),
    )
    [subsidy] = await demo.subsidies(uscc=uscc)
    assert (subsidy["amount"], subsidy["status"], subsidy["year"], subsidy["paid_on"]) == (
        "43125.00",
        "computed",
        2024,
        "2024-06-30",
    )
    assert subsidy["funding"] == [
        {"funder": CITY, "amount": "21562.50", "funder_name": "市本级"},
        {"funder": SAIHAN, "amount": "21562.50", "funder_name": "赛罕区"},
    ]
    assert (subsidy["district_name"], subsidy["rule_name"]) == ("赛罕区", "“小巨人”企业生产经营贷款按LPR的50%贴息")
    explanation = subsidy["explanation"]
    assert explanation["rule"] == "A5.1"
    assert explanation["inputs"]["principal"] == "10,000,000.00"
    assert (explanation["inputs"]["lpr"], explanation["inputs"]["lpr_published_on"]) == ("3.45", "2024-02-20")
    assert explanation["formula"][0] == "days = 2024-06-30 − 2024-04-01 = 90"
    assert explanation["caps"] == [
        "interest paid 95,000.00 ≥ 43,125.00: not limited",
        "yearly cap 500,000.00 for 2024 (the year the interest was paid): used by periods paid before 0.00, "
        "remaining 500,000.00: not capped",
    ]
    [event] = await demo.events("finance.subsidy.computed")
    assert event["key"] == uscc
    assert (event["payload"]["amount"], event["payload"]["loan_id"]) == ("43125.00", "L-1")
    assert [share["amount"] for share in event["payload"]["funding"]] == ["21562.50", "21562.50"]
    assert len(await demo.audits("subsidy.computed")) == 1


async def test_a_subsidy_is_reviewed_approved_by_another_client_and_disbursed(demo: World):
    uscc = await demo.little_giant(2)
    await demo.send(disbursed("L-2", uscc), interest_paid("L-2", "2024-04-01", "2024-06-30"))
    [subsidy] = await demo.subsidies(uscc=uscc)
    sid = subsidy["id"]

    assert (await demo.act(sid, "review", client="approver")).status_code == 403  # not a reviewer's scope
    assert (await demo.act(sid, "review", client="reviewer")).status_code == 200
    same = await demo.act(sid, "approve", client="admin")
    assert same.status_code == 200  # the admin did not review it
    payment = {"payment_reference": "TREASURY-1", "paid_on": "2025-09-01"}
    # The approver does not also pay: recording the payment is the finance bureau's (finance:disburse).
    refused = await demo.act(sid, "disburse", client="approver", body=payment)
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    paid = await demo.act(sid, "disburse", client="finance-bureau", body=payment)
    assert paid.status_code == 200, paid.text
    assert (paid.json()["status"], paid.json()["disbursed_on"], paid.json()["paid_on"]) == (
        "disbursed",
        "2025-09-01",
        "2024-06-30",
    )
    verbs = [
        e["event_type"].rsplit(".", 1)[1] for e in await demo.events() if e["event_type"].startswith("finance.subsidy")
    ]
    assert verbs == ["computed", "reviewed", "approved", "disbursed"]


async def test_the_reviewer_may_not_approve_what_it_reviewed(demo: World):
    uscc = await demo.little_giant(3)
    await demo.send(disbursed("L-3", uscc), interest_paid("L-3", "2024-04-01", "2024-06-30"))
    [subsidy] = await demo.subsidies(uscc=uscc)
    assert (await demo.act(subsidy["id"], "review", client="admin")).status_code == 200
    refused = await demo.act(subsidy["id"], "approve", client="admin")
    assert (refused.status_code, refused.json()["code"]) == (403, "approver_is_reviewer")


async def test_a_revocation_arriving_late_revokes_the_unpaid_subsidy_and_flags_the_paid_one(demo: World):
    uscc = await demo.enterprise(4)
    recognition_id = await demo.recognise(uscc, date(2023, 7, 1))
    # Disbursed 2024-03-01. Period A 2024-03-01..05-31 (91 days): 172,500.00 × 91 / 360 = 43,604.17;
    # period B 2024-05-31..08-31 (92 days): 172,500.00 × 92 / 360 = 44,083.33.
    await demo.send(
        disbursed("L-4", uscc),
        interest_paid("L-4", "2024-03-01", "2024-05-31"),
        interest_paid("L-4", "2024-05-31", "2024-08-31"),
    )
    first, second = await demo.subsidies(uscc=uscc)
    assert (first["amount"], second["amount"]) == ("43604.17", "44083.33")
    await demo.pay(first["id"])
    # The registry now reports the recognition revoked on 2024-05-15, before both periods ended: both
    # periods end after it. The unpaid one is revoked with the reason; the paid one is flagged for recovery.
    await demo.revoke(uscc, recognition_id, date(2023, 7, 1), date(2024, 5, 15))
    by_id = {s["id"]: s for s in await demo.subsidies(uscc=uscc)}
    assert by_id[second["id"]]["status"] == "revoked"
    assert by_id[second["id"]]["closed_reason"].startswith("superseded: recognition_revoked: national_little_giant")
    assert (by_id[first["id"]]["status"], by_id[first["id"]]["recovery_due"]) == ("disbursed", "43604.17")
    assert "recognition_revoked" in by_id[first["id"]]["recovery_reason"]
    assert len(by_id) == 2  # nothing new computed
    assert [e["payload"]["subsidy_id"] for e in await demo.events("finance.subsidy.revoked")] == [second["id"]]
    [flagged] = await demo.events("finance.subsidy.recovery_flagged")
    assert (flagged["payload"]["subsidy_id"], flagged["payload"]["recovery_due"]) == (first["id"], "43604.17")


async def test_a_recognition_withdrawn_as_recorded_in_error_takes_back_what_it_brought(demo: World):
    uscc = await demo.enterprise(14)
    recognition_id = await demo.recognise(uscc, date(2023, 7, 1))
    # The same two periods as above: 43,604.17 (91 days) and 44,083.33 (92 days) of 172,500.00 a year.
    await demo.send(
        disbursed("L-14", uscc),
        interest_paid("L-14", "2024-03-01", "2024-05-31"),
        interest_paid("L-14", "2024-05-31", "2024-08-31"),
    )
    first, second = await demo.subsidies(uscc=uscc)
    assert (first["amount"], second["amount"]) == ("43604.17", "44083.33")
    await demo.pay(first["id"])
    # The registry withdraws the recognition (recorded in error): it never held, so neither period was
    # entitled. The unpaid subsidy is revoked; the paid one is flagged for its whole amount.
    await demo.withdraw(uscc, recognition_id, date(2023, 7, 1))
    by_id = {s["id"]: s for s in await demo.subsidies(uscc=uscc)}
    assert by_id[second["id"]]["status"] == "revoked"
    assert (by_id[first["id"]]["status"], by_id[first["id"]]["recovery_due"]) == ("disbursed", "43604.17")
    assert len(by_id) == 2
    # A stale event about it (a redelivered grant) does not bring it back.
    await demo.recognise(uscc, date(2023, 7, 1), recognition_id=recognition_id)
    again = {s["id"]: s for s in await demo.subsidies(uscc=uscc)}
    assert (again[second["id"]]["status"], again[first["id"]]["recovery_due"]) == ("revoked", "43604.17")
    assert len(again) == 2


async def test_a_recognition_arriving_after_the_banks_events_is_decided_as_if_in_order(demo: World):
    uscc = await demo.enterprise(5)
    await demo.send(disbursed("L-5", uscc), interest_paid("L-5", "2024-04-01", "2024-06-30"))
    assert await demo.subsidies(uscc=uscc) == []  # no 小巨人 recognition known yet
    loan = await demo.get("/v1/loans/DEMO/L-5")
    assert (loan["periods"][0]["decision"], loan["periods"][0]["code"]) == ("refused", "not_little_giant")
    # The recognition dated 2023-07-01 comes in now: the loan was a 小巨人's on 2024-03-01 after all.
    await demo.recognise(uscc, date(2023, 7, 1))
    [subsidy] = await demo.subsidies(uscc=uscc)
    assert subsidy["amount"] == "43125.00"


async def test_an_earlier_period_arriving_late_takes_its_place_under_the_cap(demo: World):
    uscc = await demo.little_giant(6)
    # 100,000,000.00 disbursed 2024-03-01 (1.725%): each 92-day period is 1,725,000.00 × 92 / 360 = 440,833.33.
    # The period paid 2024-09-01 arrives first and gets 440,833.33 (nothing used yet); then the one paid
    # 2024-06-01 arrives: in the order of payment it comes first (440,833.33), and the 2024-09-01 period
    # has 500,000.00 − 440,833.33 = 59,166.67 left: its unpaid subsidy is revoked and one of 59,166.67
    # computed in its place.
    big = {"outstanding": "100000000.00", "interest": "1000000.00"}
    await demo.send(
        disbursed("L-6", uscc, principal="100000000.00"),
        interest_paid("L-6", "2024-06-01", "2024-09-01", **big),
    )
    [late] = await demo.subsidies(uscc=uscc)
    assert late["amount"] == "440833.33"
    await demo.send(interest_paid("L-6", "2024-03-01", "2024-06-01", **big))
    subsidies = await demo.subsidies(uscc=uscc)
    assert [(s["period_start"], s["amount"], s["status"]) for s in subsidies] == [
        ("2024-06-01", "440833.33", "revoked"),
        ("2024-03-01", "440833.33", "computed"),
        ("2024-06-01", "59166.67", "computed"),
    ]
    assert subsidies[2]["supersedes"] == late["id"]
    summary = await demo.get(f"/v1/enterprises/{uscc}/subsidy-summary", year=2024)
    assert (summary["cap"], summary["used"], summary["remaining"]) == ("500000.00", "500000.00", "0.00")
    assert [p["amount"] for p in summary["periods"]] == ["440833.33", "59166.67"]


async def test_a_rejection_frees_the_place_under_the_cap(demo: World):
    uscc = await demo.little_giant(7)
    big = {"outstanding": "100000000.00", "interest": "1000000.00"}
    await demo.send(
        disbursed("L-7", uscc, principal="100000000.00"),
        interest_paid("L-7", "2024-03-01", "2024-06-01", **big),
        interest_paid("L-7", "2024-06-01", "2024-09-01", **big),
    )
    first, capped = await demo.subsidies(uscc=uscc)
    assert (first["amount"], capped["amount"]) == ("440833.33", "59166.67")
    # Reviewers reject the first (the bank's report is wrong, say): it frees its place, and the second
    # period is entitled to all of its 440,833.33 (cap 500,000.00, nothing else used).
    rejected = await demo.act(first["id"], "reject", client="reviewer", body={"reason": "利息凭证不符"})
    assert rejected.status_code == 200, rejected.text
    subsidies = await demo.subsidies(uscc=uscc)
    assert [(s["amount"], s["status"]) for s in subsidies] == [
        ("440833.33", "rejected"),
        ("59166.67", "revoked"),
        ("440833.33", "computed"),
    ]
    loan = await demo.get("/v1/loans/DEMO/L-7")
    assert [(p["decision"], p["code"]) for p in loan["periods"]] == [
        ("closed", "closed_by_review"),
        ("subsidised", None),
    ]


async def test_a_paid_subsidy_that_is_now_due_more_gets_a_further_subsidy_for_the_rest(demo: World):
    uscc = await demo.little_giant(8)
    big = {"outstanding": "100000000.00", "interest": "1000000.00"}
    await demo.send(
        disbursed("L-8", uscc, principal="100000000.00"),
        interest_paid("L-8", "2024-03-01", "2024-06-01", **big),
        interest_paid("L-8", "2024-06-01", "2024-09-01", **big),
    )
    first, capped = await demo.subsidies(uscc=uscc)
    await demo.pay(capped["id"])  # 59,166.67 paid
    assert (await demo.act(first["id"], "reject", client="reviewer", body={"reason": "重复申报"})).status_code == 200
    # Now due 440,833.33 for the second period, 59,166.67 paid: a further 381,666.66 is computed.
    further = (await demo.subsidies(uscc=uscc))[-1]
    assert (further["amount"], further["entitled"], further["already_paid"], further["status"]) == (
        "381666.66",
        "440833.33",
        "59166.67",
        "computed",
    )
    assert further["explanation"]["caps"][-1] == (
        "already paid for the period 59,166.67: this subsidy is the rest, 381,666.66"
    )
    assert [s["amount"] for s in further["funding"]] == ["190833.33", "190833.33"]


async def test_a_correction_by_the_bank_recomputes_the_period(demo: World):
    uscc = await demo.little_giant(9)
    await demo.send(disbursed("L-9", uscc), interest_paid("L-9", "2024-04-01", "2024-06-30", interest="95000.00"))
    # The bank corrects the period: 20,000.00 of interest was paid, not 95,000.00: limited to 20,000.00.
    await demo.send(interest_paid("L-9", "2024-04-01", "2024-06-30", interest="20000.00"))
    subsidies = await demo.subsidies(uscc=uscc)
    assert [(s["amount"], s["status"]) for s in subsidies] == [("43125.00", "revoked"), ("20000.00", "computed")]
    loan = await demo.get("/v1/loans/DEMO/L-9")
    assert loan["periods"][0]["revision"] == 2
    # The same report again (a new event id, the same figures) changes nothing.
    await demo.send(interest_paid("L-9", "2024-04-01", "2024-06-30", interest="20000.00"))
    assert len(await demo.subsidies(uscc=uscc)) == 2


async def test_the_subsidy_summary_of_an_enterprise(demo: World):
    uscc = await demo.little_giant(10)
    await demo.send(disbursed("L-10", uscc), interest_paid("L-10", "2024-04-01", "2024-06-30"))
    summary = await demo.get(f"/v1/enterprises/{uscc}/subsidy-summary", year=2024)
    assert (summary["year"], summary["cap"], summary["used"], summary["remaining"]) == (
        2024,
        "500000.00",
        "43125.00",
        "456875.00",
    )
    assert summary["periods"][0]["decision"] == "subsidised"
    empty = await demo.get(f"/v1/enterprises/{uscc}/subsidy-summary", year=2025)
    assert (empty["used"], empty["remaining"], empty["periods"]) == ("0.00", "500000.00", [])
    early = await demo.client.get(
        f"/v1/enterprises/{uscc}/subsidy-summary", params={"year": 2021}, headers=demo.headers("platform")
    )
    assert (early.status_code, early.json()["code"]) == (422, "before_policy")
    unknown = await demo.client.get(
        f"/v1/enterprises/{make_uscc(999)}/subsidy-summary", params={"year": 2024}, headers=demo.headers("platform")
    )
    assert (unknown.status_code, unknown.json()["code"]) == (404, "enterprise_not_found")
    invalid = await demo.client.get(
        "/v1/enterprises/91150105MA0Q4LJX28/subsidy-summary", params={"year": 2024}, headers=demo.headers("platform")
    )
    assert (invalid.status_code, invalid.json()["code"]) == (422, "uscc_invalid")


async def test_a_banks_key_sees_only_its_own_banks_subsidies(demo: World):
    await demo.bank("OTHER", partner=False)
    uscc = await demo.little_giant(11)
    await demo.send(disbursed("L-11", uscc), interest_paid("L-11", "2024-04-01", "2024-06-30"))
    [subsidy] = await demo.subsidies(uscc=uscc)
    own = await demo.get("/v1/subsidies", client="bank-demo")
    assert [s["id"] for s in own["items"]] == [subsidy["id"]]
    other = await demo.get("/v1/subsidies", client="bank-other")
    assert other["items"] == []
    hidden = await demo.client.get(f"/v1/subsidies/{subsidy['id']}", headers=demo.headers("bank-other"))
    assert (hidden.status_code, hidden.json()["code"]) == (404, "subsidy_not_found")


async def test_deciding_everything_again_changes_nothing_the_periods_decided_from_their_place_on(demo: World):
    # A report decides only the periods from its place in the order of payment on; a recognition event
    # decides all the enterprise's periods again. After reports out of order and a correction, the full
    # decision must find everything as it is: no subsidy moved, no event published.
    uscc = await demo.little_giant(12)
    big = {"outstanding": "100000000.00", "interest": "1000000.00"}
    await demo.send(
        disbursed("L-12", uscc, principal="100000000.00"),
        interest_paid("L-12", "2024-09-01", "2024-12-01", **big),
        interest_paid("L-12", "2024-03-01", "2024-06-01", **big),
        interest_paid("L-12", "2024-06-01", "2024-09-01", **big),
        interest_paid("L-12", "2024-06-01", "2024-09-01", outstanding="100000000.00", interest="50000.00"),
        interest_paid("L-12", "2024-12-01", "2025-03-01", **big),
    )
    before = await demo.subsidies(uscc=uscc)
    events_before = len(await demo.events())
    loan_before = await demo.get("/v1/loans/DEMO/L-12")
    await demo.recognise(uscc, date(2024, 6, 18), tier="municipal_zjtx")  # not a 小巨人 tier: nothing changes
    assert await demo.subsidies(uscc=uscc) == before
    assert len(await demo.events()) == events_before
    loan_after = await demo.get("/v1/loans/DEMO/L-12")
    assert [(p["decision"], p["entitled"], p["explanation"]) for p in loan_after["periods"]] == [
        (p["decision"], p["entitled"], p["explanation"]) for p in loan_before["periods"]
    ]
    # 2024: 440,833.33 (03-01..06-01), then 50,000.00 (the corrected 06-01..09-01, limited to its interest),
    # then 500,000.00 − 490,833.33 = 9,166.67 (09-01..12-01); 2025: 1,725,000.00 × 90 / 360 = 431,250.00.
    assert [p["entitled"] for p in loan_after["periods"]] == ["440833.33", "50000.00", "9166.67", "431250.00"]


async def test_a_recovery_flag_is_lowered_when_the_paid_amount_is_due_again(demo: World):
    uscc = await demo.little_giant(13)
    big = {"outstanding": "100000000.00", "interest": "1000000.00"}
    # B (paid 2024-09-01) arrives first: 440,833.33, paid. Then A (paid 2024-06-01) arrives late and takes
    # 440,833.33 of the cap first: B is now due 59,166.67, so 440,833.33 − 59,166.67 = 381,666.66 of what
    # was paid for it is flagged for recovery.
    await demo.send(
        disbursed("L-13", uscc, principal="100000000.00"), interest_paid("L-13", "2024-06-01", "2024-09-01", **big)
    )
    [b] = await demo.subsidies(uscc=uscc)
    await demo.pay(b["id"])
    await demo.send(interest_paid("L-13", "2024-03-01", "2024-06-01", **big))
    by_id = {s["id"]: s for s in await demo.subsidies(uscc=uscc)}
    assert by_id[b["id"]]["recovery_due"] == "381666.66"
    [a] = [s for s in by_id.values() if s["id"] != b["id"]]
    assert (a["amount"], a["status"]) == ("440833.33", "computed")
    # Reviewers reject A: its place is freed, B is due 440,833.33 again: the flag is lowered to 0.00, and
    # nothing further is computed (B was paid in full).
    assert (await demo.act(a["id"], "reject", client="reviewer", body={"reason": "凭证不符"})).status_code == 200
    by_id = {s["id"]: s for s in await demo.subsidies(uscc=uscc)}
    assert (by_id[b["id"]]["recovery_due"], by_id[b["id"]]["recovery_reason"]) == ("0.00", None)
    assert len(by_id) == 2
    flags = [e["payload"]["recovery_due"] for e in await demo.events("finance.subsidy.recovery_flagged")]
    assert flags == ["381666.66", "0.00"]
