"""A reader of Chinese (the default) gets a payable's overdue-interest explanation and a problem's detail in
Chinese; one asking for English gets English, codes and figures unchanged. Clock fixed at 2025-09-01."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from zjtx.common.web.exports import XLSX

from . import world
from .test_contracts_api import parties  # noqa: F401  (the fixture)
from .test_reports_api import year_2024  # noqa: F401  (the fixture)

ZH = {"Accept-Language": "zh-CN"}
EN = {"Accept-Language": "en"}


async def overdue_contract(client, keys, parties) -> None:  # noqa: F811
    seller, organ, _ = parties
    await world.contract(client, keys, buyer_code=organ, seller_uscc=seller, contract_no="HT-2025-020")
    await world.post(
        client, keys, "/v1/contracts/HT-2025-020/deliveries", {"delivered_on": "2025-07-28", "amount": "100000.00"}
    )
    await world.post(
        client,
        keys,
        "/v1/contracts/HT-2025-020/payments",
        {"paid_on": "2025-08-20", "amount": "30000.00", "reference": "B-1"},
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            ZH,
            [
                "2025-08-20支付30,000.00元：按期",
                "截至2025-09-01：逾期70,000.00元，自2025-08-28首次逾期起共5天",
                # due 2025-08-27 (30 days from 2025-07-28); 70,000.00 × 5 days × 0.05% = 175.00
                "A10.4：逾期利息按单利计算，自到期日次日起至每笔付款日（含）或2025-09-01：每日0.05% × "
                "（70,000.00元 × 5天（2025-08-28至2025-09-01））= 175.0000元",
            ],
        ),
        (
            EN,
            [
                "paid 30,000.00 on 2025-08-20: on time",
                "as of 2025-09-01: 70,000.00 overdue, 5 days since it first fell overdue on 2025-08-28",
                "A10.4: simple interest from the due date (excluded) to each payment (included) or 2025-09-01: "
                "0.05% a day × (70,000.00 × 5 days (2025-08-28..2025-09-01)) = 175.0000",
            ],
        ),
    ],
)
async def test_the_overdue_interest_reads_in_the_readers_language(client, keys, parties, language, expected):  # noqa: F811
    await overdue_contract(client, keys, parties)
    response = await client.get("/v1/contracts/HT-2025-020", headers=keys.headers("reader") | language)
    assert response.status_code == 200, response.text
    assert (response.json()["buyer_kind"], response.json()["buyer_kind_name"]) == ("organ", "机关")
    [line] = response.json()["payables"]
    assert line["overdue_interest"] == "175.00"
    assert line["explanation"]["formula"][-3:] == expected
    if language is ZH:  # the clock and the due date too (A10.3, A10.2: 30 days from Monday 2025-07-28)
        assert line["explanation"]["formula"][-5:-3] == [
            "A10.3：2025-07-28交付（未约定验收条件），为第0天",
            "第0天 = 2025-07-28，第30天 = 2025-08-27（星期三），为工作日：2025-08-27到期",
        ]
    assert "zh" not in line["explanation"]


@pytest.mark.parametrize(("language", "detail"), [(ZH, "没有合同NOPE"), (EN, "no contract NOPE")])
async def test_a_problem_detail_reads_in_the_readers_language(client, keys, language, detail):
    response = await client.get("/v1/contracts/NOPE", headers=keys.headers("reader") | language)
    assert (response.status_code, response.json()["code"]) == (404, "contract_not_found")
    assert response.json()["detail"] == detail


async def test_an_unknown_format_of_the_disclosure_is_refused_in_chinese(client, keys):
    # the kit's negotiation answers 406 before any work; its title is said in Chinese by default
    response = await client.get(
        "/v1/reports/disclosure", params={"year": 2024}, headers=keys.headers("reader") | ZH | {"Accept": "image/png"}
    )
    assert (response.status_code, response.json()["code"]) == (406, "not_acceptable")


async def test_the_disclosure_as_an_excel_workbook(client, keys, year_2024):  # noqa: F811
    organ, institution, _ = year_2024
    response = await client.get(
        "/v1/reports/disclosure", params={"year": 2024}, headers=keys.headers("reader") | {"Accept": XLSX}
    )
    assert response.status_code == 200, response.text
    assert 'filename="disclosure-2024.xlsx"' in response.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["buyer_code", "name", "year", "overdue_unpaid_contracts", "overdue_unpaid_amount"],
        [organ, "示例单位1", 2024, 1, 100000.0],
        [institution, "示例单位2", 2024, 0, 0.0],
    ]
