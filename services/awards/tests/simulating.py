"""The profile and hypothetical claims the tests of POST /v1/simulate send, and how they call it."""

from __future__ import annotations

from zjtx.common.testing.registry_events import make_uscc

SIMULATE = "/v1/simulate"
USCC = make_uscc(7)


def profile(**changes) -> dict:
    return {"uscc": USCC, "district_code": "150105", "cluster": "agri_food"} | changes


def upgrade(investment: str = "2500000.00", *, name: str = "乳品生产线智能化改造", on: str = "2025-05-31") -> dict:
    return {"rule": "A2.2", "project_name": name, "investment_amount": investment, "completed_on": on}


def rent(year: int, paid: str = "1000000.00") -> dict:
    return {"rule": "A3.rent", "year": year, "rent_paid": paid, "premises_use": "production"}


def fair(held_on: str, fee: str) -> dict:
    return {
        "rule": "A6.1",
        "fair_name": f"中国国际中小企业博览会 {held_on}",
        "fair_level": "national",
        "held_on": held_on,
        "booth_fee": fee,
    }


async def simulate(client, keys, body: dict, *, status: int = 200) -> dict:
    response = await client.post(SIMULATE, headers=keys.headers("reader"), json=body)
    assert response.status_code == status, response.text
    return response.json()


def by_source(result: dict) -> dict[str, dict]:
    return {award["source"]: award for award in result["awards"]}
