"""What the registry says to people reads in Chinese by default and in English with `Accept-Language: en`:
the size-class and above-scale explanations, the A13 flags, the history lines (its own and those made from
other services' events) and the problem details. Codes and figures stay as they are in both."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import update

from zjtx.common.events import hotline
from zjtx.common.messaging.envelope import make_envelope
from zjtx.common.testing.registry_events import apply
from zjtx.registry.history.models import HistoryEntry

from .factories import make_uscc, register

ZH, EN = "zh-CN", "en"

# The factories' enterprise: industry, 120 staff, revenue 35,000,000. The 2011 standard for industry
# (reference.md): large ≥ 1000 staff and ≥ 400,000,000; medium ≥ 300 and ≥ 20,000,000; small ≥ 20 and
# ≥ 3,000,000. 120 < 300 fails medium; 120 ≥ 20 and 35,000,000 ≥ 3,000,000 make it small.
SIZE_LINES_ZH = [
    "大型：从业人员 120 < 1000，营业收入 35,000,000.00 < 400,000,000.00：未达到",
    "中型：从业人员 120 < 300，营业收入 35,000,000.00 ≥ 20,000,000.00：未达到",
    "小型：从业人员 120 ≥ 20，营业收入 35,000,000.00 ≥ 3,000,000.00：达到",
]
SIZE_LINES_EN = [
    "large: staff 120 < 1000, revenue 35,000,000.00 < 400,000,000.00: not met",
    "medium: staff 120 < 300, revenue 35,000,000.00 ≥ 20,000,000.00: not met",
    "small: staff 120 ≥ 20, revenue 35,000,000.00 ≥ 3,000,000.00: met",
]


def _as(keys, who: str, language: str) -> dict[str, str]:
    return {**keys.headers(who), "Accept-Language": language}


async def test_the_size_class_is_explained_in_the_readers_language(client, keys):
    uscc = await register(client, keys, 901)
    chinese = await client.get(f"/v1/enterprises/{uscc}", headers=_as(keys, "reader", ZH))
    english = await client.get(f"/v1/enterprises/{uscc}", headers=_as(keys, "reader", EN))
    assert chinese.status_code == english.status_code == 200, chinese.text
    assert chinese.json()["size_explanation"]["formula"] == SIZE_LINES_ZH
    assert english.json()["size_explanation"]["formula"] == SIZE_LINES_EN
    # The reader gets its lines only, not both sets; the code is the same in both.
    assert "zh" not in chinese.json()["size_explanation"]
    assert chinese.json()["size_class"] == english.json()["size_class"] == "small"
    # The versions of its facts say the same.
    facts = await client.get(f"/v1/enterprises/{uscc}/facts", headers=_as(keys, "reader", ZH))
    assert facts.json()["items"][0]["size_explanation"]["formula"] == SIZE_LINES_ZH


async def test_above_scale_is_explained_in_the_readers_language(client, keys):
    uscc = await register(client, keys, 902)
    # Industry is above scale from 20,000,000 of main-business revenue (A4.1): 25,000,000 ≥ 20,000,000.
    body = {"year": 2024, "main_business_revenue": "25000000.00"}
    reported = await client.post(f"/v1/enterprises/{uscc}/scale-reports", json=body, headers=_as(keys, "writer", ZH))
    assert reported.status_code == 201, reported.text
    assert reported.json()["explanation"]["formula"] == ["主营业务收入 25,000,000.00 ≥ 20,000,000.00：规模以上"]
    listed = await client.get(f"/v1/enterprises/{uscc}/scale-reports", headers=_as(keys, "reader", EN))
    assert listed.json()["items"][0]["explanation"]["formula"] == ["25,000,000.00 ≥ 20,000,000.00: above scale"]


async def _inspect(client, keys, uscc: str, language: str, **body):
    body = {"inspection_type": "安全生产", "department": "市应急管理局"} | body
    return await client.post(f"/v1/enterprises/{uscc}/inspections", json=body, headers=_as(keys, "writer", language))


async def test_inspection_flags_read_in_the_readers_language(client, keys):
    uscc = await register(client, keys, 903)
    first = await _inspect(client, keys, uscc, ZH, ended_on="2025-01-10", published_on="2025-01-20")
    assert first.status_code == 201, first.text
    assert first.json()["flags"] == []
    assert first.json()["explanation"]["caps"] == ["无标记"]
    # The second routine inspection of its type in 2025 (A13.1: at most 1 a year), its results published
    # 2025-04-01, 31 days after it ended on 2025-03-01 (A13.2: within 20 days, so by 2025-03-21).
    second = await _inspect(client, keys, uscc, ZH, ended_on="2025-03-01", published_on="2025-04-01")
    assert second.status_code == 201, second.text
    assert second.json()["flags"] == [
        {"rule": "A13.1", "message": "2025年第2次“安全生产”类检查；每年至多1次"},
        {"rule": "A13.2", "message": "检查结束31日后才公示结果；限20日内"},
    ]
    assert second.json()["explanation"]["formula"] == [
        "A13.1：2025年同类检查第2次；每年至多1次",
        "A13.2：结果应不晚于2025-03-21公示（2025-03-01后20日）",
    ]
    listed = await client.get(f"/v1/enterprises/{uscc}/inspections", headers=_as(keys, "reader", EN))
    assert listed.json()["items"][1]["flags"] == [
        {"rule": "A13.1", "message": "inspection number 2 of type '安全生产' in 2025; at most 1 a year"},
        {"rule": "A13.2", "message": "results published 31 days after the inspection ended; limit 20"},
    ]


async def test_an_inspection_before_the_policy_says_why_it_has_no_flag(client, keys):
    uscc = await register(client, keys, 904)
    response = await _inspect(client, keys, uscc, ZH, ended_on="2021-11-30", published_on="2021-12-30")
    assert response.status_code == 201, response.text
    explanation = response.json()["explanation"]
    assert explanation["reasons"] == ["2021-11-30早于本政策施行之日（2022-01-01）"]
    assert explanation["caps"] == ["不作标记：当时A13尚未施行"]
    assert explanation["reason_codes"] == ["before_policy"]


async def _history(client, keys, uscc: str, language: str) -> list[str]:
    response = await client.get(
        f"/v1/enterprises/{uscc}/history", params={"limit": 200}, headers=_as(keys, "reader", language)
    )
    assert response.status_code == 200, response.text
    return [item["summary"] for item in response.json()["items"]]


async def test_history_lines_read_in_the_readers_language(client, keys, sessions, handlers):
    uscc = await register(client, keys, 905)
    ticket = hotline.TicketEvent(
        ticket_id=uuid.uuid4(),
        external_id="12345-0905",
        status="received",
        category="arrears",
        department=None,
        uscc=uscc,
        enterprise_known=True,
        enterprise_name="呼和浩特示例企业905",
        title="货款逾期未付",
        received_at=datetime(2025, 9, 1, 2, 0, tzinfo=UTC),
    )
    envelope = make_envelope(
        hotline.TICKET_RECEIVED,
        key=str(ticket.ticket_id),
        payload=ticket,
        producer="hotline",
        occurred_at=datetime(2099, 1, 1, tzinfo=UTC),  # after the registration, so last in the history
    )
    assert await apply(sessions, handlers, envelope) == [True]
    assert await _history(client, keys, uscc, ZH) == [
        "登记为呼和浩特示例企业905（小型企业）",
        "12345工单12345-0905（arrears）已受理：货款逾期未付",
    ]
    assert await _history(client, keys, uscc, EN) == [
        "registered as 呼和浩特示例企业905 (small)",
        "12345 ticket 12345-0905 (arrears) received: 货款逾期未付",
    ]


async def test_a_line_recorded_before_the_chinese_was_kept_reads_in_english(client, keys, sessions):
    uscc = await register(client, keys, 906)
    async with sessions() as session, session.begin():
        await session.execute(update(HistoryEntry).where(HistoryEntry.uscc == uscc).values(summary_zh=None))
    assert await _history(client, keys, uscc, ZH) == ["registered as 呼和浩特示例企业906 (small)"]


async def test_a_problem_detail_reads_in_the_readers_language(client, keys):
    stranger = make_uscc(907)
    chinese = await client.get(f"/v1/enterprises/{stranger}", headers=_as(keys, "reader", ZH))
    english = await client.get(f"/v1/enterprises/{stranger}", headers=_as(keys, "reader", EN))
    assert chinese.status_code == english.status_code == 404
    assert chinese.json()["code"] == english.json()["code"] == "enterprise_not_found"
    assert (chinese.json()["title"], chinese.json()["detail"]) == (
        "没有该统一社会信用代码的企业",
        f"没有统一社会信用代码为{stranger}的企业",
    )
    assert english.json()["detail"] == f"no enterprise {stranger}"


async def test_a_rule_refusal_reads_in_the_readers_language(client, keys):
    uscc = await register(client, keys, 908, sector="construction", total_assets="52000000.00")
    body = {"year": 2024, "main_business_revenue": "25000000.00"}  # construction goes by licence (A4.1)
    chinese = await client.post(f"/v1/enterprises/{uscc}/scale-reports", json=body, headers=_as(keys, "writer", ZH))
    assert chinese.status_code == 422, chinese.text
    assert chinese.json()["code"] == "licence_required"
    assert chinese.json()["detail"] == "建筑业企业按资质认定规模以上：请填写qualified_by_licence"
    english = await client.post(f"/v1/enterprises/{uscc}/scale-reports", json=body, headers=_as(keys, "writer", EN))
    assert (
        english.json()["detail"] == "a construction enterprise is above scale by its licence: give qualified_by_licence"
    )
