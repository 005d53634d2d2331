"""The rule kernel: an explanation cites the article of the rule that decides, lists every parameter read
with its own article, and a refusal carries a stable code; a date before the policy is refused with
`before_policy`, never a ParameterNotInForce. Fact dates and the decision locks. Pure but the last."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from sqlalchemy import text

from zjtx.common.dates import DateInFuture, DateTooEarly, check_fact_date
from zjtx.common.db import create_engine, create_sessionmaker, lock_decisions, lock_key
from zjtx.common.parameters import ParameterFile, ParameterValue
from zjtx.common.rules import RuleContext, localised

START = ParameterValue(
    "policy_in_force_from", date(2022, 1, 1), None, {"rule": "A1.1", "article": "施行", "value": date(2022, 1, 1)}
)
AWARD = ParameterValue(
    "municipal_recognition_award",
    date(2022, 1, 1),
    None,
    {"rule": "A1.1", "article": "一、……给予一次性奖励20万元", "amount": "200000.00"},
)
SUB = ParameterValue(
    "per_year", date(2022, 1, 1), None, {"rule": "A13.1", "article": "同类检查每年不超过1次", "value": 1}
)
PARAMETERS = ParameterFile(
    "test", {"policy_in_force_from": [START], "municipal_recognition_award": [AWARD], "per_year": [SUB]}
)


def test_the_article_is_the_deciding_rules_not_the_policy_start():
    ctx = RuleContext("A1.1", PARAMETERS, date(2024, 6, 18))
    assert ctx.refuse_before_policy() is None  # reads the policy's first day first …
    amount = ctx.yuan("municipal_recognition_award", "amount")
    decision = ctx.decide(amount, dedup_key="A1.1:x")
    explanation = decision.as_dict()["explanation"]
    # … but cites the sentence that grants the 200,000.00, and lists each read with its own sentence.
    assert explanation["article"] == "一、……给予一次性奖励20万元"
    assert [(p["name"], p["article"]) for p in explanation["parameters"]] == [
        ("policy_in_force_from.value", "施行"),
        ("municipal_recognition_award.amount", "一、……给予一次性奖励20万元"),
    ]


def test_a_rule_cites_its_sub_rules_article_when_it_has_none_of_its_own():
    ctx = RuleContext("A13", PARAMETERS, date(2024, 6, 18))
    ctx.integer("per_year", "value")
    assert ctx.explanation.article == "同类检查每年不超过1次"


def test_a_date_before_the_policy_is_refused_with_its_code():
    ctx = RuleContext("A1.1", PARAMETERS, date(2021, 12, 31))
    decision = ctx.refuse_before_policy(dedup_key="A1.1:x")
    assert decision is not None and not decision.eligible
    assert (decision.reason, decision.reason_code) == (
        "2021-12-31 is before the policy applies (2022-01-01)",
        "before_policy",
    )
    assert decision.as_dict()["explanation"]["reason_codes"] == ["before_policy"]


def test_a_refusal_without_a_code_is_not_eligible():
    decision = RuleContext("A1.1", PARAMETERS, date(2024, 1, 1)).refuse("no")
    assert decision.reason_code == "not_eligible"


@pytest.mark.parametrize(
    ("day", "error"),
    [(date(2025, 9, 2), DateInFuture), (date(2099, 1, 1), DateInFuture), (date(1949, 9, 30), DateTooEarly)],
)
def test_a_fact_date_after_today_or_before_1949_is_refused(day, error):
    with pytest.raises(error) as caught:
        check_fact_date("recognized_on", day, today=date(2025, 9, 1))
    assert caught.value.extra["errors"][0]["field"] == "recognized_on"


def test_today_and_1949_10_01_are_fact_dates():
    assert check_fact_date("x", date(2025, 9, 1), today=date(2025, 9, 1)) == date(2025, 9, 1)
    assert check_fact_date("x", date(1949, 10, 1), today=date(2025, 9, 1)) == date(1949, 10, 1)


def test_lock_keys_are_the_same_everywhere_and_apart_for_other_subjects():
    assert lock_key("awards", "A6.1", "x") == lock_key("awards", "A6.1", "x")
    assert len({lock_key("awards", rule, "x") for rule in ("A6.1", "A3.rent", "A2.1")}) == 3
    assert -(2**63) <= lock_key("awards", "A6.1", "x") < 2**63


async def test_a_decision_lock_holds_until_the_transaction_ends(pg_server_url):
    engine = create_engine(pg_server_url, pool_size=2)
    sessions = create_sessionmaker(engine)
    order: list[str] = []
    try:
        async with sessions() as first, first.begin():
            await lock_decisions(first, [("test", "A6.1", "x"), ("test", "A3.rent", "x")])

            async def second() -> None:
                async with sessions() as other, other.begin():
                    await lock_decisions(other, [("test", "A6.1", "x")])
                    order.append("second")

            waiting = asyncio.create_task(second())
            await asyncio.sleep(0)  # let it reach the lock: it cannot pass until `first` commits
            held = await first.scalar(
                text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
            )
            order.append("first")
        await waiting
    finally:
        await engine.dispose()
    assert held == 2
    assert order == ["first", "second"]


def test_an_explanation_reads_in_chinese_by_default_and_in_english_when_asked():
    ctx = RuleContext("A1.1", PARAMETERS, date(2024, 6, 18))
    amount = ctx.yuan("municipal_recognition_award", "amount")
    ctx.step("award = 200,000.00", zh="奖励金额 = 200,000.00元")
    ctx.cap("no cap applies")  # a line whose Chinese is not written yet: English to both readers
    stored = ctx.decide(amount, dedup_key="A1.1:x").explanation.as_dict()
    chinese, english = localised(stored, "zh-CN"), localised(stored, "en")
    assert (chinese["formula"], chinese["caps"]) == (["奖励金额 = 200,000.00元"], ["no cap applies"])
    assert (english["formula"], english["caps"]) == (["award = 200,000.00"], ["no cap applies"])
    assert "zh" not in chinese and "zh" not in english  # the reader gets one language, not both
    # An explanation stored before the Chinese lines were kept reads in English to everyone.
    older = {key: value for key, value in stored.items() if key != "zh"}
    assert localised(older, "zh-CN")["formula"] == ["award = 200,000.00"]


def test_a_refusal_gives_its_reason_in_both_languages():
    ctx = RuleContext("A1.1", PARAMETERS, date(2021, 12, 31))
    decision = ctx.refuse_before_policy(dedup_key="A1.1:x")
    assert decision is not None
    assert decision.reason_zh == "2021-12-31早于本政策施行之日（2022-01-01）"
    assert localised(decision.explanation.as_dict(), "zh-CN")["reasons"] == [decision.reason_zh]
