"""The declarative base of the awards service's own tables (zjtx.awards.tables lists them all)."""

from sqlalchemy.orm import DeclarativeBase

from zjtx.common.db import service_metadata


class Base(DeclarativeBase):
    metadata = service_metadata()
