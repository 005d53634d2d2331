"""The officers' day (issue 12): the 工信局's work on two enterprises end to end through the APIs of the
registry and the awards service, running together over the real broker and PostgreSQL, each actor with its
own key and the scopes the city gives it (named as `make run`'s development keys name them; the section chief
and the auditor are not among those, which leave both to `admin`), and one clock for both services that the
day moves forward.

The steps, and the worked amounts (RULES.md and services/awards/src/zjtx/awards/data/parameters.yaml):

- the data platform registers 青城乳业 (赛罕区 150105) and 敕勒川食品 (回民区 150103), records 青城's
  national little giant recognition of 2025-08-15 (A1.2 500,000.00, no application: 免申即享) and files
  敕勒川's A6.1 claim for a national fair of 2024-04-20 with a booth fee of 38,000.01 (rate 100%, cap
  50,000.00 a year: 38,000.01);
- F.1: half the city, half the district, the odd fen to the city: A1.2 250,000.00 + 250,000.00; A6.1
  19,000.01 (city) + 19,000.00 (回民区);
- the reviewer reviews the A1.2 award and a section chief the fair's on Friday 2025-09-26: five working days
  of public notice (P.notice) end on 2025-10-10 (09-28 a make-up Sunday, 09-29, 09-30, then National Day
  10-01..08 off, 10-09, 10-10);
- an objection is raised against the A1.2 award on 2025-09-29 and holds the approval until resolved;
- the approver approves on Monday 2025-10-13 (the section chief may not approve what it reviewed); the
  finance bureau pays both on 2025-10-15 against the 2025 appropriations the budget office records (a
  first line for 赛罕区 too short, then a supplementary one);
- on 2025-11-03 the recognition turns out to have been recorded in error and is withdrawn: the paid A1.2
  award is flagged `recovery_due` for 500,000.00, and the finance bureau records the money back in two
  payments (200,000.00 on 11-20, 300,000.00 on 12-01): `recovered`.

At each step the test reads what an officer would: the award, the public notice, the problem (in Chinese,
as every caller here gets it unless it asks for English), the enterprise's history with who acted, the
budget with its appropriations, and the audit trail."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import datetime

import pytest

from zjtx.common.clock import CHINA, FixedClock
from zjtx.common.testing.waiting import eventually

from .officers_day import (
    CHILECHUAN,
    CSV,
    OBJECTION,
    QINGCHENG,
    RESOLUTION,
    WITHDRAWAL_REASON,
    OfficersDay,
    enterprise,
    funders,
    standing,
)

pytestmark = [pytest.mark.broker]


@pytest.fixture
async def day(
    registry_database_url, awards_database_url, registry_engine, awards_engine, fresh_broker
) -> AsyncIterator[OfficersDay]:
    running = OfficersDay(
        registry_url=registry_database_url,
        awards_url=awards_database_url,
        registry_engine=registry_engine,
        awards_engine=awards_engine,
        bootstrap=fresh_broker.bootstrap_servers,
        clock=FixedClock(datetime(2025, 9, 22, 10, 0, tzinfo=CHINA)),
    )
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


async def test_the_officers_day(day: OfficersDay):
    registry, awards = day.registry, day.awards

    # -- Monday 2025-09-22: the data platform registers the enterprises and records the facts ------------
    day.on("2025-09-22")
    await day.ok(
        registry,
        "POST",
        "/v1/enterprises",
        "data-platform",
        201,
        json=enterprise(QINGCHENG, "呼和浩特青城乳业科技有限公司", "150105"),
    )
    await day.ok(
        registry,
        "POST",
        "/v1/enterprises",
        "data-platform",
        201,
        json=enterprise(CHILECHUAN, "呼和浩特敕勒川食品有限公司", "150103"),
    )
    recognition = await day.ok(
        registry,
        "POST",
        f"/v1/enterprises/{QINGCHENG}/recognitions",
        "data-platform",
        201,
        json={
            "tier": "national_little_giant",
            "document_no": "工信部企业函〔2025〕201号",
            "recognized_on": "2025-08-15",
        },
    )

    # The automatic award (免申即享): computed from the registry's event, nobody files anything.
    async def computed() -> list:
        return (await day.ok(awards, "GET", "/v1/awards", "reviewer", params={"uscc": QINGCHENG}))["items"]

    await eventually(computed, what="the A1.2 award")
    giant = await day.award_of(QINGCHENG)
    # A1.2: 500,000.00 (national_little_giant_award); F.1 halves 250,000.00 each, no odd fen.
    assert (giant["rule"], giant["amount"], giant["status"]) == ("A1.2", "500000.00", "computed")
    assert giant["rule_name"] == "新认定国家级专精特新“小巨人”企业一次性奖励50万元"
    assert giant["district_name"] == "赛罕区"
    assert giant["subject_name"] == "呼和浩特青城乳业科技有限公司"
    assert [(f["funder"], f["funder_name"], f["amount"]) for f in giant["funding"]] == [
        ("city", "市本级", "250000.00"),
        ("150105", "赛罕区", "250000.00"),
    ]

    # The claim, filed by the data platform on the enterprise's behalf once the awards service knows it.
    async def known() -> bool:
        response = await day.call(awards, "GET", f"/v1/enterprises/{CHILECHUAN}/land-priority", "reviewer")
        return response.status_code == 200

    await eventually(known, what="the awards service knowing 敕勒川")
    body = {
        "rule": "A6.1",
        "uscc": CHILECHUAN,
        "fair_name": "第二十二届中国国际农产品交易会",
        "fair_level": "national",
        "held_on": "2024-04-20",
        "booth_fee": "38000.01",
    }
    claim = await day.ok(awards, "POST", "/v1/claims", "data-platform", 201, json=body)
    assert claim["status"] == "accepted", claim
    fair = await day.award(claim["award_id"])
    # A6.1: 38,000.01 × 100% = 38,000.01 (under the 50,000.00 yearly cap); F.1: 38,000.01 / 2 = 19,000.005,
    # the odd fen to the city: 19,000.01 + 19,000.00.
    assert (fair["rule"], fair["amount"], fair["district_name"]) == ("A6.1", "38000.01", "回民区")
    assert fair["rule_name"] == "参加全国大型展览展销活动的参展费支持"
    assert [(f["funder_name"], f["amount"]) for f in fair["funding"]] == [
        ("市本级", "19000.01"),
        ("回民区", "19000.00"),
    ]

    # The registry's file of each enterprise: its own lines name the acting client; the claim joins it.
    lines = await day.history_with(QINGCHENG, "awards.award.computed")
    assert [(line["event_type"], line["actor"]) for line in lines if line["producer"] == "registry"] == [
        ("registry.enterprise.registered", "data-platform"),
        ("registry.recognition.granted", "data-platform"),
    ]
    computed = next(line for line in lines if line["event_type"] == "awards.award.computed")
    assert computed["business_date"] == "2025-08-15"  # the recognition it rewards
    lines = await day.history_with(CHILECHUAN, "awards.claim.filed")
    filed = next(line for line in lines if line["event_type"] == "awards.claim.filed")
    # Dated by the decision (the day it was filed), the fair's own date in its payload.
    assert (filed["business_date"], filed["payload"]["filed_by"]) == ("2025-09-22", "data-platform")

    # Budget: committed by the year of the fact rewarded (A1.2 2025, the 2024 fair 2024), nothing paid yet.
    budget_2025 = await day.budget(2025)
    assert (budget_2025["total"]["committed"], budget_2025["total"]["paid"]) == ("500000.00", "0.00")
    assert funders(budget_2025, "committed") == {"city": "250000.00", "150105": "250000.00"}
    assert funders(await day.budget(2024), "committed") == {"city": "19000.01", "150103": "19000.00"}

    # -- Friday 2025-09-26: the reviewer reviews both; they go on public notice ---------------------------
    day.on("2025-09-26")
    reviewed = await day.act(giant["id"], "review", "reviewer", {"note": "认定文件与工信部公告一致"})
    # 5 working days after Friday 09-26: 09-28 (make-up Sunday), 09-29, 09-30, 10-09, 10-10.
    assert (reviewed["status"], reviewed["notice_starts_on"], reviewed["notice_ends_on"]) == (
        "reviewed",
        "2025-09-26",
        "2025-10-10",
    )
    assert (reviewed["reviewed_by"], reviewed["review_note"]) == ("reviewer", "认定文件与工信部公告一致")
    await day.act(fair["id"], "review", "section-chief", {"note": "展位费发票与合同相符"})
    notices = (await awards.get("/v1/public/notices")).json()  # no key: the notice is public
    assert [(n["name"], n["rule"], n["amount"], n["notice_ends_on"]) for n in notices["items"]] == [
        ("呼和浩特青城乳业科技有限公司", "A1.2", "500000.00", "2025-10-10"),
        ("呼和浩特敕勒川食品有限公司", "A6.1", "38000.01", "2025-10-10"),
    ]
    # The reviewer may not approve at all (no awards:approve: four eyes by scope).
    refused = await day.problem(awards, "POST", f"/v1/awards/{giant['id']}/approve", "reviewer", 403, "forbidden")
    assert refused["title"] == "API密钥无此操作权限"

    # -- Monday 2025-09-29: an objection comes in, the reviewer records it ---------------------------------
    day.on("2025-09-29")
    objection = await day.ok(awards, "POST", f"/v1/awards/{giant['id']}/objections", "reviewer", 201, json=OBJECTION)
    assert (objection["raised_by"], objection["recorded_by"], objection["resolved_at"]) == (
        "张某（实名来信）",
        "reviewer",
        None,
    )

    # -- Friday 2025-10-10, the last notice day: approval is too early ---------------------------------
    day.on("2025-10-10")
    early = await day.problem(
        awards, "POST", f"/v1/awards/{fair['id']}/approve", "approver", 409, "notice_period_running"
    )
    assert early["title"] == "该奖励的公示期尚未结束"
    english = await day.problem(
        awards,
        "POST",
        f"/v1/awards/{fair['id']}/approve",
        "approver",
        409,
        "notice_period_running",
        headers={"Accept-Language": "en"},
    )
    assert english["title"] == "The award's public notice period has not ended yet"

    # -- Monday 2025-10-13: the notice is over; the open objection still holds the A1.2 award ------------
    day.on("2025-10-13")
    assert (await awards.get("/v1/public/notices")).json()["items"] == []
    held = await day.problem(awards, "POST", f"/v1/awards/{giant['id']}/approve", "approver", 409, "objection_open")
    assert held["title"] == "该奖励有未处理的异议"
    resolved = await day.ok(
        awards,
        "POST",
        f"/v1/awards/{giant['id']}/objections/{objection['id']}/resolve",
        "reviewer",
        json={"resolution": RESOLUTION},
    )
    assert (resolved["resolved_by"], resolved["resolution"]) == ("reviewer", RESOLUTION)
    approved = await day.act(giant["id"], "approve", "approver", {"note": "公示期满，异议不成立，同意拨付"})
    assert (approved["status"], approved["approved_by"], approved["reviewed_by"]) == (
        "approved",
        "approver",
        "reviewer",
    )
    # The section chief reviewed the fair's award: it may not approve it as well.
    own = await day.problem(
        awards, "POST", f"/v1/awards/{fair['id']}/approve", "section-chief", 403, "approver_is_reviewer"
    )
    assert own["title"] == "拨付须由审核人以外的另一客户端批准"
    await day.act(fair["id"], "approve", "approver")

    # -- Wednesday 2025-10-15: the finance bureau pays against the 2025 appropriations ------------------
    day.on("2025-10-15")
    for funder, amount, reference in (
        ("city", "300000.00", "呼财预〔2025〕12号"),
        ("150105", "200000.00", "赛财预〔2025〕7号"),
        ("150103", "20000.00", "回财预〔2025〕5号"),
    ):
        line = {"funder": funder, "fiscal_year": 2025, "amount": amount, "reference": reference}
        await day.ok(awards, "POST", "/v1/budget/appropriations", "admin", 201, json=line)
    payment = {"payment_reference": "GK-2025-10-0031", "paid_on": "2025-10-15"}
    # 赛罕区's half, 250,000.00, is over its 200,000.00: nothing is recorded.
    over = await day.problem(
        awards,
        "POST",
        f"/v1/awards/{giant['id']}/disburse",
        "finance-bureau",
        409,
        "appropriation_exceeded",
        json=payment,
    )
    assert over["title"] == "拨付金额超过该出资方本年度剩余可拨额度"
    assert over["detail"] == (
        "赛罕区应承担250,000.00元，超过其2025年度预算剩余的200,000.00元（已安排200,000.00元，已拨付0.00元）"
    )
    assert (await day.award(giant["id"]))["status"] == "approved"
    supplementary = {"funder": "150105", "fiscal_year": 2025, "amount": "50000.00", "reference": "赛财预〔2025〕9号"}
    await day.ok(awards, "POST", "/v1/budget/appropriations", "admin", 201, json=supplementary)
    paid = await day.act(giant["id"], "disburse", "finance-bureau", payment)
    assert (paid["status"], paid["paid_on"], paid["payment_reference"]) == (
        "disbursed",
        "2025-10-15",
        "GK-2025-10-0031",
    )
    await day.act(
        fair["id"], "disburse", "finance-bureau", {"payment_reference": "GK-2025-10-0032", "paid_on": "2025-10-15"}
    )

    budget_2025 = await day.budget(2025)
    # Paid in 2025 (by paid_on): 500,000.00 + 38,000.01 = 538,000.01; the city 250,000.00 + 19,000.01.
    assert (budget_2025["total"]["committed"], budget_2025["total"]["paid"]) == ("0.00", "538000.01")
    assert funders(budget_2025, "paid") == {"city": "269000.01", "150105": "250000.00", "150103": "19000.00"}
    # Remaining: city 300,000.00 − 269,000.01 = 30,999.99; 赛罕区 200,000.00 + 50,000.00 − 250,000.00 = 0.00;
    # 回民区 20,000.00 − 19,000.00 = 1,000.00.
    assert standing(budget_2025) == {
        "city": ("300000.00", "269000.01", "30999.99"),
        "150105": ("250000.00", "250000.00", "0.00"),
        "150103": ("20000.00", "19000.00", "1000.00"),
    }
    # The 2024 fair's commitment is paid, in 2025's money.
    assert (await day.budget(2024))["total"]["committed"] == "0.00"

    # The award's trail: who did each step.
    assert await day.trail(giant["id"]) == [
        ("award.computed", "event:registry"),
        ("award.reviewed", "reviewer"),
        ("award.objection_raised", "reviewer"),
        ("award.objection_resolved", "reviewer"),
        ("award.approved", "approver"),
        ("award.disbursed", "finance-bureau"),
    ]
    # The enterprise's file shows each step with the day its fact is about (the recognition rewarded for the
    # award's decisions, the day paid for the payment) and who took it: the client whose request wrote the
    # event (the envelope's actor), or the awards service itself for the award it computed on its own.
    lines = await day.history_with(QINGCHENG, "awards.award.disbursed")
    awards_lines = [line for line in lines if line["producer"] == "awards"]
    assert [(line["event_type"], line["business_date"], line["actor"]) for line in awards_lines] == [
        ("awards.award.computed", "2025-08-15", "awards"),
        ("awards.award.reviewed", "2025-08-15", "reviewer"),
        ("awards.award.approved", "2025-08-15", "approver"),
        ("awards.award.disbursed", "2025-10-15", "finance-bureau"),
    ]

    # -- Monday 2025-11-03: the recognition was recorded in error; the data platform withdraws it -------
    day.on("2025-11-03")
    withdrawn = await day.ok(
        registry,
        "POST",
        f"/v1/enterprises/{QINGCHENG}/recognitions/{recognition['id']}/withdraw",
        "data-platform",
        json={"reason": WITHDRAWAL_REASON},
    )
    assert (withdrawn["status"], withdrawn["withdrawn_reason"]) == ("withdrawn", WITHDRAWAL_REASON)

    async def flagged():
        award = await day.award(giant["id"])
        return award if award["status"] == "recovery_due" else None

    due = await eventually(flagged, what="the paid A1.2 award flagged for recovery")
    # Paid 500,000.00 on a recognition that never held: all of it is due back.
    assert due["recovery_due"] == "500000.00" and WITHDRAWAL_REASON in due["recovery_reason"]
    assert [r["status"] for r in due["enterprise_check"]["recognitions"]] == ["withdrawn"]
    budget_2025 = await day.budget(2025)
    assert (budget_2025["total"]["paid"], budget_2025["total"]["recovery_due"]) == ("538000.01", "500000.00")
    assert funders(budget_2025, "recovery_due") == {"city": "250000.00", "150105": "250000.00", "150103": "0.00"}
    lines = await day.history_with(QINGCHENG, "awards.award.recovery_due")
    assert ("registry.recognition.withdrawn", "data-platform") in [(x["event_type"], x["actor"]) for x in lines]
    # The fair's award rests on no recognition: untouched.
    assert (await day.award(fair["id"]))["status"] == "disbursed"

    # -- 2025-11-20 and 2025-12-01: the money comes back in two payments ----------------------------------
    day.on("2025-11-20")
    first = {"amount": "200000.00", "recovery_reference": "ZH-2025-11-0004", "recovered_on": "2025-11-20"}
    part = await day.ok(awards, "POST", f"/v1/awards/{giant['id']}/recoveries", "finance-bureau", 201, json=first)
    assert (part["status"], part["recovered"]) == ("recovery_due", "200000.00")
    too_much = {"amount": "300000.01", "recovery_reference": "ZH-2025-12-0001", "recovered_on": "2025-11-20"}
    excess = await day.problem(
        awards,
        "POST",
        f"/v1/awards/{giant['id']}/recoveries",
        "finance-bureau",
        422,
        "recovery_exceeds_due",
        json=too_much,
    )
    assert excess["title"] == "追回金额超过应追回金额"  # 500,000.00 − 200,000.00 = 300,000.00 still due
    day.on("2025-12-01")
    rest = {"amount": "300000.00", "recovery_reference": "ZH-2025-12-0001", "recovered_on": "2025-12-01"}
    back = await day.ok(awards, "POST", f"/v1/awards/{giant['id']}/recoveries", "finance-bureau", 201, json=rest)
    assert (back["status"], back["recovered"]) == ("recovered", "500000.00")
    assert [(r["amount"], r["recorded_by"]) for r in back["recoveries"]] == [
        ("200000.00", "finance-bureau"),
        ("300000.00", "finance-bureau"),
    ]

    budget_2025 = await day.budget(2025)
    assert (budget_2025["total"]["recovery_due"], budget_2025["total"]["recovered"]) == ("0.00", "500000.00")
    assert funders(budget_2025, "recovered") == {"city": "250000.00", "150105": "250000.00", "150103": "0.00"}
    # Money back goes to the treasury and does not refill the appropriation (README, F.1 decision).
    assert standing(budget_2025)["city"] == ("300000.00", "269000.01", "30999.99")

    trail = await day.trail(giant["id"])
    assert trail[6:8] == [("award.recovery_due", "event:registry"), ("award.recovery_recorded", "finance-bureau")]
    # The last payment and the award's becoming `recovered` are one transaction: their records share its
    # instant (`at`), and the trail orders records of one instant by id, so either may come first.
    assert sorted(trail[8:]) == [("award.recovered", "finance-bureau"), ("award.recovery_recorded", "finance-bureau")]
    lines = await day.history_with(QINGCHENG, "awards.award.recovered")
    assert lines[-1]["business_date"] == "2025-12-01"

    # The year's budget as the file the finance bureau opens in Excel or WPS: a line per funder, the city
    # first, named in Chinese, the same figures as the JSON.
    exported = await day.call(awards, "GET", "/v1/budget", "reviewer", params={"year": 2025}, headers=CSV)
    assert exported.status_code == 200, exported.text
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "年度",
        "出资方代码",
        "出资方",
        "笔数",
        "已承诺金额（元）",
        "已拨付金额（元）",
        "应追回金额（元）",
        "已追回金额（元）",
        "预算安排（元）",
        "预算结余（元）",
    ]
    assert [(r[2], r[5], r[7], r[8], r[9]) for r in rows[1:]] == [
        ("市本级", "269000.01", "250000.00", "300000.00", "30999.99"),
        ("回民区", "19000.00", "0.00", "20000.00", "1000.00"),
        ("赛罕区", "250000.00", "250000.00", "250000.00", "0.00"),
    ]
