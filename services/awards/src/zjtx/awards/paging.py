"""Cursor paging as the awards service's lists page: by the sort key of the last item returned, read back
by the kit's parsers (zjtx.common.web.paging), so that a forged cursor is `cursor_invalid`."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from zjtx.common.web.paging import after, day, encode_cursor, identifier, instant


def after_created(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    """(created_at, id) of the previous page's last item."""
    return after(cursor, instant, identifier)  # type: ignore[return-value]


def after_dated(cursor: str | None) -> tuple[date, datetime, uuid.UUID] | None:
    """(a date, created_at, id) of the previous page's last item."""
    return after(cursor, day, instant, identifier)  # type: ignore[return-value]


def created_cursor(last: Any) -> str:
    return encode_cursor([last.created_at.isoformat(), str(last.id)])


def dated_cursor(on: date, last: Any) -> str:
    return encode_cursor([on.isoformat(), last.created_at.isoformat(), str(last.id)])
