"""What the finance service keeps of the registry's data, fed by its events (DESIGN: "Storage"): the
enterprise's district (F.1) and profile (A5.4 matching), and who held which recognition on which
dates, with revocations (A5.1)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin
from zjtx.finance_subsidy.base import Base


class EnterpriseView(TimestampedMixin, Base):
    """`registered` is False for an enterprise known only from a recognition event so far (a stub with
    its district): the registration fills in the rest."""

    __tablename__ = "enterprise_view"

    uscc: Mapped[str] = mapped_column(String(18), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    district_code: Mapped[str] = mapped_column(String(10), index=True)
    sector: Mapped[str | None] = mapped_column(String(20))
    cluster: Mapped[str | None] = mapped_column(String(40))
    size_class: Mapped[str | None] = mapped_column(String(10))
    is_sme: Mapped[bool | None]
    employees: Mapped[int | None] = mapped_column(Integer)
    annual_revenue_fen: Mapped[int | None] = mapped_column(BigInteger)
    registered: Mapped[bool]
    # The day the profile above holds from (the event's `effective_on`): a correction the registry
    # records late, for an earlier day, does not overwrite a profile of a later day.
    facts_effective_on: Mapped[date | None]


# A recognition the registry withdrew as recorded in error: it never held, so no decision reads it, and
# no later event about it (a stale redelivery) brings it back.
WITHDRAWN = "withdrawn"


class RecognitionView(TimestampedMixin, Base):
    __tablename__ = "recognition_view"

    recognition_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), index=True)
    tier: Mapped[str] = mapped_column(String(40))
    recognized_on: Mapped[date]
    expires_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(10))
    revoked_on: Mapped[date | None]
