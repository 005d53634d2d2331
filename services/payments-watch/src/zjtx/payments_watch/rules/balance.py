"""A payable's balance day by day (RULES A10 counting decisions). On a day t after the due date:

- overdue on t = amount − paid up to and including t − what disputes keep back on t (not below 0);
- bearing interest on t = amount − paid before t − what disputes keep back on t (not below 0): each
  yuan paid late bears interest from the due date (excluded) to its payment date (included), what is
  still unpaid up to the day of the computation.

A dispute keeps its amount back from the day it is raised to the day it is resolved (both included:
the part found owed falls due on the resolution day); after that the part not upheld is no longer owed.
The functions are step functions of t, so sums run over the days where something changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

from zjtx.payments_watch.rules.facts import Allocation, DisputeFacts

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Segment:
    """Days `first`..`last` (both included) on which `balance_fen` bore interest."""

    first: date
    last: date
    balance_fen: int

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class Ledger:
    amount_fen: int
    allocations: tuple[Allocation, ...]
    disputes: tuple[DisputeFacts, ...]

    def paid_through(self, day: date) -> int:
        return sum(a.amount_fen for a in self.allocations if a.paid_on <= day)

    def excluded_on(self, day: date) -> int:
        return sum(d.excluded_on(day) for d in self.disputes)

    def written_off_on(self, day: date) -> int:
        return sum(d.written_off_on(day) for d in self.disputes)

    def held_on(self, day: date) -> int:
        """Disputed and not (yet) due on `day`: open disputes, and the upheld part on its resolution day."""
        return self.excluded_on(day) - self.written_off_on(day)

    def outstanding_on(self, day: date) -> int:
        """Still owed at the end of `day` (disputed parts included, what a resolution wrote off not)."""
        return max(0, self.amount_fen - self.written_off_on(day) - self.paid_through(day))

    def overdue_on(self, day: date, due_on: date) -> int:
        if day <= due_on:
            return 0
        return max(0, self.amount_fen - self.paid_through(day) - self.excluded_on(day))

    def _bearing_on(self, day: date) -> int:
        return max(0, self.amount_fen - self.paid_through(day - ONE_DAY) - self.excluded_on(day))

    def interest_segments(self, due_on: date, as_of: date) -> list[Segment]:
        """The days after `due_on` up to `as_of` on which something bore interest, as runs of one balance."""
        first = due_on + ONE_DAY
        if as_of < first:
            return []
        changes = {first, as_of + ONE_DAY}
        changes |= {a.paid_on + ONE_DAY for a in self.allocations}
        for dispute in self.disputes:
            changes.add(dispute.raised_on)
            if dispute.resolved_on is not None:
                changes.add(dispute.resolved_on + ONE_DAY)
        points = sorted(day for day in changes if first <= day <= as_of + ONE_DAY)
        segments: list[Segment] = []
        for start, end in pairwise(points):
            balance = self._bearing_on(start)
            if balance == 0:
                continue
            last = end - ONE_DAY
            if segments and segments[-1].balance_fen == balance and segments[-1].last + ONE_DAY == start:
                segments[-1] = Segment(segments[-1].first, last, balance)
            else:
                segments.append(Segment(start, last, balance))
        return segments

    def overdue_from(self, due_on: date) -> date | None:
        """The first day the payable is overdue, on the facts known (only a resolution can raise the
        balance again once it fell, so those are the only other days to look at)."""
        candidates = sorted(
            {due_on + ONE_DAY}
            | {d.resolved_on + ONE_DAY for d in self.disputes if d.resolved_on is not None and d.resolved_on > due_on}
        )
        for day in candidates:
            if self.overdue_on(day, due_on) > 0:
                return day
        return None

    def settled_on(self) -> date | None:
        """The day nothing more was owed (payments and write-offs only ever lower what is owed)."""
        days = sorted({a.paid_on for a in self.allocations} | {d.resolved_on for d in self.disputes if d.resolved_on})
        for day in days:
            if self.outstanding_on(day) == 0:
                return day
        return None


def interest_of(segments: list[Segment], daily_rate: Decimal) -> Decimal:
    """Σ balance × days × the daily rate, in fen, not rounded (rounded once per contract and computation)."""
    return sum((Decimal(s.balance_fen) * s.days * daily_rate for s in segments), Decimal(0))
