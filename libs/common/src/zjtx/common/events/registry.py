"""Events the registry publishes (topics registry.enterprise, registry.recognition, registry.park).
Amounts are yuan with two decimals; dates are calendar dates in Asia/Shanghai.

Version 2 of `registered`, `updated` and `scale_reported` carries the sixteen sectors of the 2011 size
standard (v1 knew five, and a consumer of v1 would refuse the others: a breaking change, so a new
version) and, for the enterprise, the date its facts and size class took effect (`effective_on`), so
that a read model downstream keeps the history of sizes (payments-watch: the size on a contract's
signing date). The registry publishes v2; consumers accept v1 and v2 while it rolls out."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel

from zjtx.common.events import contract

# The sectors of 中小企业划型标准规定 (2011), as shared/policy/facts/reference.md names them.
Sector = Literal[
    "agriculture",
    "industry",
    "construction",
    "wholesale",
    "retail",
    "transport",
    "warehousing",
    "postal",
    "accommodation",
    "catering",
    "information_transmission",
    "software",
    "real_estate",
    "property_management",
    "leasing_business",
    "other",
]
SECTORS: tuple[str, ...] = Sector.__args__
SectorV1 = Literal["industry", "software", "wholesale", "retail", "other"]  # the sectors of the v1 events
SizeClass = Literal["large", "medium", "small", "micro"]
Tier = Literal[
    "municipal_zjtx",
    "region_zjtx",
    "region_little_giant",
    "national_little_giant",
    "single_champion",
    "innovative_sme",
]


class EnterpriseSnapshot(BaseModel):
    """registered v1, updated v1 (with `changed`): the enterprise as it now stands."""

    uscc: str
    name: str
    district_code: str
    sector: SectorV1
    cluster: str | None
    employees: int
    annual_revenue: Decimal
    total_assets: Decimal | None
    size_class: SizeClass
    is_sme: bool
    registered_on: date
    park_id: uuid.UUID | None
    changed: list[str] = []
    # The day from which this size (and the figures it comes from) holds, when the registry knows it;
    # without it a consumer takes the event's occurred_at date (Asia/Shanghai). Version 2 always has it.
    effective_on: date | None = None


class EnterpriseFactsSnapshot(BaseModel):
    """registered v2, updated v2: the enterprise's facts and size class as they stand from `effective_on`
    until its next change (registered: from `registered_on`). A change recorded late, for an earlier
    date, publishes one `updated` for each version it touched, each with its own `effective_on`; a read
    model keeps, per enterprise, the snapshot of each `effective_on` (the latest event for a date wins)."""

    uscc: str
    name: str
    district_code: str
    sector: Sector
    cluster: str | None
    employees: int
    annual_revenue: Decimal
    total_assets: Decimal | None
    size_class: SizeClass
    is_sme: bool
    registered_on: date
    park_id: uuid.UUID | None
    effective_on: date
    changed: list[str] = []


class EnterpriseRelocatedIn(BaseModel):
    """relocated_in v1 (A1.3): the enterprise moved its registration into Hohhot."""

    uscc: str
    moved_in_on: date
    moved_from: str
    moved_from_division_code: str | None = None
    district_code: str


class EnterpriseScaleReported(BaseModel):
    """scale_reported v1 (A4): one year's main-business revenue and whether that is above scale."""

    uscc: str
    year: int
    main_business_revenue: Decimal
    above_scale: bool
    threshold: Decimal
    sector: Sector
    district_code: str


class EnterpriseScaleReportedV2(BaseModel):
    """scale_reported v2 (A4): as v1, in any of the sixteen sectors; for sectors that go by licence
    (construction, real estate) `threshold` is null and `qualified_by_licence` says it."""

    uscc: str
    year: int
    main_business_revenue: Decimal
    above_scale: bool
    threshold: Decimal | None
    qualified_by_licence: bool | None = None
    sector: Sector
    district_code: str


class RecognitionEvent(BaseModel):
    """granted / renewed / revoked / expired v1 (A1.1, A1.2, A5.1)."""

    recognition_id: uuid.UUID
    uscc: str
    tier: Tier
    document_no: str
    recognized_on: date
    expires_on: date
    renewal: bool
    # True when the enterprise held a recognition of this tier before this one ("newly recognised", A1).
    held_tier_before: bool
    status: Literal["valid", "renewed", "expired", "revoked"]
    district_code: str
    revoked_on: date | None = None
    revoked_reason: str | None = None


class RecognitionWithdrawn(BaseModel):
    """withdrawn v1 (a correction, issue 12 item 2): the recognition was recorded in error and never held.
    A consumer forgets it as a fact (what it brought no longer stands) and keeps the reason."""

    recognition_id: uuid.UUID
    uscc: str
    tier: Tier
    document_no: str
    recognized_on: date
    district_code: str
    reason: str


class CreditListEntry(BaseModel):
    """credit_listed / credit_list_removed v1 (信用核查, A13.2's red and black lists): an entry of a credit
    list as it now stands. `black` is the serious-dishonesty list (严重失信主体名单), `red` a list of good
    credit; the enterprise is on it from `listed_on` up to the day before `removed_on` (null: still on it).
    A consumer keeps the latest state per `entry_id`. `reason_zh` (optional, still v1): the reason in
    Chinese when the registry wrote it (an inspection's entry); null for a client's typed reason."""

    entry_id: uuid.UUID
    uscc: str
    list: Literal["red", "black"]
    listed_on: date
    removed_on: date | None = None
    authority: str
    reason: str | None = None
    district_code: str
    reason_zh: str | None = None


class ParkQualified(BaseModel):
    """qualified v1 (A1.park): the park reached the threshold of enterprises with a valid recognition."""

    park_id: uuid.UUID
    name: str
    district_code: str
    qualified_on: date
    zjtx_count: int


ENTERPRISE_REGISTERED = contract("registry.enterprise.registered", 1, EnterpriseSnapshot)
ENTERPRISE_UPDATED = contract("registry.enterprise.updated", 1, EnterpriseSnapshot)
ENTERPRISE_RELOCATED_IN = contract("registry.enterprise.relocated_in", 1, EnterpriseRelocatedIn)
ENTERPRISE_SCALE_REPORTED = contract("registry.enterprise.scale_reported", 1, EnterpriseScaleReported)
ENTERPRISE_REGISTERED_V2 = contract("registry.enterprise.registered", 2, EnterpriseFactsSnapshot)
ENTERPRISE_UPDATED_V2 = contract("registry.enterprise.updated", 2, EnterpriseFactsSnapshot)
ENTERPRISE_SCALE_REPORTED_V2 = contract("registry.enterprise.scale_reported", 2, EnterpriseScaleReportedV2)
ENTERPRISE_CREDIT_LISTED = contract("registry.enterprise.credit_listed", 1, CreditListEntry)
ENTERPRISE_CREDIT_LIST_REMOVED = contract("registry.enterprise.credit_list_removed", 1, CreditListEntry)
RECOGNITION_GRANTED = contract("registry.recognition.granted", 1, RecognitionEvent)
RECOGNITION_RENEWED = contract("registry.recognition.renewed", 1, RecognitionEvent)
RECOGNITION_REVOKED = contract("registry.recognition.revoked", 1, RecognitionEvent)
RECOGNITION_EXPIRED = contract("registry.recognition.expired", 1, RecognitionEvent)
RECOGNITION_WITHDRAWN = contract("registry.recognition.withdrawn", 1, RecognitionWithdrawn)
PARK_QUALIFIED = contract("registry.park.qualified", 1, ParkQualified)

TOPICS = ("registry.enterprise", "registry.recognition", "registry.park")
