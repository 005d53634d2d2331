"""Claim bodies and API helpers the awards tests share: each claimable rule's evidence as POST /v1/claims
takes it, a registered enterprise from registry events, and the award a claim brought."""

from __future__ import annotations

from datetime import date
from typing import Any

from zjtx.common.testing.registry_events import apply, make_uscc, recognition, registered

CLAIMS = "/v1/claims"


async def enterprise(sessions, handlers, serial: int, *recognitions: tuple[str, date], **registration) -> str:
    """A registered small industrial SME of 赛罕区, with recognitions valid six years each."""
    uscc = make_uscc(serial)
    await apply(
        sessions,
        handlers,
        registered(uscc, **registration),
        *(recognition(uscc, tier, on, expires_on=date(on.year + 6, on.month, on.day)) for tier, on in recognitions),
    )
    return uscc


def supply(uscc: str, current: str = "8000000.00", previous: str = "5000000.00", **changes: Any) -> dict:
    return {
        "rule": "A2.1",
        "uscc": uscc,
        "year": 2024,
        "supply_amount": current,
        "previous_year_supply_amount": previous,
        "buyer_name": "伊利集团",
        "buyer_cluster": "agri_food",
        "own_product": True,
        "contract_refs": ["YL-2024-0087"],
    } | changes


def upgrade(uscc: str, investment: str = "1000000.00", **changes: Any) -> dict:
    return {
        "rule": "A2.2",
        "uscc": uscc,
        "project_name": "乳品生产线智能化改造",
        "investment_amount": investment,
        "completed_on": "2025-05-31",
    } | changes


def rent(uscc: str, year: int, paid: str = "1000000.00", use: str = "production") -> dict:
    return {"rule": "A3.rent", "uscc": uscc, "year": year, "rent_paid": paid, "premises_use": use}


def fair(uscc: str, name: str, fee: str = "30000.00", held_on: str = "2024-04-20", level: str = "national") -> dict:
    return {
        "rule": "A6.1",
        "uscc": uscc,
        "fair_name": name,
        "fair_level": level,
        "held_on": held_on,
        "booth_fee": fee,
    }


async def claim(client, keys, body: dict, *, who: str = "platform", **headers) -> dict:
    response = await client.post(CLAIMS, headers=keys.headers(who) | headers, json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def claim_now(client, keys, claim_id: str) -> dict:
    """A claim as it stands now: a later fact may have changed its decision."""
    response = await client.get(f"{CLAIMS}/{claim_id}", headers=keys.headers("reader"))
    assert response.status_code == 200, response.text
    return response.json()


async def award_of(client, keys, claim_body: dict) -> dict:
    response = await client.get(f"/v1/awards/{claim_body['award_id']}", headers=keys.headers("reader"))
    assert response.status_code == 200, response.text
    return response.json()


async def step(client, keys, award_id: str, action: str, *, who: str, body: dict | None = None) -> dict:
    response = await client.post(f"/v1/awards/{award_id}/{action}", headers=keys.headers(who), json=body)
    assert response.status_code == 200, response.text
    return response.json()


async def pay(client, keys, award_id: str, *, paid_on: str, reference: str = "PAY-1") -> dict:
    """Review, approve (another client) and disburse an award."""
    await step(client, keys, award_id, "review", who="reviewer")
    await step(client, keys, award_id, "approve", who="approver")
    return await step(
        client, keys, award_id, "disburse", who="treasury", body={"payment_reference": reference, "paid_on": paid_on}
    )


def live(awards) -> list[tuple[str, int, date]]:
    """(rule, fen, reference date) of the awards that stand: neither revoked nor rejected."""
    return sorted((a.rule, a.amount_fen, a.reference_date) for a in awards if a.status not in ("revoked", "rejected"))
