"""Events the registry publishes (topics registry.enterprise, registry.recognition, registry.park).
Amounts are yuan with two decimals; dates are calendar dates in Asia/Shanghai."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel

from zjtx.common.events import contract

Sector = Literal["industry", "software", "wholesale", "retail", "other"]
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
    sector: Sector
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
    # without it a consumer takes the event's occurred_at date (Asia/Shanghai).
    effective_on: date | None = None


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
RECOGNITION_GRANTED = contract("registry.recognition.granted", 1, RecognitionEvent)
RECOGNITION_RENEWED = contract("registry.recognition.renewed", 1, RecognitionEvent)
RECOGNITION_REVOKED = contract("registry.recognition.revoked", 1, RecognitionEvent)
RECOGNITION_EXPIRED = contract("registry.recognition.expired", 1, RecognitionEvent)
PARK_QUALIFIED = contract("registry.park.qualified", 1, ParkQualified)

TOPICS = ("registry.enterprise", "registry.recognition", "registry.park")
