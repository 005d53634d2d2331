from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import Numeric
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin
from zjtx.payments_watch.base import Base


class LprPublicationRow(TimestampedMixin, Base):
    """A publication received from the finance-subsidy service (percent a year); one for a date the
    shipped table also has replaces it (a correction)."""

    __tablename__ = "lpr_publications"

    published_on: Mapped[date] = mapped_column(primary_key=True)
    one_year: Mapped[Decimal] = mapped_column(Numeric(6, 3))
    five_year: Mapped[Decimal] = mapped_column(Numeric(6, 3))
    event_id: Mapped[uuid.UUID]
