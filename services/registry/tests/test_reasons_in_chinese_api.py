"""What the registry writes itself reads in Chinese by default (no Accept-Language) and in English with
`Accept-Language: en` (issue 12, item 1): a credit list entry's reason made from an inspection, the history
line of a refused claim (its Chinese reason and its code's name from the awards service's `reason_zh` and
`reason_code_name`), a revoked subsidy's and a flagged one's history lines (finance-subsidy's `reason_zh` and
`recovery_reason_zh`), a revoked award's and
a recovery's (the awards service's `reason_zh` and `recovery_reason_zh`), and the KPIs' names,
units, labels and definitions. A reason a person typed reads as typed in both."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

from zjtx.common.events import awards, finance, hotline
from zjtx.common.messaging.envelope import make_envelope
from zjtx.common.testing.registry_events import apply

from .factories import register

EN = {"Accept-Language": "en"}


async def _both(client, default_client, keys, url: str, **params) -> tuple[dict, dict]:
    """As a reader without Accept-Language (Chinese, the default) reads it, and with `Accept-Language: en`."""
    chinese = await default_client.get(url, params=params, headers=keys.headers("reader"))
    english = await client.get(url, params=params, headers=keys.headers("reader") | EN)
    assert chinese.status_code == english.status_code == 200, chinese.text
    return chinese.json(), english.json()


async def test_an_inspections_credit_list_reason_reads_in_the_readers_language(client, default_client, keys):
    uscc = await register(client, keys, 951)
    body = {
        "inspection_type": "产品质量",
        "department": "市市场监督管理局",
        "ended_on": "2025-04-10",
        "result": "抽检不合格且拒不整改",
        "list_entry": "black",
    }
    inspected = await client.post(f"/v1/enterprises/{uscc}/inspections", json=body, headers=keys.headers("writer"))
    assert inspected.status_code == 201, inspected.text
    typed = {"list": "red", "listed_on": "2025-05-01", "authority": "市发展改革委", "reason": "守信激励对象"}
    url = f"/v1/enterprises/{uscc}/credit-lists"
    assert (await client.post(url, json=typed, headers=keys.headers("writer"))).status_code == 201

    chinese, english = await _both(client, default_client, keys, url)

    assert [e["reason"] for e in chinese["items"]] == ["产品质量检查：抽检不合格且拒不整改", "守信激励对象"]
    assert [e["reason"] for e in english["items"]] == ["inspection 产品质量: 抽检不合格且拒不整改", "守信激励对象"]


async def test_a_refused_claims_history_line_reads_in_the_readers_language(
    client, default_client, keys, sessions, handlers
):
    uscc = await register(client, keys, 952)
    filed = awards.ClaimEvent(
        claim_id=uuid.uuid4(),
        uscc=uscc,
        rule="A2.1",
        status="rejected",
        decided_on=date(2025, 8, 28),
        filed_by="platform",
        reason="no new supply amount over the year before",
        reason_code="no_new_supply",
        reason_zh="配套供应额未比上年增加",
        reason_code_name="无新增配套额",
    )
    at = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
    envelope = make_envelope(awards.CLAIM_FILED, key=uscc, payload=filed, producer="awards", occurred_at=at)
    await apply(sessions, handlers, envelope)

    chinese, english = await _both(client, default_client, keys, f"/v1/enterprises/{uscc}/history", limit=200)

    [zh] = [line["summary"] for line in chinese["items"] if line["producer"] == "awards"]
    [en] = [line["summary"] for line in english["items"] if line["producer"] == "awards"]
    # The code by its Chinese name in the Chinese line, as the awards service names it; a code in English.
    assert zh == "申请A2.1已提交：未通过（无新增配套额：配套供应额未比上年增加）"
    assert en == "claim A2.1 filed: rejected (no_new_supply: no new supply amount over the year before)"


async def test_the_kpis_read_in_the_readers_language(client, default_client, keys):
    chinese, english = await _both(client, default_client, keys, "/v1/kpis", year=2024)
    zh = {item["rule"]: item for item in chinese["items"]}
    en = {item["rule"]: item for item in english["items"]}

    # A1.target: 10家以上 (一、每年培育10家以上); A8's 200 is 左右 (八、200名左右).
    assert (zh["A1.target"]["name"], zh["A1.target"]["target_label"], zh["A1.target"]["unit"]) == (
        "新培育“专精特新”中小企业",
        "10家以上",
        "家",
    )
    assert zh["A8.entrepreneurs"]["target_label"] == "200名左右"
    assert zh["A8.lectures"]["target_label"] == "5000人次以上"
    assert zh["A12"]["definition"].startswith("统计期内接受法治、信用体检")
    assert (en["A1.target"]["name"], en["A1.target"]["target_label"], en["A1.target"]["unit"]) == (
        "newly cultivated 专精特新 SMEs",
        "at least 10",
        "enterprises",
    )
    assert en["A8.entrepreneurs"]["target_label"] == "about 200"
    assert en["A12"]["definition"].startswith("distinct enterprises with a legal and credit health check")
    # Codes and figures are the same in both.
    assert [(i["rule"], i["target"], i["period"]) for i in chinese["items"]] == [
        (i["rule"], i["target"], i["period"]) for i in english["items"]
    ]


async def test_a_tickets_history_line_names_its_category_in_chinese(client, default_client, keys, sessions, handlers):
    uscc = await register(client, keys, 953)
    ticket = hotline.TicketEvent(
        ticket_id=uuid.uuid4(),
        external_id="12345-0953",
        status="received",
        category="arrears",
        category_name="拖欠中小企业账款",
        department=None,
        uscc=uscc,
        enterprise_known=True,
        enterprise_name="呼和浩特示例企业953",
        title="货款逾期未付",
        received_at=datetime(2025, 9, 1, 2, 0, tzinfo=UTC),
    )
    at = datetime(2099, 1, 1, tzinfo=UTC)
    envelope = make_envelope(
        hotline.TICKET_RECEIVED, key=str(ticket.ticket_id), payload=ticket, producer="hotline", occurred_at=at
    )
    await apply(sessions, handlers, envelope)

    chinese, english = await _both(client, default_client, keys, f"/v1/enterprises/{uscc}/history", limit=200)

    assert chinese["items"][-1]["summary"] == "12345工单12345-0953（拖欠中小企业账款）已受理：货款逾期未付"
    assert english["items"][-1]["summary"] == "12345 ticket 12345-0953 (arrears) received: 货款逾期未付"


async def test_an_update_names_the_changed_facts_in_chinese(client, default_client, keys):
    uscc = await register(client, keys, 954)
    body = {"employees": 400, "annual_revenue": "52000000.00", "effective_on": "2024-03-01"}
    updated = await client.patch(f"/v1/enterprises/{uscc}", json=body, headers=keys.headers("writer"))
    assert updated.status_code == 200, updated.text

    chinese, english = await _both(client, default_client, keys, f"/v1/enterprises/{uscc}/history", limit=200)

    assert chinese["items"][-1]["summary"] == "自2024-03-01起变更：营业收入、从业人员"
    assert english["items"][-1]["summary"] == "updated from 2024-03-01: annual_revenue, employees"


async def test_a_revoked_subsidys_history_line_says_why_in_the_readers_language(
    client, default_client, keys, sessions, handlers
):
    uscc = await register(client, keys, 955)
    revoked = finance.SubsidyEvent(
        subsidy_id=uuid.uuid4(),
        uscc=uscc,
        bank_code="DEMO",
        loan_id="L-955",
        rule="A5.1",
        amount=Decimal("1550.00"),
        status="revoked",
        period_start=date(2024, 5, 31),
        period_end=date(2024, 8, 31),
        reason="superseded: national_little_giant revoked on 2024-05-15",
        reason_zh="已被取代：国家级专精特新“小巨人”认定已于2024-05-15撤销",
    )
    zh, en = await _subsidy_line(client, default_client, keys, sessions, handlers, finance.SUBSIDY_REVOKED, revoked)
    assert zh == (
        "贷款DEMO/L-955贴息A5.1已撤销（2024-05-31至2024-08-31）：1550.00元；"
        "已被取代：国家级专精特新“小巨人”认定已于2024-05-15撤销"
    )
    assert en == (
        "interest subsidy A5.1 revoked on loan DEMO/L-955 (2024-05-31 to 2024-08-31): 1550.00 yuan; "
        "superseded: national_little_giant revoked on 2024-05-15"
    )


async def test_a_revoked_awards_and_a_recoverys_history_lines_say_why_in_the_readers_language(
    client, default_client, keys, sessions, handlers
):
    uscc = await register(client, keys, 961)
    at = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
    # The reasons as test_reasons_in_chinese_api of the awards service reads them: an unpaid A1.1 revoked
    # when its recognition is withdrawn, a paid one due back when its recognition is revoked.
    revoked = awards.AwardEvent(
        award_id=uuid.uuid4(),
        uscc=uscc,
        rule="A1.1",
        amount=Decimal("200000.00"),
        status="revoked",
        reference_date=date(2024, 6, 18),
        reason="recognition municipal_zjtx of 2024-06-18 withdrawn as recorded in error: 录入错误",
        reason_zh="2024-06-18的认定（市级专精特新中小企业）因登记错误已撤回：录入错误",
    )
    due = awards.AwardEvent(
        award_id=uuid.uuid4(),
        uscc=uscc,
        rule="A1.1",
        amount=Decimal("200000.00"),
        status="recovery_due",
        reference_date=date(2024, 6, 18),
        recovery_due=Decimal("200000.00"),
        recovery_reason="recognition municipal_zjtx revoked on 2024-07-01: 造假",
        recovery_reason_zh="认定（市级专精特新中小企业）已于2024-07-01撤销：造假",
    )
    for contract, payload in ((awards.AWARD_REVOKED, revoked), (awards.AWARD_RECOVERY_DUE, due)):
        envelope = make_envelope(contract, key=uscc, payload=payload, producer="awards", occurred_at=at)
        await apply(sessions, handlers, envelope)

    chinese, english = await _both(client, default_client, keys, f"/v1/enterprises/{uscc}/history", limit=200)

    assert sorted(line["summary"] for line in chinese["items"] if line["producer"] == "awards") == [
        "奖励A1.1已撤销：200000.00元；2024-06-18的认定（市级专精特新中小企业）因登记错误已撤回：录入错误",
        "奖励A1.1待追回：200000.00元；追回原因：认定（市级专精特新中小企业）已于2024-07-01撤销：造假",
    ]
    assert sorted(line["summary"] for line in english["items"] if line["producer"] == "awards") == [
        "award A1.1 recovery_due: 200000.00 yuan; recovery: recognition municipal_zjtx revoked on 2024-07-01: 造假",
        "award A1.1 revoked: 200000.00 yuan; recognition municipal_zjtx of 2024-06-18 withdrawn as recorded in "
        "error: 录入错误",
    ]


async def test_a_subsidy_flagged_for_recovery_says_why_in_the_readers_language(
    client, default_client, keys, sessions, handlers
):
    uscc = await register(client, keys, 962)
    # Paid, then its recognition revoked before the period ended: all of it due back (as finance-subsidy's
    # test_reasons_in_chinese_api reads it). A paid subsidy has no closing reason: `reason` is null.
    flagged = finance.SubsidyEvent(
        subsidy_id=uuid.uuid4(),
        uscc=uscc,
        bank_code="DEMO",
        loan_id="L-962",
        rule="A5.1",
        amount=Decimal("1550.00"),
        status="disbursed",
        period_start=date(2024, 3, 1),
        period_end=date(2024, 5, 31),
        recovery_due=Decimal("1550.00"),
        recovery_reason="paid more than is now due: recognition_revoked: national_little_giant revoked on 2024-05-15",
        recovery_reason_zh="已拨付金额超过现应贴息：认定已撤销：国家级专精特新“小巨人”认定已于2024-05-15撤销",
    )
    zh, en = await _subsidy_line(
        client, default_client, keys, sessions, handlers, finance.SUBSIDY_RECOVERY_FLAGGED, flagged
    )
    assert zh == (
        "贷款DEMO/L-962贴息A5.1标记待追回（2024-03-01至2024-05-31）：1550.00元；"
        "追回原因：已拨付金额超过现应贴息：认定已撤销：国家级专精特新“小巨人”认定已于2024-05-15撤销"
    )
    assert en == (
        "interest subsidy A5.1 recovery_flagged on loan DEMO/L-962 (2024-03-01 to 2024-05-31): 1550.00 yuan; "
        "recovery: paid more than is now due: recognition_revoked: national_little_giant revoked on 2024-05-15"
    )


async def _subsidy_line(client, default_client, keys, sessions, handlers, contract, payload) -> tuple[str, str]:
    """The registry's history line of one finance-subsidy event, as a Chinese and an English reader read it."""
    at = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
    envelope = make_envelope(contract, key=payload.uscc, payload=payload, producer="finance-subsidy", occurred_at=at)
    await apply(sessions, handlers, envelope)
    path = f"/v1/enterprises/{payload.uscc}/history"
    chinese, english = await _both(client, default_client, keys, path, limit=200)
    [zh] = [line["summary"] for line in chinese["items"] if line["producer"] == "finance-subsidy"]
    [en] = [line["summary"] for line in english["items"] if line["producer"] == "finance-subsidy"]
    return zh, en
