"""A10.5 by hand, the rule alone: score = 40 × min(1, overdue amount ÷ 1,000,000) + 30 × min(1, longest
days overdue ÷ 90) + 20 × min(1, overdue contracts ÷ 5) + 10 × min(1, arrears complaints in the last 12
months ÷ 3), each term rounded half-up to two decimals; low < 30 ≤ medium < 60 ≤ high."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zjtx.common.parameters import ParameterNotInForce
from zjtx.payments_watch.rules.risk import RiskFacts, buyer_risk, complaint_window, months_before

from .cases import fen, parameters

AS_OF = date(2025, 9, 1)


def risk(amount: str = "0.00", days: int = 0, contracts: int = 0, complaints: int = 0):
    return buyer_risk(RiskFacts(fen(amount), days, contracts, complaints), as_of=AS_OF, parameters=parameters())


@pytest.mark.parametrize(
    ("facts", "score", "level"),
    [
        (risk(), "0.00", "low"),
        # 749,750.00 ÷ 1,000,000 × 40 = 29.99: just under the medium cut-off.
        (risk("749750.00"), "29.99", "low"),
        # 750,000.00 × 40 / 1,000,000 = 30.00: medium from 30 on (≤).
        (risk("750000.00"), "30.00", "medium"),
        # 29.99 + 30 × min(1, 90 ÷ 90) = 59.99: still medium.
        (risk("749750.00", days=90), "59.99", "medium"),
        # 30.00 + 30.00 = 60.00: high from 60 on.
        (risk("750000.00", days=90), "60.00", "high"),
        # Every term capped at its weight: 40 + 30 + 20 + 10.
        (risk("5000000.00", days=400, contracts=12, complaints=7), "100.00", "high"),
    ],
)
def test_the_score_at_each_level_boundary(facts, score, level):
    assert (facts.score, facts.level) == (Decimal(score), level)


def test_every_term_shows_its_value_scale_weight_and_points():
    # 350,000.00 → 40 × 0.35 = 14.00; 45 days → 30 × 0.5 = 15.00; 2 contracts → 20 × 0.4 = 8.00;
    # 1 complaint → 10 × 1/3 = 3.333… → 3.33. Score 40.33, medium.
    decision = risk("350000.00", days=45, contracts=2, complaints=1)
    assert [(t.name, t.value, t.scale, t.weight, t.points) for t in decision.terms] == [
        ("overdue_amount", "350000.00", "1000000.00", 40, Decimal("14.00")),
        ("longest_days_overdue", "45", "90", 30, Decimal("15.00")),
        ("overdue_contracts", "2", "5", 20, Decimal("8.00")),
        ("arrears_complaints", "1", "3", 10, Decimal("3.33")),
    ]
    assert (decision.score, decision.level) == (Decimal("40.33"), "medium")
    assert decision.explanation.rule == "A10.5"
    assert {p.as_dict()["name"] for p in decision.explanation.parameters} >= {"buyer_risk_score.high_from"}


def test_two_complaints_round_half_up():
    # 10 × 2/3 = 6.666… → 6.67.
    assert risk(complaints=2).terms[3].points == Decimal("6.67")


def test_the_complaint_window_is_the_twelve_months_up_to_the_day():
    # Complaints received after 2024-09-01 up to 2025-09-01 count.
    assert complaint_window(AS_OF, parameters()) == (date(2024, 9, 1), AS_OF)
    assert months_before(date(2025, 3, 31), 1) == date(2025, 2, 28)
    assert months_before(date(2024, 2, 29), 12) == date(2023, 2, 28)


def test_the_score_needs_the_policy_in_force():
    with pytest.raises(ParameterNotInForce):
        buyer_risk(RiskFacts(0, 0, 0, 0), as_of=date(2021, 12, 31), parameters=parameters())
