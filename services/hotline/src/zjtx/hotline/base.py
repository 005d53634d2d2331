"""The declarative base of the hotline's own tables (zjtx.hotline.tables lists them all)."""

from sqlalchemy.orm import DeclarativeBase

from zjtx.common.db import service_metadata


class Base(DeclarativeBase):
    metadata = service_metadata()
