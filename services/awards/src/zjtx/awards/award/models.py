from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from zjtx.awards.base import Base
from zjtx.common.db import TimestampedMixin, UUIDKeyMixin
from zjtx.common.workflow import COMMITTED, FINAL, HOLDING, PAID, STATUSES, ApprovalColumns

# The place an award holds (its dedup key) is unique among the awards that hold one: a rejected award
# frees it (RULES: "A rejected award frees its place"), and so does one revoked because the facts no
# longer support it (the facts then decide the place anew: the same facts never bring it back).
HOLDS_ITS_PLACE = text("status NOT IN ('rejected', 'revoked')")


class Award(UUIDKeyMixin, TimestampedMixin, ApprovalColumns, Base):
    """An amount the policy grants, with the explanation it was computed with. The database refuses a
    second award holding the same place (`dedup_key`: A1.2/A1.3 once per enterprise, A2.1 once ever, one
    per A3.rent year, …). `source` names what it was decided from (`claim:<id>`, `recognition:<id>`,
    `relocation:<date>`, `scale:<year>`, `park:<id>`)."""

    __tablename__ = "awards"
    __table_args__ = (Index("uq_awards_dedup_key_holding", "dedup_key", unique=True, postgresql_where=HOLDS_ITS_PLACE),)

    dedup_key: Mapped[str] = mapped_column(String(300), index=True)
    source: Mapped[str | None] = mapped_column(String(120))
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
    # Case handling (issue 12, item 3): what the reviewer and the approver noted, and who rejected it, when.
    review_note: Mapped[str | None] = mapped_column(Text)
    approval_note: Mapped[str | None] = mapped_column(Text)
    rejected_by: Mapped[str | None] = mapped_column(String(100))
    rejected_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Public notice (公示, issue 12 item 5): reviewing puts the award on notice from the review day to the
    # last of its working days; approval waits until after it, with no open objection.
    notice_starts_on: Mapped[date | None]
    notice_ends_on: Mapped[date | None]

    funding: Mapped[list[AwardFunding]] = relationship(lazy="raise", order_by="AwardFunding.position")


class AwardRecovery(UUIDKeyMixin, TimestampedMixin, Base):
    """Money that came back of an award flagged `recovery_due` (追回), as the treasury records it: in one
    payment or several; once they add up to what is due, the award is `recovered`."""

    __tablename__ = "award_recoveries"

    award_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("awards.id", ondelete="CASCADE"), index=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    reference: Mapped[str] = mapped_column(String(100))
    recovered_on: Mapped[date]
    recorded_by: Mapped[str] = mapped_column(String(100))


class AwardObjection(UUIDKeyMixin, TimestampedMixin, Base):
    """An objection to an award on public notice (公示异议): who raised it and why, recorded by an officer; open
    until resolved (who resolved it, when, how). An open objection holds the approval."""

    __tablename__ = "award_objections"

    award_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("awards.id", ondelete="CASCADE"), index=True)
    raised_by: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(100))
    resolved_by: Mapped[str | None] = mapped_column(String(100))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolution: Mapped[str | None] = mapped_column(Text)


class AwardFunding(Base):
    """F.1: who pays which part of an award; the parts add up to the amount to the fen."""

    __tablename__ = "award_funding"

    award_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("awards.id", ondelete="CASCADE"), primary_key=True)
    funder: Mapped[str] = mapped_column(String(10), primary_key=True)
    position: Mapped[int]
    amount_fen: Mapped[int] = mapped_column(BigInteger)


__all__ = [
    "COMMITTED",
    "FINAL",
    "HOLDING",
    "HOLDS_ITS_PLACE",
    "PAID",
    "STATUSES",
    "Award",
    "AwardFunding",
    "AwardObjection",
    "AwardRecovery",
]
