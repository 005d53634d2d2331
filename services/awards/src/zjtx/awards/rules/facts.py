"""What the rules know of an enterprise: plain values, from the read models or from a calculator request."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

# 专精特新 levels (any of them makes a "专精特新 SME", A2.2); the tiers of A3 (rent and land).
ZJTX_TIERS = frozenset({"municipal_zjtx", "region_zjtx", "region_little_giant", "national_little_giant"})
LITTLE_GIANT_OR_CHAMPION = frozenset({"national_little_giant", "region_little_giant", "single_champion"})


@dataclass(frozen=True)
class RecognitionFact:
    tier: str
    recognized_on: date
    expires_on: date
    renewal: bool = False
    held_tier_before: bool = False
    revoked_on: date | None = None
    recognition_id: uuid.UUID | None = None

    def valid_on(self, day: date) -> bool:
        if not (self.recognized_on <= day < self.expires_on):
            return False
        return self.revoked_on is None or day < self.revoked_on

    def valid_during(self, year: int) -> bool:
        """Valid on at least one day of the calendar year."""
        start, end = date(year, 1, 1), date(year, 12, 31)
        last_valid = self.expires_on if self.revoked_on is None else min(self.expires_on, self.revoked_on)
        return self.recognized_on <= end and last_valid > start and last_valid > self.recognized_on


@dataclass(frozen=True)
class RelocationFact:
    moved_in_on: date
    moved_from: str = ""


@dataclass(frozen=True)
class EnterpriseFacts:
    uscc: str
    district_code: str
    cluster: str | None = None
    is_sme: bool = True
    name: str = ""
    recognitions: tuple[RecognitionFact, ...] = ()
    relocations: tuple[RelocationFact, ...] = ()
    # year -> above scale (A4); only the years reported
    scale_years: dict[int, bool] = field(default_factory=dict)

    def holds(self, tiers: frozenset[str], on: date) -> list[RecognitionFact]:
        return [r for r in self.recognitions if r.tier in tiers and r.valid_on(on)]

    def holds_during(self, tiers: frozenset[str], year: int) -> list[RecognitionFact]:
        return [r for r in self.recognitions if r.tier in tiers and r.valid_during(year)]
