"""Cursor paging as every list of this service pages: by (a timestamp, the id), oldest first, or by a
sequence, a code or a date; cursors read back by the kit's parsers (zjtx.common.web.paging)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from zjtx.common.web import paging as kit
from zjtx.common.web.paging import encode_cursor


def after(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    return kit.after(cursor, kit.instant, kit.identifier)  # type: ignore[return-value]


def next_cursor(rows: Sequence[Any], limit: int, *, at: str = "created_at") -> str | None:
    """The cursor after the last row of a full page; None when the page is the last."""
    if len(rows) < limit:
        return None
    last = rows[-1]
    return encode_cursor([getattr(last, at).isoformat(), str(last.id)])


def after_seq(cursor: str | None) -> int | None:
    """The position after which a list ordered by a sequence number goes on."""
    found = kit.after(cursor, kit.seq)
    return None if found is None else found[0]


def next_seq_cursor(rows: Sequence[Any], limit: int) -> str | None:
    return encode_cursor([rows[-1].seq]) if len(rows) == limit else None


def after_code(cursor: str | None) -> str | None:
    """The code after which a list ordered by a code (a bank's, a date's) goes on."""
    found = kit.after(cursor, kit.text)
    return None if found is None else found[0]


def next_code_cursor(rows: Sequence[Any], limit: int, at: str) -> str | None:
    return encode_cursor([str(getattr(rows[-1], at))]) if len(rows) == limit else None


def after_date(cursor: str | None) -> date | None:
    """The date after which a list ordered by a date goes on."""
    found = kit.after(cursor, kit.day)
    return None if found is None else found[0]


def after_pair(cursor: str | None) -> tuple[str, str] | None:
    """The (code, code) after which a list ordered by two codes (a bank's, a product's) goes on."""
    return kit.after(cursor, kit.text, kit.text)  # type: ignore[return-value]


def next_pair_cursor(pairs: Sequence[tuple[str, str]], limit: int) -> str | None:
    return encode_cursor(list(pairs[-1])) if len(pairs) == limit else None
