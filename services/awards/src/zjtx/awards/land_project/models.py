from __future__ import annotations

from datetime import date

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.awards.base import Base
from zjtx.common.db import TimestampedMixin, UUIDKeyMixin


class LandProject(UUIDKeyMixin, TimestampedMixin, Base):
    """An investment project asking for land (A3.land): its priority is decided per project, on its
    cluster and its date (RULES decision), from the recognitions known when it is read."""

    __tablename__ = "land_projects"

    uscc: Mapped[str] = mapped_column(String(18), index=True)
    project_name: Mapped[str] = mapped_column(String(200))
    cluster: Mapped[str] = mapped_column(String(40))
    dated_on: Mapped[date]
    recorded_by: Mapped[str] = mapped_column(String(100))
