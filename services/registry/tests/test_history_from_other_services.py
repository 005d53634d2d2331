"""One enterprise file: what the finance, payments and hotline services publish about an enterprise
joins its history, as the registry's consumer applies it (through the inbox, in the test's
transaction). An event naming an enterprise the registry does not know fails (to be dead-lettered and
re-driven), except a 12345 ticket: callers need not be registered."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from zjtx.common.events import finance, hotline, payments
from zjtx.common.messaging.envelope import make_envelope
from zjtx.common.testing.registry_events import apply
from zjtx.registry.errors import EnterpriseNotFound

from .factories import make_uscc, register

AT = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)


def _envelope(contract, key: str, payload, producer: str, *, minute: int = 0):
    at = AT + timedelta(minutes=minute)
    return make_envelope(contract, key=key, payload=payload, producer=producer, occurred_at=at)


async def _history(client, keys, uscc: str) -> list[str]:
    response = await client.get(
        f"/v1/enterprises/{uscc}/history", params={"limit": 200}, headers=keys.headers("reader")
    )
    return [item["summary"] for item in response.json()["items"] if item["producer"] != "registry"]


async def test_subsidies_flags_payables_and_tickets_join_the_history(client, keys, sessions, handlers):
    uscc = await register(client, keys, 701)
    subsidy = finance.SubsidyEvent(
        subsidy_id=uuid.uuid4(),
        uscc=uscc,
        bank_code="DEMO",
        loan_id="L-1",
        rule="A5.1",
        amount=Decimal("1550.00"),
        status="computed",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 4, 1),
    )
    violation = finance.RateViolationFlagged(
        uscc=uscc,
        bank_code="DEMO",
        loan_id="L-2",
        annual_rate=Decimal("4.11"),
        ceiling=Decimal("4.10"),
        lpr=Decimal("3.10"),
        lpr_published_on=date(2024, 10, 21),
        disbursed_on=date(2025, 1, 6),
    )
    overdue = payments.PayableOverdue(
        payable_id=uuid.uuid4(),
        contract_no="HT-2025-001",
        buyer_code="B-001",
        seller_uscc=uscc,
        amount=Decimal("80000.00"),
        outstanding=Decimal("30000.00"),
        due_on=date(2025, 7, 31),
        regulation_version="2025",
    )
    ticket = hotline.TicketEvent(
        ticket_id=uuid.uuid4(),
        external_id="12345-0001",
        status="received",
        category="arrears",
        department=None,
        uscc=uscc,
        enterprise_known=True,
        enterprise_name="呼和浩特示例企业701",
        title="货款逾期未付",
        received_at=AT,
        buyer_code="B-001",
    )
    applied = await apply(
        sessions,
        handlers,
        _envelope(finance.SUBSIDY_COMPUTED, uscc, subsidy, "finance-subsidy"),
        _envelope(finance.RATE_VIOLATION_FLAGGED, "DEMO/L-2", violation, "finance-subsidy", minute=1),
        _envelope(payments.PAYABLE_BECAME_OVERDUE, "HT-2025-001", overdue, "payments-watch", minute=2),
        _envelope(hotline.TICKET_RECEIVED, str(ticket.ticket_id), ticket, "hotline", minute=3),
    )
    assert applied == [True, True, True, True]
    assert await _history(client, keys, uscc) == [
        "interest subsidy A5.1 computed on loan DEMO/L-1 (2025-01-01 to 2025-04-01): 1550.00 yuan",
        "助保贷 loan DEMO/L-2 at 4.11% is above the ceiling 4.10% (A5.2)",
        "B-001 owes 30000.00 yuan on contract HT-2025-001, due 2025-07-31: overdue",
        "12345 ticket 12345-0001 (arrears) received: 货款逾期未付",
    ]


async def test_a_ticket_of_an_unregistered_enterprise_is_no_error_and_no_history(sessions, handlers):
    stranger = make_uscc(702)
    ticket = hotline.TicketEvent(
        ticket_id=uuid.uuid4(),
        external_id="12345-0002",
        status="received",
        category="other",
        department=None,
        uscc=stranger,
        enterprise_known=False,
        enterprise_name="未登记企业",
        title="咨询政策",
        received_at=AT,
    )
    assert await apply(sessions, handlers, _envelope(hotline.TICKET_RECEIVED, "t", ticket, "hotline")) == [True]


async def test_a_payable_of_an_unknown_seller_fails_to_be_retried_and_dead_lettered(sessions, handlers):
    paid = payments.PayablePaid(
        payable_id=uuid.uuid4(),
        contract_no="HT-X",
        buyer_code="B-002",
        seller_uscc=make_uscc(703),
        amount_paid=Decimal("100.00"),
        paid_on=date(2025, 8, 1),
        outstanding=Decimal("0.00"),
        days_late=3,
    )
    with pytest.raises(EnterpriseNotFound):
        await apply(sessions, handlers, _envelope(payments.PAYABLE_PAID, "HT-X", paid, "payments-watch"))
