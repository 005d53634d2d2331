"""Cursor paging as the awards service's lists page: by the sort key of the last item returned. A cursor
comes back from the client: whatever it decodes to is checked here (a timestamp with its offset, a date
and a uuid, within the platform's calendar), so that a forged one is `cursor_invalid`, never a value the
database cannot take."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from zjtx.common.dates import FIRST_DAY, LAST_DAY
from zjtx.common.web.paging import InvalidCursor, decode_cursor, encode_cursor

AGAIN = "pass back the next_cursor of the previous page unchanged"


def after_created(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    """(created_at, id) of the previous page's last item."""
    values = _values(cursor, 2)
    if values is None:
        return None
    return _moment(values[0]), _id(values[1])


def after_dated(cursor: str | None) -> tuple[date, datetime, uuid.UUID] | None:
    """(a date, created_at, id) of the previous page's last item."""
    values = _values(cursor, 3)
    if values is None:
        return None
    return _day(values[0]), _moment(values[1]), _id(values[2])


def created_cursor(last: Any) -> str:
    return encode_cursor([last.created_at.isoformat(), str(last.id)])


def dated_cursor(day: date, last: Any) -> str:
    return encode_cursor([day.isoformat(), last.created_at.isoformat(), str(last.id)])


def _values(cursor: str | None, count: int) -> list | None:
    values = decode_cursor(cursor)
    if values is None:
        return None
    if len(values) != count or not all(isinstance(value, str) for value in values):
        raise InvalidCursor(AGAIN)
    return values


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidCursor(AGAIN) from None
    # With its offset, and far from the ends of the calendar: PostgreSQL reads it in UTC.
    if moment.tzinfo is None or not FIRST_DAY <= moment.date() <= LAST_DAY:
        raise InvalidCursor(AGAIN)
    return moment


def _day(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidCursor(AGAIN) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidCursor(AGAIN)
    return day


def _id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise InvalidCursor(AGAIN) from None
