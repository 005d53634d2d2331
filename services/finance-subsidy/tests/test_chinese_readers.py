"""A reader of Chinese (the default) gets A5.1's explanation, a refusal's reason and a problem's detail in
Chinese; one asking for English gets English, codes and figures unchanged."""

from __future__ import annotations

import pytest

from .test_simulate_products_kpis_api import demo, simulate, simulation  # noqa: F401  (the fixture)
from .world import World

ZH = {"Accept-Language": "zh-CN"}
EN = {"Accept-Language": "en"}


def one_period(**loan_changes) -> dict:
    # 1,000,000.00 outstanding from 2024-03-01 to 2024-06-01: 92 days.
    body = simulation(**loan_changes)
    body["loans"][0]["periods"] = [
        {
            "period_start": "2024-03-01",
            "period_end": "2024-06-01",
            "outstanding_principal": "1000000.00",
            "interest_amount": "10000.00",
            "paid_on": "2024-06-01",
        }
    ]
    return body


async def asked(world: World, body: dict, language: dict):
    headers = world.headers("platform") | language
    return await world.client.post("/v1/simulate", json=body, headers=headers)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            ZH,
            [
                "计息天数 = 2024-06-01 − 2024-03-01 = 92天",
                "贴息利率 = 1年期LPR 3.45%（2024-02-20公布，放款日2024-03-01适用）× 50% = 1.725%",
                # 1,000,000.00 × 1.725% = 17,250.00 a year; × 92 / 360 = 4,408.333333… → 4,408.33 half-up.
                "贴息 = 贷款余额1,000,000.00元 × 1.725% × 92 / 360 = 4,408.333333元 → 4,408.33元（四舍五入到分）",
            ],
        ),
        (
            EN,
            [
                "days = 2024-06-01 − 2024-03-01 = 92",
                "rate = 1-year LPR 3.45% (published 2024-02-20, in force on the disbursement date 2024-03-01) × 50% "
                "= 1.725%",
                "1,000,000.00 × 1.725% × 92 / 360 = 4,408.333333 → 4,408.33 (half-up to the fen)",
            ],
        ),
    ],
)
async def test_the_interest_subsidy_formula_reads_in_the_readers_language(demo: World, language, expected):  # noqa: F811
    response = await asked(demo, one_period(), language)
    assert response.status_code == 200, response.text
    [period] = response.json()["periods"]
    assert (period["status"], period["amount"]) == ("subsidised", "4408.33")
    assert period["explanation"]["formula"] == expected
    assert "zh" not in period["explanation"]  # the reader gets one language, not both


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (ZH, ["早于政策施行：放款日2021-06-01早于本政策施行之日（2022-01-01）"]),
        (EN, ["before_policy: disbursed on 2021-06-01 is before the policy applies (2022-01-01)"]),
    ],
)
async def test_a_refused_subsidy_says_why_in_the_readers_language(demo: World, language, expected):  # noqa: F811
    body = one_period(disbursed_on="2021-06-01", maturity_on="2023-06-01")
    body["loans"][0]["periods"][0] |= {
        "period_start": "2021-06-01",
        "period_end": "2021-09-01",
        "paid_on": "2021-09-01",
    }
    response = await asked(demo, body, language)
    assert response.status_code == 200, response.text
    [period] = response.json()["periods"]
    assert (period["status"], period["code"]) == ("refused", "before_policy")
    assert period["explanation"]["reasons"] == expected


@pytest.mark.parametrize(
    ("language", "detail"),
    [(ZH, "未知的旗县区或园区159999"), (EN, "unknown district or zone 159999")],
)
async def test_a_problem_detail_reads_in_the_readers_language(demo: World, language, detail):  # noqa: F811
    response = await asked(demo, one_period() | {"district_code": "159999"}, language)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "simulation_invalid"
    assert response.json()["detail"] == detail
