"""Departments that handle tickets, and the routing of each category to one of them: data, changed
through the API (and seeded for the city by the migration hotline_0002)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin
from zjtx.hotline.base import Base


class Department(TimestampedMixin, Base):
    __tablename__ = "department"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class Route(TimestampedMixin, Base):
    """category -> the department a new ticket of it is assigned to."""

    __tablename__ = "route"

    category: Mapped[str] = mapped_column(String(20), primary_key=True)
    department_code: Mapped[str] = mapped_column(ForeignKey("department.code"))
