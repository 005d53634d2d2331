"""Which payable a payment pays (a decision of this service; the regulation does not say): the oldest
first, by delivery (or settlement) date, each up to what it still owes once disputes are resolved.
Because the order is by date, what a payment dated on or before a day pays never depends on what
happened after that day, so the same allocation answers every as-of date."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from zjtx.payments_watch.rules.facts import Allocation, PayableFacts, PaymentFacts


def owed_in_full(payable: PayableFacts) -> int:
    """What the payable comes to once every resolution so far is applied."""
    return payable.amount_fen - sum(d.written_off_on(date.max) for d in payable.disputes)


def allocate(
    payables: Sequence[PayableFacts], payments: Sequence[PaymentFacts]
) -> tuple[dict[uuid.UUID, list[Allocation]], int]:
    """Allocations per payable, and what no payable is left to take (more than is owed)."""
    ordered = sorted(payables, key=lambda p: (p.basis_on, str(p.payable_id)))
    left = {p.payable_id: owed_in_full(p) for p in ordered}
    allocations: dict[uuid.UUID, list[Allocation]] = {p.payable_id: [] for p in ordered}
    unallocated = 0
    for payment in sorted(payments, key=lambda p: (p.paid_on, str(p.payment_id))):
        rest = payment.amount_fen
        for payable in ordered:
            if rest == 0:
                break
            share = min(rest, left[payable.payable_id])
            if share > 0:
                allocations[payable.payable_id].append(Allocation(payment.payment_id, payment.paid_on, share))
                left[payable.payable_id] -= share
                rest -= share
        unallocated += rest
    return allocations, unallocated
