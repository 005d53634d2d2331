"""A9 by hand, the rule alone: a unit's yearly plan reserves at least 40% of its procurement budget for
SMEs and at least 70% of that reserve for small and micro enterprises (A9.1); goods and services from
the threshold (1,000,000) up to 2,000,000 and works up to 4,000,000 that suit SMEs are reserved for
them (A9.2; 以上 and 以下 include the figure)."""

from __future__ import annotations

from zjtx.payments_watch.rules.procurement import PlanFacts, PlanItem, check_plan

from .cases import fen, parameters


def plan(sme: str = "4000000.00", small: str = "2800000.00", *items: PlanItem, year: int = 2026) -> PlanFacts:
    return PlanFacts("11150102000000001C", year, fen("10000000.00"), fen(sme), fen(small), tuple(items))


def item(name: str, category: str, budget: str, *, suits: bool = True, reserved: bool = False) -> PlanItem:
    return PlanItem(name, category, fen(budget), suits, reserved)


def test_a_plan_that_keeps_both_rules():
    # 40% × 10,000,000.00 = 4,000,000.00 ≤ 4,000,000.00; 70% × 4,000,000.00 = 2,800,000.00 ≤ 2,800,000.00.
    decision = check_plan(
        plan(
            "4000000.00",
            "2800000.00",
            item("办公设备", "goods", "1500000.00", reserved=True),
            item("信息系统运维", "services", "2500000.00"),  # above 2,000,000: not bound
            item("零星维修", "works", "999999.99"),  # below the threshold: not bound
            item("专用检测设备", "goods", "1800000.00", suits=False),  # not suited to SMEs
        ),
        parameters=parameters(),
    )
    assert (decision.compliant, decision.violations) == (True, ())
    assert decision.explanation.rule == "A9"


def test_a_reserve_under_40_percent_breaks_a9_1():
    decision = check_plan(plan("3999999.99", "2800000.00"), parameters=parameters())
    [violation] = decision.violations
    assert (violation.rule, violation.measure, violation.required, violation.actual, violation.item) == (
        "A9.1",
        "sme_reserved",
        "4000000.00",
        "3999999.99",
        None,
    )
    assert decision.compliant is False


def test_a_small_and_micro_share_under_70_percent_of_the_reserve_breaks_a9_1():
    # 70% × 5,000,000.00 = 3,500,000.00 > 3,499,999.99.
    [violation] = check_plan(plan("5000000.00", "3499999.99"), parameters=parameters()).violations
    assert (violation.rule, violation.measure, violation.required, violation.actual) == (
        "A9.1",
        "small_micro_reserved",
        "3500000.00",
        "3499999.99",
    )


def test_an_item_that_suits_smes_between_threshold_and_ceiling_not_reserved_breaks_a9_2():
    decision = check_plan(
        plan(
            "4000000.00",
            "2800000.00",
            item("物业服务", "services", "1000000.00"),  # at the threshold (以上 includes it)
            item("办公家具", "goods", "2000000.00"),  # at the ceiling (以下 includes it)
            item("办公楼改造", "works", "4000000.00"),  # works ceiling 4,000,000.00
            item("车辆", "goods", "2000000.01"),  # above the ceiling: not bound
        ),
        parameters=parameters(),
    )
    assert [(v.rule, v.item) for v in decision.violations] == [
        ("A9.2", "物业服务"),
        ("A9.2", "办公家具"),
        ("A9.2", "办公楼改造"),
    ]
    assert decision.compliant is False


def test_a_plan_for_a_year_before_the_policy_is_recorded_not_checked():
    decision = check_plan(plan("0.00", "0.00", year=2021), parameters=parameters())
    assert (decision.compliant, decision.violations) == (None, ())
    assert decision.reason.startswith("before_policy")
