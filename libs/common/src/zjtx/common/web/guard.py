"""What a request may carry before anything reads it (pure ASGI, one pass): at most so many headers and
header bytes (431), a body within the limit (413, chunked uploads too), and text PostgreSQL can store:
no NUL character in the path, a query parameter or a JSON string, no lone surrogate, UTF-8 only (422
`invalid_text` naming the field, or 400 `malformed_json` for a body that is not UTF-8).

The common case costs a length check and one scan of the raw bytes; a body is parsed here only when
the scan finds something that looks wrong, to name the field."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zjtx.common.web.errors import send_problem

# A NUL byte, an escaped NUL (\u0000), or an escaped surrogate (\uD800-\uDFFF), which may be unpaired.
_SUSPECT = re.compile(rb"\x00|\\u0000|\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


class RequestGuardMiddleware:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_headers: int, max_header_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_headers = max_headers
        self.max_header_bytes = max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = scope.get("headers") or []
        if len(headers) > self.max_headers or sum(len(k) + len(v) for k, v in headers) > self.max_header_bytes:
            await send_problem(
                send,
                scope,
                status=431,
                code="headers_too_large",
                title="The request's headers are too large",
                detail=f"at most {self.max_headers} headers and {self.max_header_bytes} bytes of them",
            )
            return
        bad = _bad_path(scope) or _bad_query(scope)
        if bad is not None:
            await _refuse_text(send, scope, *bad)
            return
        declared = dict(headers).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._too_large(send, scope)
            return
        body = await self._read_body(receive)
        if body is None:
            await self._too_large(send, scope)
            return
        if body and _is_json(headers) and await _refused_body(send, scope, body):
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _read_body(self, receive: Receive) -> bytes | None:
        """The whole body, or None past the limit (so a chunked upload is bounded as well)."""
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            received += len(chunks[-1])
            if received > self.max_body_bytes:
                return None
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    async def _too_large(self, send: Send, scope: Scope) -> None:
        await send_problem(
            send,
            scope,
            status=413,
            code="body_too_large",
            title="The request body is too large",
            detail=f"the limit is {self.max_body_bytes} bytes",
        )


def _bad_path(scope: Scope) -> tuple[str, str] | None:
    if "\x00" in scope.get("path", ""):
        return "path", "holds a NUL character"
    return None


def _bad_query(scope: Scope) -> tuple[str, str] | None:
    query: bytes = scope.get("query_string") or b""
    if not query or (b"%" not in query and b"\x00" not in query and query.isascii()):
        return None  # plain ASCII with nothing encoded: nothing to find
    for part in query.split(b"&"):
        name, _, value = part.partition(b"=")
        field = "query." + unquote_to_bytes(name.replace(b"+", b" ")).decode("utf-8", "replace")
        for raw in (name, value):
            try:
                text = unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                return field, "is not UTF-8"
            if "\x00" in text:
                return field, "holds a NUL character"
    return None


async def _refused_body(send: Send, scope: Scope, body: bytes) -> bool:
    """Answer for a JSON body that is not UTF-8 or holds text that cannot be stored; False when it is fine."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        title = "The body is not valid JSON"
        await send_problem(send, scope, status=400, code="malformed_json", title=title, detail=f"not UTF-8 ({exc})")
        return True
    if not _SUSPECT.search(body):
        return False
    try:
        document = json.loads(text)
    except ValueError:
        return False  # not JSON: the application says so
    found = _bad_string(document, "")
    if found is None:
        return False
    await _refuse_text(send, scope, found[0] or "body", found[1])
    return True


def _bad_string(value: Any, where: str) -> tuple[str, str] | None:
    """The first string (or object key) of a JSON document that PostgreSQL cannot store, and why."""
    if isinstance(value, str):
        if "\x00" in value:
            return where, "holds a NUL character"
        if _SURROGATE.search(value):
            return where, "holds a lone surrogate (not a character)"
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{where}.{key}" if where else str(key)
            found = _bad_string(key, path) or _bad_string(item, path)
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _bad_string(item, f"{where}[{index}]")
            if found:
                return found
    return None


def _is_json(headers: list[tuple[bytes, bytes]]) -> bool:
    for name, value in headers:
        if name == b"content-type":
            return b"json" in value.lower()
    return False


async def _refuse_text(send: Send, scope: Scope, field: str, message: str) -> None:
    await send_problem(
        send,
        scope,
        status=422,
        code="invalid_text",
        title="The request holds text that cannot be stored",
        detail=f"{field}: {message}",
        errors=[{"field": field, "message": message}],
    )
