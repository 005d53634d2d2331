"""Bad input is the caller's: whatever a client sends to any route, the answer is a problem with a status
below 500 (or a success), never an internal error."""

from __future__ import annotations

import pytest

from .world import World, disbursed, interest_paid

WILD = ["", "x", "-1", "0", "99999", "1e309", "2024-13-45", "../..", "%00", "'; drop table loans; --", "9" * 40]


@pytest.fixture
async def demo(client, keys, sessions, handlers, clock) -> World:
    world = World(client, keys, sessions, handlers, clock)
    await world.bank("DEMO")
    uscc = await world.little_giant(1)
    await world.send(disbursed("L-1", uscc), interest_paid("L-1", "2024-04-01", "2024-06-30"))
    return world


@pytest.mark.parametrize("value", WILD)
async def test_wild_query_and_path_values_are_never_a_500(demo: World, value: str):
    admin = demo.headers("admin")
    requests = [
        ("GET", "/v1/lpr", {"on": value}),
        ("GET", "/v1/kpis", {"year": value}),
        ("GET", "/v1/subsidies", {"year": value, "uscc": value, "status": value, "cursor": value, "limit": value}),
        ("GET", "/v1/loans", {"uscc": value, "flag": value, "cursor": value}),
        ("GET", "/v1/bank-events", {"status": value, "stale": value, "cursor": value}),
        ("GET", "/v1/compensations", {"status": value, "cursor": value}),
        ("GET", "/v1/loan-products", {"cursor": value, "limit": value}),
        ("GET", f"/v1/loans/DEMO/{value or 'x'}", {}),
        ("GET", f"/v1/subsidies/{value or 'x'}", {}),
        ("GET", f"/v1/enterprises/{value or 'x'}/subsidy-summary", {"year": value}),
        ("GET", f"/v1/enterprises/{value or 'x'}/matching-products", {}),
        ("POST", f"/v1/subsidies/{value or 'x'}/review", {}),
    ]
    for method, path, params in requests:
        response = await demo.client.request(method, path, params=params, headers=admin)
        assert response.status_code < 500, (path, params, response.text)


@pytest.mark.parametrize(
    "body",
    [
        {},
        [],
        "text",
        {"published_on": "9999-12-31", "one_year": "1e400", "five_year": "NaN"},
        {"amount": "1e400", "funder": "city", "deposited_on": "0001-01-01"},
        {"amount": "Infinity", "funder": "x" * 500, "deposited_on": "2025-01-01"},
    ],
)
async def test_wild_bodies_are_never_a_500(demo: World, body):
    admin = demo.headers("admin")
    for path in ("/v1/lpr", "/v1/risk-pool/deposits", "/v1/banks", "/v1/loan-products", "/v1/simulate"):
        response = await demo.client.post(path, json=body, headers=admin)
        assert response.status_code < 500, (path, body, response.text)


async def test_a_simulation_far_in_the_calendar_is_refused_not_failed(demo: World):
    body = {
        "recognitions": [{"tier": "national_little_giant", "recognized_on": "9998-06-01"}],
        "loans": [
            {
                "loan_id": "L",
                "principal": "1000000.00",
                "annual_rate": "3.80",
                "disbursed_on": "9998-06-02",
                "maturity_on": "9999-12-31",
                "purpose": "production",
                "periods": [
                    {
                        "period_start": "9998-06-02",
                        "period_end": "9999-12-31",
                        "outstanding_principal": "1000000.00",
                        "interest_amount": "1.00",
                        "paid_on": "9999-12-31",
                    }
                ],
            }
        ],
    }
    response = await demo.client.post("/v1/simulate", json=body, headers=demo.headers("admin"))
    assert response.status_code < 500, response.text
