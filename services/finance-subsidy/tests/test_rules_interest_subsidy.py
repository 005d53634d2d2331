"""A5.1 by hand: every decision line of RULES.md A5.1, a worked example each, computed in the comment.
The rules are pure: the shipped LPR table (facts/lpr.csv) and the parameter files, no database.

The 1-year LPR rows used (facts/lpr.csv): 2021-12-20 3.80 · 2023-08-21 3.45 · 2024-02-20 3.45 ·
2024-07-22 3.35 · 2024-10-21 3.10 · 2025-05-20 3.00 · … · 2026-09-20 3.00 (the last)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zjtx.common.lpr import load_lpr
from zjtx.common.money import yuan_to_fen
from zjtx.finance_subsidy.definition import FINANCE_SUBSIDY
from zjtx.finance_subsidy.rules.facts import LoanFact, PeriodFact, RecognitionFact
from zjtx.finance_subsidy.rules.subsidy import REFUSED, SUBSIDISED, WAITING_LPR, decide_year

PARAMETERS = FINANCE_SUBSIDY.load_parameters()
LPR = load_lpr()
USCC = "91150105MA0Q4LJX27"
NATIONAL = RecognitionFact("national_little_giant", date(2023, 7, 1), date(2026, 7, 1))


def fen(yuan: str) -> int:
    return yuan_to_fen(Decimal(yuan))


def loan(
    loan_id: str = "L-1",
    *,
    disbursed_on: date = date(2024, 7, 1),
    principal: str = "10000000.00",
    purpose: str = "working_capital",
    maturity_on: date = date(2026, 7, 1),
) -> LoanFact:
    return LoanFact(
        "DEMO", loan_id, USCC, fen(principal), Decimal("3.80"), disbursed_on, maturity_on, purpose, "standard"
    )


def period(
    start: date,
    end: date,
    *,
    paid_on: date | None = None,
    interest: str = "999999999.00",
    loan_id: str = "L-1",
    outstanding: str = "10000000.00",
) -> PeriodFact:
    return PeriodFact("DEMO", loan_id, start, end, fen(outstanding), fen(interest), paid_on or end)


def decide(loans: list[LoanFact], periods: list[PeriodFact], recognitions=(NATIONAL,), *, year: int):
    return decide_year(
        year=year,
        loans={item.key: item for item in loans},
        periods=periods,
        recognitions=list(recognitions),
        lpr=LPR,
        parameters=PARAMETERS,
    ).periods


def amounts(outcomes) -> list[str]:
    return [f"{o.amount_fen / 100:.2f}" for o in outcomes]


def test_the_lpr_is_the_one_in_force_on_the_disbursement_date_not_on_the_payment_date():
    # Disbursed 2024-07-01: the 1-year LPR in force is 3.45 (published 2024-02-20; 3.35 came on 2024-07-22).
    # Interest for 2024-10-01..2024-12-31 paid on 2024-12-31, when the LPR was 3.10 (since 2024-10-21).
    # days = 2024-12-31 − 2024-10-01 = 91 (the start day counted, the end day not)
    # rate = 3.45% × 50% = 1.725%
    # 10,000,000.00 × 1.725% × 91 / 360 = 172,500.00 × 91 / 360 = 43,604.1666… → 43,604.17
    # (at the payment date's 3.10 it would be 10,000,000.00 × 1.55% × 91 / 360 = 39,180.56: not this)
    [outcome] = decide([loan()], [period(date(2024, 10, 1), date(2024, 12, 31))], year=2024)
    assert (outcome.status, amounts([outcome])) == (SUBSIDISED, ["43604.17"])
    explanation = outcome.decision.explanation.as_dict()
    assert explanation["article"].startswith("五、专精特新“小巨人”企业的生产经营融资贷款")
    assert explanation["inputs"]["lpr"] == "3.45"
    assert explanation["inputs"]["lpr_published_on"] == "2024-02-20"
    assert explanation["formula"] == [
        "days = 2024-12-31 − 2024-10-01 = 91",
        "rate = 1-year LPR 3.45% (published 2024-02-20, in force on the disbursement date 2024-07-01) × 50% = 1.725%",
        "10,000,000.00 × 1.725% × 91 / 360 = 43,604.166667 → 43,604.17 (half-up to the fen)",
    ]
    names = [p["name"] for p in explanation["parameters"]]
    assert "interest_subsidy_rate.lpr_share" in names and "interest_day_count.days_per_year" in names
    assert "interest_subsidy_cap.cap_per_year" in names


def test_a_period_gets_no_more_than_the_interest_actually_paid():
    # 2024-07-01..2024-10-01 = 92 days: 10,000,000.00 × 1.725% × 92 / 360 = 44,083.333… → 44,083.33;
    # the bank reports 30,000.00 of interest paid for it (a fee waived): the subsidy is 30,000.00.
    [outcome] = decide([loan()], [period(date(2024, 7, 1), date(2024, 10, 1), interest="30000.00")], year=2024)
    assert amounts([outcome]) == ["30000.00"]
    assert outcome.decision.explanation.caps[0] == ("interest paid 30,000.00 < 44,083.33: limited to the interest paid")


def test_the_yearly_cap_is_reached_part_way_through_a_period_in_the_order_of_payment():
    # One loan of 100,000,000.00 disbursed 2024-03-01 (LPR 3.45 → 1.725%): 1,725,000.00 a year of subsidy.
    # 2024-03-01..06-01, 92 days, paid 06-01: 1,725,000.00 × 92 / 360 = 440,833.333… → 440,833.33
    # 2024-06-01..09-01, 92 days, paid 09-01: 440,833.33, but 500,000.00 − 440,833.33 = 59,166.67 remain
    #   of the 2024 cap: capped to 59,166.67 (the cap is reached part-way through the period)
    # 2024-09-01..12-01, 91 days, paid 12-01: nothing remains → refused, yearly_cap_reached
    big = loan(disbursed_on=date(2024, 3, 1), principal="100000000.00")
    periods = [
        period(date(2024, 9, 1), date(2024, 12, 1), outstanding="100000000.00"),
        period(date(2024, 6, 1), date(2024, 9, 1), outstanding="100000000.00"),
        period(date(2024, 3, 1), date(2024, 6, 1), outstanding="100000000.00"),
    ]  # given in the reverse order of payment: the order of arrival does not matter
    outcomes = decide([big], periods, year=2024)
    assert [o.period.paid_on for o in outcomes] == [date(2024, 6, 1), date(2024, 9, 1), date(2024, 12, 1)]
    assert amounts(outcomes) == ["440833.33", "59166.67", "0.00"]
    assert [o.code for o in outcomes] == [None, None, "yearly_cap_reached"]
    assert outcomes[1].decision.explanation.caps[-1] == (
        "yearly cap 500,000.00 for 2024 (the year the interest was paid): used by periods paid before "
        "440,833.33, remaining 59,166.67: capped to 59,166.67"
    )
    # 2025 is another year with its own cap: 2024-12-01..2025-03-01, 90 days, paid 2025-03-01:
    # 1,725,000.00 × 90 / 360 = 431,250.00, not capped.
    [next_year] = decide([big], [period(date(2024, 12, 1), date(2025, 3, 1), outstanding="100000000.00")], year=2025)
    assert amounts([next_year]) == ["431250.00"]


def test_the_cap_is_over_all_the_enterprises_loans_and_counts_by_the_day_of_payment():
    # Loan A (100,000,000.00) pays 440,833.33 for 2024-03-01..06-01 on 2024-06-01; loan B (10,000,000.00,
    # disbursed 2024-03-01 too) pays 2024-03-01..06-01 on 2024-05-31, a day earlier: B comes first.
    # B: 10,000,000.00 × 1.725% × 92 / 360 = 44,083.33; A: min(440,833.33, 500,000.00 − 44,083.33 =
    # 455,916.67) = 440,833.33. Together 484,916.66, under the cap.
    a = loan("A", disbursed_on=date(2024, 3, 1), principal="100000000.00")
    b = loan("B", disbursed_on=date(2024, 3, 1))
    outcomes = decide(
        [a, b],
        [
            period(date(2024, 3, 1), date(2024, 6, 1), loan_id="A", outstanding="100000000.00"),
            period(date(2024, 3, 1), date(2024, 6, 1), paid_on=date(2024, 5, 31), loan_id="B"),
        ],
        year=2024,
    )
    assert [(o.period.loan_id, f"{o.amount_fen / 100:.2f}") for o in outcomes] == [
        ("B", "44083.33"),
        ("A", "440833.33"),
    ]


def test_a_revocation_stops_the_periods_ending_after_it():
    # National little giant from 2023-07-01, revoked on 2024-08-15. Loan disbursed 2024-03-01 (held then).
    # 2024-05-01..08-01 (92 days) ends before: 10,000,000.00 × 1.725% × 92 / 360 = 44,083.33
    # 2024-08-01..08-15 (14 days) ends on the revocation date, not after: 172,500.00 × 14 / 360 = 6,708.33
    # 2024-08-15..11-15 ends after it: refused (recognition_revoked)
    revoked = RecognitionFact("national_little_giant", date(2023, 7, 1), date(2026, 7, 1), revoked_on=date(2024, 8, 15))
    outcomes = decide(
        [loan(disbursed_on=date(2024, 3, 1))],
        [
            period(date(2024, 5, 1), date(2024, 8, 1)),
            period(date(2024, 8, 1), date(2024, 8, 15)),
            period(date(2024, 8, 15), date(2024, 11, 15)),
        ],
        [revoked],
        year=2024,
    )
    assert amounts(outcomes) == ["44083.33", "6708.33", "0.00"]
    assert outcomes[2].code == "recognition_revoked"
    assert "revoked on 2024-08-15" in outcomes[2].decision.reason


def test_a_revocation_while_another_little_giant_recognition_holds_stops_nothing():
    # Both tiers held on 2024-03-01; the regional one is revoked on 2024-08-15, the national one still
    # holds: 2024-08-15..11-15 (92 days) is subsidised, 172,500.00 × 92 / 360 = 44,083.33.
    regional = RecognitionFact("region_little_giant", date(2022, 5, 1), date(2025, 5, 1), revoked_on=date(2024, 8, 15))
    [outcome] = decide(
        [loan(disbursed_on=date(2024, 3, 1))],
        [period(date(2024, 8, 15), date(2024, 11, 15))],
        [regional, NATIONAL],
        year=2024,
    )
    assert amounts([outcome]) == ["44083.33"]


def test_an_expiry_does_not_stop_the_subsidy():
    # Regional little giant from 2021-09-01 until 2024-09-01 (3 years), held on the disbursement date
    # 2024-06-03 (LPR 3.45). 2024-09-01..12-01 (91 days) ends after the expiry and is still subsidised:
    # 10,000,000.00 × 1.725% × 91 / 360 = 43,604.17. A loan disbursed on 2024-09-02, after the expiry, is not.
    regional = RecognitionFact("region_little_giant", date(2021, 9, 1), date(2024, 9, 1))
    held = loan("HELD", disbursed_on=date(2024, 6, 3))
    late = loan("LATE", disbursed_on=date(2024, 9, 2))
    outcomes = decide(
        [held, late],
        [
            period(date(2024, 9, 1), date(2024, 12, 1), loan_id="HELD"),
            period(date(2024, 9, 2), date(2024, 12, 2), loan_id="LATE"),
        ],
        [regional],
        year=2024,
    )
    assert [(o.period.loan_id, o.status, f"{o.amount_fen / 100:.2f}") for o in outcomes] == [
        ("HELD", SUBSIDISED, "43604.17"),
        ("LATE", REFUSED, "0.00"),
    ]
    assert outcomes[1].code == "not_little_giant"


def test_a_recognition_after_the_disbursement_does_not_qualify_the_loan():
    # Disbursed 2024-03-01; recognised national little giant only on 2024-06-18: not held on the
    # disbursement date, so none of the loan's periods is subsidised, even those after 2024-06-18.
    later = RecognitionFact("national_little_giant", date(2024, 6, 18), date(2027, 6, 18))
    [outcome] = decide(
        [loan(disbursed_on=date(2024, 3, 1))], [period(date(2024, 7, 1), date(2024, 10, 1))], [later], year=2024
    )
    assert (outcome.status, outcome.code) == (REFUSED, "not_little_giant")
    assert "recognised on 2024-06-18, after the disbursement" in outcome.decision.reason


def test_a_loan_disbursed_before_the_policy_is_refused_cleanly():
    # Disbursed 2021-12-20, before the policy's 2022-01-01: recorded, refused with before_policy.
    early = RecognitionFact("national_little_giant", date(2021, 6, 1), date(2024, 6, 1))
    [outcome] = decide(
        [loan(disbursed_on=date(2021, 12, 20))], [period(date(2022, 1, 1), date(2022, 4, 1))], [early], year=2022
    )
    assert (outcome.status, outcome.code, outcome.amount_fen) == (REFUSED, "before_policy", 0)
    assert "before the policy applies (2022-01-01)" in outcome.decision.reason


@pytest.mark.parametrize("purpose", ["real_estate", "securities", "refinancing", "other"])
def test_a_loan_not_for_production_or_operation_is_refused(purpose):
    [outcome] = decide([loan(purpose=purpose)], [period(date(2024, 10, 1), date(2024, 12, 31))], year=2024)
    assert (outcome.status, outcome.code) == (REFUSED, "purpose_not_production")


@pytest.mark.parametrize("purpose", ["working_capital", "equipment", "production"])
def test_production_and_operating_purposes_are_eligible(purpose):
    [outcome] = decide([loan(purpose=purpose)], [period(date(2024, 10, 1), date(2024, 12, 31))], year=2024)
    assert amounts([outcome]) == ["43604.17"]


def test_a_disbursement_past_the_lpr_horizon_waits_for_the_publication():
    # The last publication on record is 2026-09-20; the horizon is 45 days: up to 2026-11-04 the last rate
    # holds (3.00 → 1.50%), on 2026-11-05 the rate is not known and nothing is guessed.
    known = loan("KNOWN", disbursed_on=date(2026, 11, 4), maturity_on=date(2027, 11, 4))
    unknown = loan("UNKNOWN", disbursed_on=date(2026, 11, 5), maturity_on=date(2027, 11, 5))
    recognition = RecognitionFact("national_little_giant", date(2026, 1, 1), date(2029, 1, 1))
    outcomes = decide(
        [known, unknown],
        [
            # 2026-11-04..12-04, 30 days: 10,000,000.00 × 1.5% × 30 / 360 = 12,500.00
            period(date(2026, 11, 4), date(2026, 12, 4), loan_id="KNOWN"),
            period(date(2026, 11, 5), date(2026, 12, 5), loan_id="UNKNOWN"),
        ],
        [recognition],
        year=2026,
    )
    assert [(o.period.loan_id, o.status, f"{o.amount_fen / 100:.2f}") for o in outcomes] == [
        ("KNOWN", SUBSIDISED, "12500.00"),
        ("UNKNOWN", WAITING_LPR, "0.00"),
    ]
    assert outcomes[1].code == "lpr_unknown"


def test_the_subsidy_rounds_half_up_once_at_the_end():
    # 2024-07-01..08-28 = 58 days on 12,345.67: 12,345.67 × 1.725% × 58 / 360 = 212.9628075 × 58 / 360
    # = 34.31067… → 34.31: the exact product, rounded half-up to the fen once, at the end.
    small = loan(principal="12345.67")
    [outcome] = decide([small], [period(date(2024, 7, 1), date(2024, 8, 28), outstanding="12345.67")], year=2024)
    assert amounts([outcome]) == ["34.31"]


def test_a_recognition_is_described_in_chinese_by_its_tiers_name():
    # For the Chinese line of a not_little_giant refusal that lists the recognitions held (issue 12, item 1).
    held = RecognitionFact("national_little_giant", date(2020, 1, 1), date(2023, 1, 1), date(2022, 6, 1))
    assert held.describe_zh() == "国家级专精特新“小巨人”（2020-01-01至2023-01-01，2022-06-01撤销）"
    assert held.describe() == "national_little_giant from 2020-01-01 until 2023-01-01, revoked on 2022-06-01"
