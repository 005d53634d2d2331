"""The declarative base of the payments-watch service's own tables (zjtx.payments_watch.tables lists them all)."""

from sqlalchemy.orm import DeclarativeBase

from zjtx.common.db import service_metadata


class Base(DeclarativeBase):
    metadata = service_metadata()
