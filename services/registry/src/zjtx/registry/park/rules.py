"""A1.park, the day a park qualifies for the plaque: pure, the tenancies and recognitions passed in.

RULES decision: the park qualifies on the latest of the first day on which ten of its tenants held a
valid recognition at the same time, the day the tenth of those tenants joined the park, and the policy's
first day. Read as one condition: the first day, not before the policy and not after today, on which at
least `threshold` enterprises are tenants of the park and hold a valid 专精特新 recognition. The count
only rises on a day a tenancy or a recognition begins, so those days (and the policy's first) are the
only ones to try."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

Span = tuple[date, date | None]  # [from, until): until None = still running


@dataclass(frozen=True)
class Tenant:
    tenancies: tuple[Span, ...]  # the periods the enterprise was in the park
    recognitions: tuple[Span, ...]  # the periods it held a valid 专精特新 recognition (any level)

    def counts_on(self, day: date) -> bool:
        return _within(self.tenancies, day) and _within(self.recognitions, day)


@dataclass(frozen=True)
class Qualification:
    qualified_on: date
    count: int


def count_on(tenants: dict[str, Tenant], day: date) -> int:
    """Tenants of the park on `day` holding a valid recognition that day."""
    return sum(1 for tenant in tenants.values() if tenant.counts_on(day))


def qualification(
    tenants: dict[str, Tenant], *, threshold: int, policy_start: date, today: date
) -> Qualification | None:
    """The first day from `policy_start` to `today` on which `threshold` tenants count, or None."""
    starts = {start for tenant in tenants.values() for start, _ in (*tenant.tenancies, *tenant.recognitions)}
    for day in sorted({policy_start} | {d for d in starts if policy_start < d <= today}):
        if day > today:
            break
        counted = count_on(tenants, day)
        if counted >= threshold:
            return Qualification(day, counted)
    return None


def _within(spans: tuple[Span, ...], day: date) -> bool:
    return any(start <= day and (until is None or day < until) for start, until in spans)
