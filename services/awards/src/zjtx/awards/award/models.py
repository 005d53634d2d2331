from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from zjtx.awards.base import Base
from zjtx.common.db import TimestampedMixin, UUIDKeyMixin
from zjtx.common.workflow import COMMITTED, FINAL, STATUSES, ApprovalColumns


class Award(UUIDKeyMixin, TimestampedMixin, ApprovalColumns, Base):
    """An amount the policy grants, with the explanation it was computed with. `dedup_key` is unique:
    the database itself refuses a second one-time award (A1.2/A1.3 once per enterprise, …)."""

    __tablename__ = "awards"

    dedup_key: Mapped[str] = mapped_column(String(300), unique=True)
    uscc: Mapped[str | None] = mapped_column(String(18), index=True)
    park_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    subject_name: Mapped[str] = mapped_column(String(200))
    district_code: Mapped[str] = mapped_column(String(10), index=True)
    rule: Mapped[str] = mapped_column(String(20), index=True)
    monetary: Mapped[bool]
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    reference_date: Mapped[date] = mapped_column(index=True)
    parameters_version: Mapped[str] = mapped_column(String(100))
    explanation: Mapped[dict[str, Any]] = mapped_column(JSONB)
    # Where it came from: the event (免申即享) or the claim.
    source_event_id: Mapped[uuid.UUID | None]
    source_recognition_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    claim_id: Mapped[uuid.UUID | None]

    funding: Mapped[list[AwardFunding]] = relationship(lazy="raise", order_by="AwardFunding.position")


class AwardFunding(Base):
    """F.1: who pays which part of an award; the parts add up to the amount to the fen."""

    __tablename__ = "award_funding"

    award_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("awards.id", ondelete="CASCADE"), primary_key=True)
    funder: Mapped[str] = mapped_column(String(10), primary_key=True)
    position: Mapped[int]
    amount_fen: Mapped[int] = mapped_column(BigInteger)


__all__ = ["COMMITTED", "FINAL", "STATUSES", "Award", "AwardFunding"]
