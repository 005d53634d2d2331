"""Builders for every registry event, as a downstream consumer receives them, and `apply()` to feed
them to a service's handlers in the test's transaction (each event once, through the inbox)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from zjtx.common.clock import CHINA
from zjtx.common.events import EventContract
from zjtx.common.events import registry as ev
from zjtx.common.messaging.consumer import EventHandlers
from zjtx.common.messaging.envelope import Envelope, make_envelope
from zjtx.common.testing.uscc import make_uscc

RECOGNITION_EVENTS = {
    "granted": ev.RECOGNITION_GRANTED,
    "renewed": ev.RECOGNITION_RENEWED,
    "revoked": ev.RECOGNITION_REVOKED,
    "expired": ev.RECOGNITION_EXPIRED,
}


def _envelope(contract: EventContract, key: str, payload) -> Envelope:
    return make_envelope(
        contract, key=key, payload=payload, producer="registry", occurred_at=datetime(2025, 9, 1, 9, 0, tzinfo=CHINA)
    )


REGISTERED_ON = date(2019, 5, 8)


def registration_body(uscc: str, *, name: str = "示例企业", **overrides: Any) -> dict[str, Any]:
    """What a client POSTs to the registry's /v1/enterprises for the enterprise `registered` describes: a
    small industrial SME of 赛罕区 in the agri-food cluster, registered on 2019-05-08; `overrides` change
    or add fields."""
    return {
        "uscc": uscc,
        "name": name,
        "district_code": "150105",
        "sector": "industry",
        "cluster": "agri_food",
        "employees": 120,
        "annual_revenue": "35000000.00",
        "total_assets": "52000000.00",
        "registered_on": REGISTERED_ON.isoformat(),
        **overrides,
    }


def registered(
    uscc: str,
    *,
    contract: EventContract = ev.ENTERPRISE_REGISTERED_V2,
    name: str = "示例企业",
    district_code: str = "150105",
    cluster: str | None = "agri_food",
    size_class: str = "small",
    sector: str = "industry",
    effective_on: date | None = None,
) -> Envelope:
    """registered (or, with `contract=ENTERPRISE_UPDATED_V2`, updated): a small industrial SME of 赛罕区
    registered on 2019-05-08, its facts in effect from `effective_on` (default: its registration). With a
    version 1 contract, the v1 payload, which has no effective date."""
    facts = {
        "uscc": uscc,
        "name": name,
        "district_code": district_code,
        "sector": sector,
        "cluster": cluster,
        "employees": 120,
        "annual_revenue": Decimal("35000000.00"),
        "total_assets": None,
        "size_class": size_class,
        "is_sme": size_class != "large",
        "registered_on": REGISTERED_ON,
        "park_id": None,
    }
    if contract.version == 1:
        return _envelope(contract, uscc, ev.EnterpriseSnapshot(**facts))
    return _envelope(contract, uscc, ev.EnterpriseFactsSnapshot(**facts, effective_on=effective_on or REGISTERED_ON))


def recognition(
    uscc: str,
    tier: str,
    recognized_on: date,
    *,
    verb: str = "granted",
    renewal: bool = False,
    held_tier_before: bool = False,
    status: str = "valid",
    recognition_id: uuid.UUID | None = None,
    expires_on: date | None = None,
    revoked_on: date | None = None,
    district_code: str = "150105",
) -> Envelope:
    expires_on = expires_on or recognized_on.replace(year=recognized_on.year + 3)
    return _envelope(
        RECOGNITION_EVENTS[verb],
        uscc,
        ev.RecognitionEvent(
            recognition_id=recognition_id or uuid.uuid4(),
            uscc=uscc,
            tier=tier,
            document_no="呼工信发〔2024〕1号",
            recognized_on=recognized_on,
            expires_on=expires_on,
            renewal=renewal,
            held_tier_before=held_tier_before,
            status=status,
            district_code=district_code,
            revoked_on=revoked_on,
            revoked_reason="造假" if revoked_on else None,
        ),
    )


def withdrawn(
    uscc: str,
    tier: str,
    recognized_on: date,
    *,
    recognition_id: uuid.UUID,
    reason: str = "录入错误：认定文件属于另一家企业",
    district_code: str = "150105",
) -> Envelope:
    """A recognition the registry withdrew as recorded in error (it never held)."""
    return _envelope(
        ev.RECOGNITION_WITHDRAWN,
        uscc,
        ev.RecognitionWithdrawn(
            recognition_id=recognition_id,
            uscc=uscc,
            tier=tier,
            document_no="呼工信发〔2024〕1号",
            recognized_on=recognized_on,
            district_code=district_code,
            reason=reason,
        ),
    )


def relocated(
    uscc: str, moved_in_on: date, *, district_code: str = "150105", moved_from_division_code: str | None = "110108"
) -> Envelope:
    """A move into Hohhot from 北京市海淀区 (110108), outside the city (A1.3)."""
    return _envelope(
        ev.ENTERPRISE_RELOCATED_IN,
        uscc,
        ev.EnterpriseRelocatedIn(
            uscc=uscc,
            moved_in_on=moved_in_on,
            moved_from="北京市海淀区",
            moved_from_division_code=moved_from_division_code,
            district_code=district_code,
        ),
    )


def scale_reported(uscc: str, year: int, above: bool, *, district_code: str = "150105") -> Envelope:
    """An industrial year's report (v2): 25,000,000.00 (above the 20,000,000.00 threshold) or 15,000,000.00."""
    revenue = Decimal("25000000.00") if above else Decimal("15000000.00")
    return _envelope(
        ev.ENTERPRISE_SCALE_REPORTED_V2,
        uscc,
        ev.EnterpriseScaleReportedV2(
            uscc=uscc,
            year=year,
            main_business_revenue=revenue,
            above_scale=above,
            threshold=Decimal("20000000.00"),
            sector="industry",
            district_code=district_code,
        ),
    )


