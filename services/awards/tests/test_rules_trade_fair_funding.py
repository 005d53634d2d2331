"""A6.1 (trade-fair booth fees) and F.1 (the city/district funding split): pure rule tests, no I/O.

A6.1, article 6: "展会参展费纳入中小企业发展专项资金支持范围"; RULES decision: 100% of the fee up to
50,000.00 per enterprise per year until the city publishes its own figures. F.1, the last paragraph:
"兑现本政策的资金由市……各旗县区、开发区各承担一半" — halves that add up to the amount, the odd fen to
the city."""

from __future__ import annotations

from datetime import date

import pytest

from zjtx.awards.definition import AWARDS
from zjtx.awards.rules.facts import EnterpriseFacts, SizeFact
from zjtx.awards.rules.funding import FundingShare, split_funding
from zjtx.awards.rules.trade_fair import trade_fair_subsidy
from zjtx.common.money import parse_yuan, yuan_to_fen

PARAMETERS = AWARDS.load_parameters()
USCC = "91150105MA0Q4LJX27"


def fen(yuan: str) -> int:
    return yuan_to_fen(parse_yuan(yuan))


def fair(
    fee: str,
    already: str = "0.00",
    *,
    cluster: str | None = "agri_food",
    is_sme: bool = True,
    name="进博会",
    level: str = "national",
):
    facts = EnterpriseFacts(uscc=USCC, district_code="150105", cluster=cluster, is_sme=is_sme)
    return trade_fair_subsidy(
        facts,
        fair_name=name,
        fair_level=level,
        held_on=date(2025, 4, 20),
        booth_fee_fen=fen(fee),
        already_this_year_fen=fen(already),
        parameters=PARAMETERS,
    )


# --- A6.1 ---------------------------------------------------------------------------------------


def test_a6_1_two_fees_in_one_year_share_the_yearly_cap():
    # First fair: 100% × 30,000.00 = 30,000.00; room 50,000.00 − 0.00 = 50,000.00 → 30,000.00.
    # Second fair: 100% × 30,000.00 = 30,000.00; room 50,000.00 − 30,000.00 = 20,000.00 → capped 20,000.00.
    # Third fair: room 50,000.00 − 50,000.00 = 0.00 → refused.
    first = fair("30000.00")
    second = fair("30000.00", "30000.00", name="广交会")
    third = fair("30000.00", "50000.00", name="高交会")
    assert (first.eligible, first.amount_fen) == (True, fen("30000.00"))
    assert first.explanation.caps == ["30,000.00 ≤ 50,000.00 left of the yearly cap: not capped"]
    assert (second.eligible, second.amount_fen) == (True, fen("20000.00"))
    assert second.explanation.steps == [
        "100% × 30,000.00 = 30,000.00",
        "left under the yearly cap: 50,000.00 − 30,000.00 = 20,000.00",
    ]
    assert second.explanation.caps == ["30,000.00 > 20,000.00 left of the yearly cap: capped at 20,000.00"]
    assert (third.eligible, third.amount_fen) == (False, 0)
    assert third.reason == "the yearly cap of 50,000.00 for 2025 is used up"


def test_a6_1_a_fee_at_the_cap_is_paid_in_full():
    # 100% × 50,000.00 = 50,000.00 ≤ 50,000.00.
    assert fair("50000.00").amount_fen == fen("50000.00")


def test_a6_1_is_for_six_cluster_enterprises():
    decision = fair("30000.00", cluster=None)
    assert not decision.eligible
    assert decision.reason == "A6.1 is for enterprises of the six clusters"


def test_a6_1_is_for_smes():
    decision = fair("30000.00", is_sme=False)
    assert not decision.eligible
    assert (decision.reason, decision.reason_code) == ("not an SME on 2025-04-20", "not_sme")


@pytest.mark.parametrize("level", ["regional", "local"])
def test_a6_1_is_for_national_and_international_fairs(level):
    # RULES A6.1: "全国性 or international"; a local fair's fee (would be 30,000.00) gets nothing.
    decision = fair("30000.00", level=level)
    assert (decision.eligible, decision.reason_code) == (False, "fair_level")
    assert fair("30000.00", level="international").amount_fen == fen("30000.00")


def test_a6_1_sme_and_cluster_are_read_on_the_fairs_date():
    # Large from 2025-05-01 (the fair was on 2025-04-20: still small) → 100% × 30,000.00 = 30,000.00.
    sizes = (
        SizeFact(date(2019, 5, 8), "small", True, "agri_food"),
        SizeFact(date(2025, 5, 1), "large", False, "agri_food"),
    )
    facts = EnterpriseFacts(uscc=USCC, district_code="150105", cluster="agri_food", is_sme=False, sizes=sizes)
    decision = trade_fair_subsidy(
        facts,
        fair_name="进博会",
        fair_level="national",
        held_on=date(2025, 4, 20),
        booth_fee_fen=fen("30000.00"),
        already_this_year_fen=0,
        parameters=PARAMETERS,
    )
    assert decision.amount_fen == fen("30000.00")


def test_a6_1_each_fair_is_its_own_award():
    assert fair("30000.00", name="  中国 国际进口博览会 ").dedup_key == f"A6.1:{USCC}:2025-04-20:中国 国际进口博览会"


# --- F.1 ----------------------------------------------------------------------------------------


def split(amount: str) -> list[FundingShare]:
    return split_funding(fen(amount), district_code="150105", on=date(2025, 6, 1), parameters=PARAMETERS)


def test_f1_an_even_amount_is_halved():
    # 200,000.00 / 2 = 100,000.00 + 100,000.00.
    assert split("200000.00") == [FundingShare("city", fen("100000.00")), FundingShare("150105", fen("100000.00"))]


def test_f1_the_odd_fen_goes_to_the_city():
    # 246,913.57 = 24691357 fen; / 2 = 12345678.5 → city 12345679 (123,456.79), district 12345678 (123,456.78);
    # 12345679 + 12345678 = 24691357.
    shares = split("246913.57")
    assert shares == [FundingShare("city", 12345679), FundingShare("150105", 12345678)]
    assert sum(s.amount_fen for s in shares) == fen("246913.57")


def test_f1_one_fen_is_the_citys():
    # 1 fen / 2 = 0.5 → city 1, district 0.
    assert split("0.01") == [FundingShare("city", 1), FundingShare("150105", 0)]


@pytest.mark.parametrize("amount", ["0.03", "99999.99", "500000.00", "1000000.01", "1234567.89"])
def test_f1_the_halves_always_add_up_and_differ_by_at_most_the_odd_fen(amount):
    city, district = split(amount)
    assert city.amount_fen + district.amount_fen == fen(amount)
    assert city.amount_fen - district.amount_fen in (0, 1)


def test_f1_a_non_monetary_award_has_no_funding():
    # The A1.park plaque is 0.00: nobody pays anything.
    assert split("0.00") == []


def test_f1_the_district_share_names_the_zone():
    # A zone has no division code: its project id funds the other half.
    shares = split_funding(fen("500000.00"), district_code="Z-HLGR", on=date(2025, 6, 1), parameters=PARAMETERS)
    assert [s.funder for s in shares] == ["city", "Z-HLGR"]
