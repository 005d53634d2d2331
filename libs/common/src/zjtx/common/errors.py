"""The one error base class (STYLE 6): an expected failure with a status and a stable code. Raised by
use cases and rules alike; zjtx.common.web.errors renders it as problem+json. Nothing here knows HTTP
beyond the status number, so use cases can raise these without importing the web framework."""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    """An expected failure: the caller gets `status` and the stable `code`; nothing below the router
    raises HTTP errors."""

    status: int = 400
    code: str = "bad_request"
    title: str = "Bad request"

    def __init__(self, detail: str | None = None, *, detail_zh: str | None = None, **extra: Any) -> None:
        super().__init__(detail or self.title)
        self.detail = detail
        # The detail in Chinese, where the raiser gives one: a caller reading Chinese gets it instead of
        # `detail` (zjtx.common.web.errors); without one, the detail is said as raised.
        self.detail_zh = detail_zh
        self.extra = extra


class NotFound(AppError):
    status, code, title = 404, "not_found", "Not found"


class Conflict(AppError):
    status, code, title = 409, "conflict", "Conflict"


class Unprocessable(AppError):
    status, code, title = 422, "validation_failed", "The request is not valid"


class Unauthenticated(AppError):
    status, code, title = 401, "unauthenticated", "An API key is required"


class Forbidden(AppError):
    status, code, title = 403, "forbidden", "The API key lacks the scope for this"
