"""What the hotline says to people reads in Chinese by default and in English with `Accept-Language: en`:
the deadlines' explanations (A14.2), the statuses' names beside their codes, the problem details. Days
worked by hand from facts/holidays.csv; the plugin's clock is Monday 2025-09-01 10:00 (Asia/Shanghai)."""

from __future__ import annotations

import uuid
from datetime import date

from zjtx.common.calendar import load_calendar
from zjtx.common.rules import localised
from zjtx.hotline.deadline.rules import compute
from zjtx.hotline.definition import HOTLINE

from .flows import act, new_ticket

ZH, EN = "zh-CN", "en"


def _as(keys, who: str, language: str) -> dict[str, str]:
    return {**keys.headers(who), "Accept-Language": language}


def _formulas(ticket: dict) -> dict[str, list[str]]:
    return {d["kind"]: d["explanation"]["formula"] for d in ticket["deadline_details"]}


async def test_a_tickets_deadlines_are_explained_in_the_readers_language(client, keys):
    # Received Monday 2025-09-01 (no holiday in September before the 国庆 week). Acknowledge: 1 working
    # day after 09-01 (not counted) is Tue 09-02. Reply: 5 working days: 09-02, 09-03, 09-04, 09-05 and
    # Monday 09-08.
    ticket = await new_ticket(client, keys, 41)
    chinese = await client.get(f"/v1/tickets/{ticket['id']}", headers=_as(keys, "admin", ZH))
    english = await client.get(f"/v1/tickets/{ticket['id']}", headers=_as(keys, "admin", EN))
    assert chinese.status_code == english.status_code == 200, chinese.text
    assert _formulas(chinese.json()) == {
        "acknowledge": ["2025-09-01（当日不计）后第1个工作日：2025-09-02", "于2025-09-02 24:00（北京时间）届满"],
        "reply": ["2025-09-01（当日不计）后第5个工作日：2025-09-08", "于2025-09-08 24:00（北京时间）届满"],
    }
    assert _formulas(english.json()) == {
        "acknowledge": [
            "1 working day(s) after 2025-09-01 (not counted): 2025-09-02",
            "ends 24:00 of 2025-09-02 (Asia/Shanghai)",
        ],
        "reply": [
            "5 working day(s) after 2025-09-01 (not counted): 2025-09-08",
            "ends 24:00 of 2025-09-08 (Asia/Shanghai)",
        ],
    }
    # The status keeps its code and carries its Chinese name, in both languages.
    for answer in (chinese.json(), english.json()):
        assert (answer["status"], answer["status_name"]) == ("assigned", "派单")
        assert (answer["category"], answer["category_name"]) == ("other", "其他")
        assert [(e["status"], e["status_name"]) for e in answer["timeline"]] == [
            ("received", "受理"),
            ("assigned", "派单"),
        ]


async def test_an_arrears_answer_deadline_moved_past_the_national_day_reads_in_chinese(client, keys):
    # An arrears complaint under the 2025 text: answered within 30 days of receipt, day 0 being 09-01:
    # 2025-10-01, a holiday (国庆节、中秋节 10-01..10-08), so the term ends on Thursday 10-09.
    ticket = await new_ticket(client, keys, 42, category="arrears", buyer_code="B-001", contract_no="HT-42")
    response = await client.get(f"/v1/tickets/{ticket['id']}", headers=_as(keys, "admin", ZH))
    assert _formulas(response.json())["reply"] == [
        "2025-09-01（受理日，第0日）+ 30日 = 2025-10-01",
        "2025-10-01不是工作日：期限顺延至下一个工作日2025-10-09",
        "于2025-10-09 24:00（北京时间）届满",
    ]


def test_a_deadline_that_cannot_be_computed_says_why_in_both_languages():
    parameters, calendar = HOTLINE.load_parameters(), load_calendar()
    early = compute(parameters, calendar, kind="reply", term="reply", starts_on=date(2021, 12, 20))
    assert localised(early.explanation, ZH)["reasons"] == ["2021-12-20早于本政策施行之日（2022-01-01）"]
    assert localised(early.explanation, EN)["reasons"] == ["2021-12-20 is before the policy applies (2022-01-01)"]
    # facts/holidays.csv covers 2022 to 2026: a count from 2030 cannot be made yet.
    unknown = compute(parameters, calendar, kind="reply", term="reply", starts_on=date(2030, 6, 3))
    assert unknown.unknown_reason == "calendar_not_known"
    assert localised(unknown.explanation, ZH)["reasons"] == [
        "2030年的法定节假日安排尚无记录（已有年份：2022-2026）：日历更新后再计算期限"
    ]
    assert localised(unknown.explanation, EN)["reasons"] == [
        "the public holidays of 2030 are not on record (years known: 2022-2026): the deadline is computed once "
        "the calendar is updated"
    ]


async def test_problem_details_read_in_the_readers_language(client, keys):
    missing = uuid.uuid4()
    chinese = await client.get(f"/v1/tickets/{missing}", headers=_as(keys, "admin", ZH))
    english = await client.get(f"/v1/tickets/{missing}", headers=_as(keys, "admin", EN))
    assert chinese.status_code == english.status_code == 404
    assert chinese.json()["detail"] == f"没有工单{missing}"
    assert english.json()["detail"] == f"no ticket {missing}"
    # A reply before the department acknowledged the ticket: the states named with their codes.
    ticket = await new_ticket(client, keys, 43)
    refused = await client.post(
        f"/v1/tickets/{ticket['id']}/reply",
        json={"text": "已联系企业", "resolved": True},
        headers=_as(keys, "gxj", ZH),
    )
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "invalid_transition"
    assert refused.json()["detail"] == (
        "状态为派单（assigned）的工单不能答复（目标状态办结（replied）；允许的状态：签收（acknowledged））"
    )
    english = await act(client, keys, ticket["id"], "reply", {"text": "已联系企业", "resolved": True})
    assert english.json()["detail"] == "cannot reply a ticket that is assigned (to replied; allowed from acknowledged)"


async def test_the_rates_are_defined_in_the_readers_language(client, keys):
    window = {"from": "2025-09-01", "to": "2025-09-01"}
    chinese = await client.get("/v1/kpis", params=window, headers=_as(keys, "admin", ZH))
    english = await client.get("/v1/kpis", params=window, headers=_as(keys, "admin", EN))
    assert chinese.status_code == english.status_code == 200, chinese.text
    over_zh = (
        "统计2025-09-01至2025-09-01（北京时间）受理的工单，不含已合并和已撤回的工单；每件工单计入答复时承办的部门"
        "（未答复的计入当前承办部门）"
    )
    overall = chinese.json()["overall"]
    assert overall["response_rate"]["definition"] == (
        f"受理后1个工作日内签收的工单数 ÷ 受理工单数；{over_zh}（RULES A14.2）"
    )
    assert overall["satisfaction_rate"]["definition"] == (
        f"最近一次回访评价为满意或基本满意的工单数 ÷ 已评价工单数；{over_zh}（RULES A14.2）"
    )
    assert english.json()["overall"]["response_rate"]["definition"].startswith(
        "tickets acknowledged (签收) within 1 working day(s) of receipt ÷ tickets received; over tickets received "
        "from 2025-09-01 to 2025-09-01"
    )
