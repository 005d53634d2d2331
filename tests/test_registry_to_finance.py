"""Registry → broker → finance-subsidy → broker → registry, over the real broker and two real databases:
a 小巨人 recognition in the registry and a bank's events become an interest subsidy split by F.1, which
the registry's history of the enterprise shows; the same bank event delivered by webhook and on the
banks' topic has one effect; a revocation in the registry revokes the unpaid subsidy, in the history too."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime

import pytest

from zjtx.common.clock import CHINA, FixedClock
from zjtx.common.db import create_engine
from zjtx.common.testing.clients import TestKeys
from zjtx.common.testing.databases import service_database
from zjtx.common.testing.waiting import eventually
from zjtx.common.web.auth import SCOPES
from zjtx.finance_subsidy.definition import FINANCE_SUBSIDY

from .finance_platform import BANK_SECRET, FinancePlatform

pytestmark = [pytest.mark.broker]

NOW = datetime(2025, 9, 1, 10, 0, tzinfo=CHINA)


@pytest.fixture(scope="session")
def finance_database_url(pg_server_url: str) -> Iterator[str]:
    with service_database(pg_server_url, FINANCE_SUBSIDY.name, FINANCE_SUBSIDY.schema) as url:
        yield url


@pytest.fixture(scope="session")
async def finance_engine(finance_database_url: str):
    engine = create_engine(finance_database_url, pool_size=5)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
def finance_keys() -> TestKeys:
    return TestKeys(
        {
            "admin": SCOPES,
            "platform": ("registry:read", "registry:write", "finance:read"),
            "bank-demo": (("finance:bank",), {"bank_code": "DEMO", "webhook_secret": BANK_SECRET}),
        }
    )


@pytest.fixture
async def finance_platform(
    registry_database_url, finance_database_url, registry_engine, finance_engine, finance_keys, fresh_broker
) -> AsyncIterator[FinancePlatform]:
    running = FinancePlatform(
        registry_url=registry_database_url,
        finance_url=finance_database_url,
        registry_engine=registry_engine,
        finance_engine=finance_engine,
        bootstrap=fresh_broker.bootstrap_servers,
        keys=finance_keys,
        clock=FixedClock(NOW),
    )
    await running.start()
    try:
        await running.bank("DEMO")
        yield running
    finally:
        await running.stop()


def disbursed(loan_id: str, uscc: str, event_id: str) -> dict:
    return {
        "event_id": event_id,
        "type": "loan.disbursed",
        "bank_code": "DEMO",
        "occurred_at": "2024-03-01T10:00:00+08:00",
        "payload": {
            "loan_id": loan_id,
            "uscc": uscc,
            "principal": "10000000.00",
            "annual_rate": "3.80",
            "disbursed_on": "2024-03-01",
            "maturity_on": "2026-03-01",
            "purpose": "production",
            "product": "standard",
        },
    }


def interest_paid(loan_id: str, event_id: str) -> dict:
    return {
        "event_id": event_id,
        "type": "loan.interest_paid",
        "bank_code": "DEMO",
        "occurred_at": "2024-06-30T16:00:00+08:00",
        "payload": {
            "loan_id": loan_id,
            "period_start": "2024-04-01",
            "period_end": "2024-06-30",
            "outstanding_principal": "10000000.00",
            "interest_amount": "95000.00",
            "paid_on": "2024-06-30",
        },
    }


def verbs(history: list[dict]) -> list[str]:
    return [entry["event_type"] for entry in history]


async def test_a_recognition_and_a_banks_events_become_a_subsidy_split_by_f1_in_the_registrys_history(
    finance_platform: FinancePlatform,
):
    platform = finance_platform
    uscc = await platform.register(101)
    await platform.grant(uscc, recognized_on="2023-07-01")  # national 小巨人, valid on the disbursement date
    await platform.knows(uscc)
    await platform.webhook(disbursed("L-1", uscc, "DEMO-L1-D"))
    await platform.webhook(interest_paid("L-1", "DEMO-L1-I1"))

    # Disbursed 2024-03-01: LPR 3.45 → 1.725%; 2024-04-01..06-30 = 90 days:
    # 10,000,000.00 × 1.725% × 90 / 360 = 43,125.00; F.1: 21,562.50 the city, 21,562.50 赛罕区 (150105).
    # (If the recognition reached finance after the bank's events, the subsidy follows it all the same.)
    [subsidy] = await eventually(lambda: platform.subsidies(uscc), what="the subsidy")
    assert (subsidy["amount"], subsidy["status"]) == ("43125.00", "computed")
    assert subsidy["funding"] == [
        {"funder": "city", "amount": "21562.50", "funder_name": "市本级"},
        {"funder": "150105", "amount": "21562.50", "funder_name": "赛罕区"},
    ]

    # finance.subsidy.computed came back over the broker into the registry's history of the enterprise.
    history = await eventually(lambda: platform.history(uscc), what="finance's event in the registry's history")
    assert verbs(history) == ["finance.subsidy.computed"]
    assert history[0]["summary"] == (
        "interest subsidy A5.1 computed on loan DEMO/L-1 (2024-04-01 to 2024-06-30): 43125.00 yuan"
    )
    # The event carries codes only; the names are the API's, beside them.
    assert history[0]["payload"]["funding"] == [
        {"funder": share["funder"], "amount": share["amount"]} for share in subsidy["funding"]
    ]


async def test_the_same_bank_event_by_webhook_and_on_the_topic_has_one_effect(finance_platform: FinancePlatform):
    platform = finance_platform
    uscc = await platform.register(102)
    await platform.grant(uscc)
    await platform.knows(uscc)
    loan, period = disbursed("L-2", uscc, "DEMO-L2-D"), interest_paid("L-2", "DEMO-L2-I1")
    # The loan and the period on the topic; the period by webhook as well, and the loan again on the topic.
    await platform.on_topic(loan, period)
    await eventually(lambda: platform.subsidies(uscc), what="the topic's events applied")
    receipt = await platform.webhook(period)
    assert (receipt["duplicate"], receipt["received_via"]) == (True, "kafka")
    await platform.on_topic(loan, period)

    await eventually(lambda: _caught_up(platform), what="the banks' topic read to its end")
    assert [s["amount"] for s in await platform.subsidies(uscc)] == ["43125.00"]
    assert [(e["type"], e["received_via"]) for e in await platform.bank_events("L-2")] == [
        ("loan.disbursed", "kafka"),
        ("loan.interest_paid", "kafka"),
    ]
    history = await eventually(lambda: platform.history(uscc), what="the history")
    assert verbs(history) == ["finance.subsidy.computed"]  # one effect, one line of history


async def test_a_revocation_in_the_registry_revokes_the_unpaid_subsidy(finance_platform: FinancePlatform):
    platform = finance_platform
    uscc = await platform.register(103)
    recognition_id = await platform.grant(uscc)
    await platform.knows(uscc)
    await platform.webhook(disbursed("L-3", uscc, "DEMO-L3-D"))
    await platform.webhook(interest_paid("L-3", "DEMO-L3-I1"))
    await eventually(lambda: platform.subsidies(uscc), what="the subsidy")
    # Revoked on 2024-06-15: the period ends on 2024-06-30, after the revocation: no subsidy for it.
    await platform.revoke(uscc, recognition_id, revoked_on="2024-06-15", reason="弄虚作假")

    async def revoked() -> list[dict]:
        history = await platform.history(uscc)
        # Both events occurred at the same (fixed) instant: the history's order between them is arbitrary.
        return history if sorted(verbs(history)) == ["finance.subsidy.computed", "finance.subsidy.revoked"] else []

    history = await eventually(revoked, what="the revocation in the registry's history")
    [revocation] = [entry for entry in history if entry["event_type"] == "finance.subsidy.revoked"]
    assert revocation["payload"]["reason"].startswith("superseded: recognition_revoked")
    [subsidy] = await platform.subsidies(uscc)
    assert subsidy["status"] == "revoked"


async def _caught_up(platform: FinancePlatform) -> bool:
    from zjtx.common.testing.broker import group_caught_up

    return await group_caught_up(platform.bootstrap, "finance-subsidy.bank-events", ["bank.loan-events"])
