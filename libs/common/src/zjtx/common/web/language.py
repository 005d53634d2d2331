"""Which language the caller reads: Chinese unless its Accept-Language prefers English (RFC 9110, 12.5.4:
the q-values decide; `zh`, `zh-CN`, … are Chinese, `en`, `en-US`, … English; a tag of neither, `*`
included, says nothing). People here read Chinese; English is for the callers that ask for it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from fastapi import Depends, Request

CHINESE, ENGLISH = "zh-CN", "en"


def language_of(accept_language: str | None) -> str:
    """`zh-CN` or `en`: the one of the two the header weighs highest; Chinese on a tie or without a header."""
    best = {CHINESE: -1.0, ENGLISH: -1.0}
    for tag, weight in _weighted(accept_language or ""):
        primary = tag.split("-", 1)[0]
        language = CHINESE if primary == "zh" else ENGLISH if primary == "en" else None
        if language is not None and weight > 0:
            best[language] = max(best[language], weight)
    return ENGLISH if best[ENGLISH] > best[CHINESE] else CHINESE


def language_of_headers(headers: Iterable[tuple[bytes, bytes]]) -> str:
    """The same from an ASGI scope's raw headers (a middleware answering before the app is reached)."""
    for name, value in headers:
        if name == b"accept-language":
            return language_of(value.decode("latin-1"))
    return CHINESE


def _weighted(header: str) -> Iterable[tuple[str, float]]:
    for part in header.split(","):
        tag, *parameters = (piece.strip() for piece in part.split(";"))
        weight = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0  # a weight that is not a number: the tag is not wanted
        if tag:
            yield tag.lower(), weight


def request_language(request: Request) -> str:
    """The language a request's caller reads."""
    return language_of(request.headers.get("accept-language"))


async def reader_language(request: Request) -> str:
    """A route's dependency: the language its caller reads (`ReaderLanguage`). `async` though it awaits
    nothing: FastAPI runs a plain `def` dependency in its thread pool, a thread hand-off per request."""
    return request_language(request)


ReaderLanguage = Annotated[str, Depends(reader_language)]
