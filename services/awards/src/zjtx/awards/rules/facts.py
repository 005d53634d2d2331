"""What the rules know of an enterprise: plain values, from the read models or from a calculator request.
Each fact names its `source` (`recognition:<id>` live, `recognitions[0]` in the calculator), so that a
decision can say what it was made from."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from zjtx.common.dates import EARLIEST_FACT_DATE

# 专精特新 levels (any of them makes a "专精特新 SME", A2.2); the tiers of A3 (rent and land).
ZJTX_TIERS = frozenset({"municipal_zjtx", "region_zjtx", "region_little_giant", "national_little_giant"})
LITTLE_GIANT_OR_CHAMPION = frozenset({"national_little_giant", "region_little_giant", "single_champion"})
HOHHOT_DIVISION_PREFIX = "1501"
# The credit list that bars an award (issue 12, item 4: 信用核查): the serious-dishonesty list.
BLACK_LIST = "black"


@dataclass(frozen=True)
class RecognitionFact:
    tier: str
    recognized_on: date
    expires_on: date
    renewal: bool = False
    # What the registry said when it recorded it; the rules work it out from the recognitions instead.
    held_tier_before: bool = False
    revoked_on: date | None = None
    recognition_id: uuid.UUID | None = None
    source: str = ""
    revoked_reason: str | None = None
    # Withdrawn as recorded in error: it never held (the procedure leaves it out of every rule).
    withdrawn_reason: str | None = None

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_reason is not None

    @property
    def revoked(self) -> bool:
        return self.revoked_on is not None

    def valid_on(self, day: date) -> bool:
        if not (self.recognized_on <= day < self.expires_on):
            return False
        return self.revoked_on is None or day < self.revoked_on

    def valid_during(self, year: int) -> bool:
        """Valid on at least one day of the calendar year."""
        start, end = date(year, 1, 1), date(year, 12, 31)
        last_valid = self.expires_on if self.revoked_on is None else min(self.expires_on, self.revoked_on)
        return self.recognized_on <= end and last_valid > start and last_valid > self.recognized_on

    def revoked_during(self, year: int) -> bool:
        return self.revoked_on is not None and self.revoked_on.year == year


@dataclass(frozen=True)
class RelocationFact:
    moved_in_on: date
    moved_from: str = ""
    moved_from_division_code: str | None = None
    source: str = ""


@dataclass(frozen=True)
class CreditListFact:
    """An entry of a credit list (信用名单) the registry recorded: `black` is the serious-dishonesty list
    (严重失信主体名单, 黑名单), `red` a list of good credit (红名单). On the list from `listed_on` up to the
    day before `removed_on` (the day it was taken off, after 信用修复), or for good when that is None."""

    list: str
    listed_on: date
    removed_on: date | None = None
    authority: str = ""
    reason: str = ""
    source: str = ""
    reason_zh: str | None = None  # the reason in Chinese, when the registry wrote it

    def on_list(self, day: date) -> bool:
        return self.listed_on <= day and (self.removed_on is None or day < self.removed_on)


@dataclass(frozen=True)
class SizeFact:
    """The enterprise's size class (None when only the SME flag is known) and cluster from `effective_on`."""

    effective_on: date
    size_class: str | None
    is_sme: bool
    cluster: str | None


@dataclass(frozen=True)
class EnterpriseFacts:
    uscc: str
    district_code: str
    cluster: str | None = None  # as it stands now
    is_sme: bool = True  # as it stands now
    name: str = ""
    recognitions: tuple[RecognitionFact, ...] = ()
    relocations: tuple[RelocationFact, ...] = ()
    # year -> above scale (A4); only the years reported
    scale_years: dict[int, bool] = field(default_factory=dict)
    # The history of sizes and clusters, oldest first (RULES: the size class on the date the rule names).
    # Empty: only today's `is_sme` and `cluster` are known, and they are taken for every date.
    sizes: tuple[SizeFact, ...] = ()
    # Credit list entries (信用核查): none known means none recorded.
    credit_lists: tuple[CreditListFact, ...] = ()

    def black_listed_on(self, day: date) -> CreditListFact | None:
        """The serious-dishonesty list entry (黑名单) the enterprise is on on `day`, the earliest listed."""
        entries = [e for e in self.credit_lists if e.list == BLACK_LIST and e.on_list(day)]
        return min(entries, key=lambda e: e.listed_on) if entries else None

    def holds(self, tiers: frozenset[str], on: date) -> list[RecognitionFact]:
        return [r for r in self.recognitions if r.tier in tiers and r.valid_on(on)]

    def holds_during(self, tiers: frozenset[str], year: int) -> list[RecognitionFact]:
        return [r for r in self.recognitions if r.tier in tiers and r.valid_during(year)]

    def size_on(self, day: date) -> SizeFact | None:
        """The size (and cluster) in force on `day`, None when no size is on record for it."""
        if not self.sizes:
            return SizeFact(EARLIEST_FACT_DATE, None, self.is_sme, self.cluster)
        started = [size for size in self.sizes if size.effective_on <= day]
        return started[-1] if started else None

    def not_sme_on(self, day: date) -> str | None:
        """Why the enterprise is not an SME on `day` (or its size is not known), None when it is one."""
        size = self.size_on(day)
        if size is None:
            return f"no size class on record for {day}"
        if size.is_sme:
            return None
        return f"not an SME on {day}" + (f" ({size.size_class})" if size.size_class else "")

    def not_sme_on_zh(self, day: date) -> str | None:
        """`not_sme_on` as a Chinese reader reads it."""
        size = self.size_on(day)
        if size is None:
            return f"{day}无企业规模类型记录"
        if size.is_sme:
            return None
        return f"{day}不属于中小企业" + (f"（{size.size_class}）" if size.size_class else "")

    def cluster_on(self, day: date) -> str | None:
        size = self.size_on(day)
        return size.cluster if size is not None else None
