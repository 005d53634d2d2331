"""The declarative base of the finance-subsidy service's own tables (zjtx.finance_subsidy.tables lists them)."""

from sqlalchemy.orm import DeclarativeBase

from zjtx.common.db import service_metadata


class Base(DeclarativeBase):
    metadata = service_metadata()
