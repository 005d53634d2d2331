"""Cursor paging as every list of this service pages: by (a timestamp, the id), oldest first."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from zjtx.common.web.paging import InvalidCursor, decode_cursor, encode_cursor


def after(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    values = decode_cursor(cursor)
    if values is None:
        return None
    try:
        return datetime.fromisoformat(values[0]), uuid.UUID(values[1])
    except (ValueError, IndexError, TypeError):
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged") from None


def next_cursor(rows: Sequence[Any], limit: int, *, at: str = "created_at") -> str | None:
    """The cursor after the last row of a full page; None when the page is the last."""
    if len(rows) < limit:
        return None
    last = rows[-1]
    return encode_cursor([getattr(last, at).isoformat(), str(last.id)])


def after_seq(cursor: str | None) -> int | None:
    """The position after which a list ordered by a sequence number goes on."""
    values = decode_cursor(cursor)
    if values is None:
        return None
    if len(values) != 1 or not isinstance(values[0], int):
        raise InvalidCursor("pass back the next_cursor of the previous page unchanged")
    return values[0]


def next_seq_cursor(rows: Sequence[Any], limit: int) -> str | None:
    return encode_cursor([rows[-1].seq]) if len(rows) == limit else None
