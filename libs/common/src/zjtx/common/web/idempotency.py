"""Idempotency-Key (DESIGN: "Writes from external systems accept an Idempotency-Key header; a repeat
returns the first answer").

A write carrying the header is recorded per client and key before it runs; a repeat with the same
request gets the stored answer (`Idempotent-Replayed: true`), a repeat with another request under
the same key is refused, and one that arrives while the first is still running is told so. A
response of 5xx is not kept, so the caller may retry."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Mapped, mapped_column
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zjtx.common.db import PlatformBase, transaction
from zjtx.common.web.errors import send_problem

HEADER = b"idempotency-key"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
MAX_KEY_LENGTH = 200
_VALID_KEY = re.compile(rb"[!-~]{1,%d}" % MAX_KEY_LENGTH)


class IdempotencyRecord(PlatformBase):
    __tablename__ = "idempotency_keys"

    client: Mapped[str] = mapped_column(String(100), primary_key=True)
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(100))
    body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp, *, state) -> None:
        self.app = app
        self.state = state  # the FastAPI app's state: sessions and clients, set up before the first request

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw = _header(scope, HEADER) if scope["type"] == "http" else None
        if raw is None or scope["method"] not in WRITE_METHODS:
            await self.app(scope, receive, send)
            return
        client = scope.get("state", {}).get("client")
        if client is None:  # unauthenticated: let the application say 401
            await self.app(scope, receive, send)
            return
        if not _VALID_KEY.fullmatch(raw):
            # A key is an opaque token of visible ASCII: two keys are the same only if their bytes are.
            await send_problem(
                send,
                scope,
                status=400,
                code="idempotency_key_invalid",
                title="The Idempotency-Key is not valid",
                detail=f"1 to {MAX_KEY_LENGTH} visible ASCII characters",
            )
            return
        key = raw.decode("ascii")
        body, replay = await _read_body(receive)
        fingerprint = request_fingerprint(scope["method"], scope["path"], scope.get("query_string", b""), body)
        existing = await self._claim(client.name, key, fingerprint)
        if existing is not None:
            await self._answer_repeat(existing, fingerprint, scope, send)
            return
        # The answer is kept (settled) before it leaves: a retry sent the moment it arrives is replayed,
        # never told the first request is still running.
        captured = _Capture()
        try:
            await self.app(scope, replay, captured)
        finally:
            await self._settle(client.name, key, captured)
        await captured.forward(send)

    async def _claim(self, client: str, key: str, fingerprint: str) -> IdempotencyRecord | None:
        """Record the key as in progress; None when this request is the first, else the earlier record."""
        async with transaction(self.state.sessions) as session:
            inserted = await session.execute(
                insert(IdempotencyRecord)
                .values(client=client, key=key, fingerprint=fingerprint)
                .on_conflict_do_nothing()
                .returning(IdempotencyRecord.key)
            )
            if inserted.first() is not None:
                return None
            return await session.scalar(
                select(IdempotencyRecord).where(IdempotencyRecord.client == client, IdempotencyRecord.key == key)
            )

    async def _answer_repeat(self, record: IdempotencyRecord, fingerprint: str, scope: Scope, send: Send) -> None:
        if record.fingerprint != fingerprint:
            await send_problem(
                send,
                scope,
                status=422,
                code="idempotency_key_reused",
                title="The Idempotency-Key was used for another request",
                detail="a key names one request; send a new key for a different one",
            )
        elif record.status_code is None:
            await send_problem(
                send,
                scope,
                status=409,
                code="idempotency_in_progress",
                title="The first request with this key is still running",
                detail="retry shortly to get its answer",
            )
        else:
            body = (record.body or "").encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": record.status_code,
                    "headers": [
                        (b"content-type", (record.content_type or "application/json").encode()),
                        (b"content-length", str(len(body)).encode()),
                        (b"idempotent-replayed", b"true"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})

    async def _settle(self, client: str, key: str, captured: _Capture) -> None:
        where = (IdempotencyRecord.client == client, IdempotencyRecord.key == key)
        async with transaction(self.state.sessions) as session:
            if captured.status is None or captured.status >= 500:
                await session.execute(delete(IdempotencyRecord).where(*where))  # not an answer: may be retried
            else:
                await session.execute(
                    update(IdempotencyRecord)
                    .where(*where)
                    .values(
                        status_code=captured.status,
                        content_type=captured.content_type,
                        body=b"".join(captured.chunks).decode(errors="replace"),
                    )
                )


def request_fingerprint(method: str, path: str, query: bytes, body: bytes) -> str:
    """What makes two requests the same request: a key names one of them."""
    return hashlib.sha256(b"\n".join([method.encode(), path.encode(), query, body])).hexdigest()


class _Capture:
    """Keeps the response the application sends, to be settled, then forwarded."""

    def __init__(self) -> None:
        self.status: int | None = None
        self.content_type: str | None = None
        self.messages: list[Message] = []
        self.chunks: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.content_type = dict(message.get("headers") or []).get(b"content-type", b"").decode() or None
        elif message["type"] == "http.response.body":
            self.chunks.append(message.get("body", b""))
        self.messages.append(message)

    async def forward(self, send: Send) -> None:
        for message in self.messages:
            await send(message)


async def _read_body(receive: Receive) -> tuple[bytes, Receive]:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers") or ():
        if key == name:
            return value.strip()
    return None