def credit_listed(
    uscc: str,
    listed_on: date,
    *,
    entry_id: uuid.UUID | None = None,
    reason: str = "inspection 安全生产: 存在重大隐患",
    reason_zh: str | None = "安全生产检查：存在重大隐患",
    district_code: str = "150105",
) -> Envelope:
    """An inspection's black list entry (信用核查) by 市市场监督管理局, still on it: its reason as the
    registry writes it, in English and in Chinese (`reason_zh=None`: a typed reason, or an older event)."""
    return _envelope(
        ev.ENTERPRISE_CREDIT_LISTED,
        uscc,
        ev.CreditListEntry(
            entry_id=entry_id or uuid.uuid4(),
            uscc=uscc,
            list="black",
            listed_on=listed_on,
            authority="市市场监督管理局",
            reason=reason,
            district_code=district_code,
            reason_zh=reason_zh,
        ),
    )


def park_qualified(park_id: uuid.UUID, *, count: int = 10, district_code: str = "Z-JSGX") -> Envelope:
    return _envelope(
        ev.PARK_QUALIFIED,
        str(park_id),
        ev.ParkQualified(
            park_id=park_id,
            name="金山高新区智能制造产业园",
            district_code=district_code,
            qualified_on=date(2025, 3, 1),
            zjtx_count=count,
        ),
    )


async def apply(sessions, handlers: EventHandlers, *envelopes: Envelope) -> list[bool]:
    """Apply events as the consumer would: each in its own transaction, once (inbox)."""
    applied = []
    for envelope in envelopes:
        async with sessions() as session, session.begin():
            applied.append(await handlers.apply(session, envelope))
    return applied


__all__ = [
    "apply",
    "credit_listed",
    "make_uscc",
    "park_qualified",
    "recognition",
    "registered",
    "relocated",
    "scale_reported",
]
