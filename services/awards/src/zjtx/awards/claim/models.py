from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.awards.base import Base
from zjtx.common.db import TimestampedMixin, UUIDKeyMixin


class Claim(UUIDKeyMixin, TimestampedMixin, Base):
    """An application for an award (A2.1, A2.2, A3.rent, A6.1). A claim that is not eligible is kept,
    rejected, with its reason and the decision's explanation."""

    __tablename__ = "claims"

    rule: Mapped[str] = mapped_column(String(20), index=True)
    uscc: Mapped[str] = mapped_column(String(18), index=True)
    submitted_by: Mapped[str] = mapped_column(String(100))
    evidence: Mapped[dict[str, Any]] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(Text)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSONB)
    award_id: Mapped[uuid.UUID | None]
