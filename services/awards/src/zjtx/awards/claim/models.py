from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import BigInteger, Identity, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.awards.base import Base
from zjtx.common.db import TimestampedMixin, UUIDKeyMixin


class Claim(UUIDKeyMixin, TimestampedMixin, Base):
    """An application for an award (A2.1, A2.2, A3.rent, A6.1). A claim that is not eligible is kept,
    rejected, with its reason and the decision's explanation; its status is decided again when a later
    fact changes its decision (accepted, rejected), and is `rejected_on_review` once a reviewer rejected
    its award (it no longer counts: the enterprise may file again with new evidence)."""

    __tablename__ = "claims"

    rule: Mapped[str] = mapped_column(String(20), index=True)
    uscc: Mapped[str] = mapped_column(String(18), index=True)
    submitted_by: Mapped[str] = mapped_column(String(100))
    evidence: Mapped[dict[str, Any]] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    reason_code: Mapped[str | None] = mapped_column(String(40))
    explanation: Mapped[dict[str, Any]] = mapped_column(JSONB)
    award_id: Mapped[uuid.UUID | None]
    # The order claims were filed in (one transaction's claims share created_at): what decides between two
    # claims of the same date, e.g. the same project claimed twice.
    seq: Mapped[int] = mapped_column(BigInteger, Identity(), unique=True)
