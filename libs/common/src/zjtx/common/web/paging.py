"""Cursor paging (DESIGN: "Lists are paged by cursor"): `?limit=&cursor=` -> `{items, next_cursor}`.
A cursor is the opaque, URL-safe encoding of the sort key of the last item returned."""

from __future__ import annotations

import base64
import json
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

from zjtx.common.web.errors import AppError

T = TypeVar("T")

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
