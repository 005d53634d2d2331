"""Cursor paging (DESIGN: "Lists are paged by cursor"): `?limit=&cursor=` -> `{items, next_cursor}`.
A cursor is the opaque, URL-safe encoding of the sort key of the last item returned.

A cursor comes back from the client, so what it decodes to is read back part by part (`after` with one
parser per part of the sort key: `instant`, `day`, `identifier`, `seq`, `uscc`, `text`), each refusing
what is not one of ours — a forged one is 400 `cursor_invalid`, never a value the database cannot take."""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

from zjtx.common.dates import FIRST_DAY, LAST_DAY
from zjtx.common.uscc import USCC_PATTERN
from zjtx.common.web.errors import AppError

T = TypeVar("T")
AGAIN = "pass back the next_cursor of the previous page unchanged"

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class InvalidCursor(AppError):
    status, code, title = 400, "cursor_invalid", "The paging cursor is not valid"


class Page(BaseModel, Generic[T]):
    items: list[T] = Field(description="this page's items, in the list's order")
    next_cursor: str | None = Field(
        default=None, description="pass it as `cursor` to get the next page, unchanged; null on the last page"
    )


def encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, default=str).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> list[Any] | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError):
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged") from None
    if not isinstance(values, list):
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged")
    return values


def clamp_limit(limit: int | None) -> int:
    return max(1, min(limit or DEFAULT_LIMIT, MAX_LIMIT))


def after(cursor: str | None, *parts: Callable[[str], Any]) -> tuple[Any, ...] | None:
    """The sort key a page goes on after, one value per parser; None for the first page."""
    values = decode_cursor(cursor)
    if values is None:
        return None
    if len(values) != len(parts) or not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values):
        raise InvalidCursor(AGAIN)
    try:
        return tuple(part(str(value)) for part, value in zip(parts, values, strict=True))
    except (ValueError, TypeError, OverflowError):
        raise InvalidCursor(AGAIN) from None


def next_cursor(rows: Sequence[Any], limit: int, key: Callable[[Any], Sequence[Any]]) -> str | None:
    """The cursor after the last row of a full page (its sort key, `key(row)`); None on the last page."""
    if len(rows) < limit:
        return None
    return encode_cursor([_said(value) for value in key(rows[-1])])


def _said(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, date):  # a datetime too: both as ISO 8601
        return value.isoformat()
    return str(value)


# The parsers of a cursor's parts (each raises ValueError on what is not one of ours).

_USCC = re.compile(USCC_PATTERN)
_BIGINT = 2**63 - 1


def instant(value: str) -> datetime:
    """A timestamp with its offset, within the platform's calendar (PostgreSQL reads it in UTC: one at
    the end of time would leave the calendar on the way)."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None or not FIRST_DAY <= moment.date() <= LAST_DAY:
        raise ValueError("not one of our instants")
    return moment


def day(value: str) -> date:
    found = date.fromisoformat(value)
    if not FIRST_DAY <= found <= LAST_DAY:
        raise ValueError("outside the platform's calendar")
    return found


def identifier(value: str) -> uuid.UUID:
    return uuid.UUID(value)


def seq(value: str) -> int:
    """A position in a sequence: a BIGINT from 0."""
    number = int(value)
    if not 0 <= number <= _BIGINT:
        raise ValueError("out of range")
    return number


def uscc(value: str) -> str:
    if not _USCC.match(value):
        raise ValueError("not a credit code")
    return value


def text(value: str) -> str:
    """A code or a name, as text of at most 200 characters without control characters."""
    if len(value) > 200 or any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise ValueError("not one of our codes")
    return value
