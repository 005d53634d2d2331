"""Cursor paging as the registry's lists page: the cursor holds the sort key of the last item given,
each part read back by its own parser, so that a cursor that decodes but is not one of ours is the
caller's error (400 `cursor_invalid`), never a wild value in a query."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from zjtx.common.uscc import USCC_PATTERN
from zjtx.common.web.paging import InvalidCursor, decode_cursor, encode_cursor

_USCC = re.compile(USCC_PATTERN)
_SEQ_MAX = 2**63 - 1  # a BIGINT


def after(cursor: str | None, *parts: Callable[[str], Any]) -> tuple[Any, ...] | None:
    """The sort key a page goes on after, one value per parser; None for the first page."""
    values = decode_cursor(cursor)
    if values is None:
        return None
    if len(values) != len(parts) or not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values):
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged")
    try:
        return tuple(part(str(value)) for part, value in zip(parts, values, strict=True))
    except (ValueError, TypeError, OverflowError):
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged") from None


def next_cursor(rows: Sequence[Any], limit: int, key: Callable[[Any], Sequence[Any]]) -> str | None:
    """The cursor after the last row of a full page; None when the page is the last."""
    if len(rows) < limit:
        return None
    return encode_cursor([value if isinstance(value, int) else str(value) for value in key(rows[-1])])


def uscc(value: str) -> str:
    if not _USCC.match(value):
        raise ValueError("not a credit code")
    return value


def day(value: str) -> date:
    return date.fromisoformat(value)


def instant(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("an instant has its offset")
    return moment


def seq(value: str) -> int:
    number = int(value)
    if not 0 <= number <= _SEQ_MAX:
        raise ValueError("out of range")
    return number


def identifier(value: str) -> uuid.UUID:
    return uuid.UUID(value)
