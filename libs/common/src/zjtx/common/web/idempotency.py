"""Idempotency-Key (DESIGN: "Writes from external systems accept an Idempotency-Key header; a repeat
returns the first answer").

A write carrying the header is recorded per client and key; a repeat with the same request gets the
stored answer (`Idempotent-Replayed: true`), a repeat with another request under the same key is
refused, and one that arrives while the first is still running is told so. A response of 5xx is not
kept, so the caller may retry.

The record and the effect commit together, or not at all. The middleware reads the key and the body
and hands what it knows (`KeyedRequest`) to the request's route through the ASGI scope; the route
(zjtx.common.web.deps.TransactionalRoute) claims the key in the request's own transaction before the
endpoint runs (`claim`: a row with no answer yet, uncommitted), writes the answer into that row once
the endpoint's response is ready (`record`), and commits both with the effect. A process killed at any
point before that commit leaves nothing: its transaction dies with its connection, the uncommitted
claim with it, and a retry runs afresh. Killed after it, the retry is answered from the record. (An
earlier design claimed the key in a transaction of its own and settled it in another after the
request: a process killed in between left the key claimed, unanswered, for ever.)

A duplicate that arrives while the first is running finds the first's uncommitted row in the unique
index and waits for that transaction to end: committed, it is answered from the record; rolled back
or dead, it runs itself. It waits at most IDEMPOTENCY_CLAIM_WAIT_MS (a setting, 1000 by default), then
is told the first is still running (409 `idempotency_in_progress`) rather than held as long as the
first takes. It is told so whatever its request: the first's is not known until it commits; from then
on another request under its key is refused (422 `idempotency_key_reused`).

What the route does not settle is settled here afterwards, in a transaction of its own: an error the
endpoint raised (its transaction, claim included, was rolled back: there is no effect to go with the
answer, so a 4xx is kept on its own, as the answer a repeat gets), and an answer from a route with no
transaction of the request's (a path or a method no route has, a parameter refused before the
transaction began, a route not made by the kit's Router). Such a request has no effect in the database;
it is run before its answer is kept, so a repeat of it runs too, and is answered as the first was. If
the key has an answer by then (a duplicate committed meanwhile), that answer is given.

A key is kept IDEMPOTENCY_RETENTION_HOURS (24 by default), then deleted by the kit's scheduled job
(zjtx.common.web.idempotency_retention): used again after that, it is simply a new request, run afresh.
The same job deletes the committed claims without an answer the earlier design left, so such a key
works again."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, Text, delete, func, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zjtx.common.db import PlatformBase, UnitOfWork
from zjtx.common.web.errors import PROBLEM_JSON, problem_document, send_problem

HEADER = b"idempotency-key"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
MAX_KEY_LENGTH = 200
_VALID_KEY = re.compile(rb"[!-~]{1,%d}" % MAX_KEY_LENGTH)
SCOPE_KEY = "zjtx.idempotency"  # the ASGI scope's key for the request's KeyedRequest
_LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE when lock_timeout ends a wait


class IdempotencyRecord(PlatformBase):
    __tablename__ = "idempotency_keys"
    # The retention job's scans (zjtx.common.web.idempotency_retention): without it each run reads the
    # whole table, a day of keys, to find the few it deletes.
    __table_args__ = (Index("ix_idempotency_keys_created_at", "created_at"),)

    client: Mapped[str] = mapped_column(String(100), primary_key=True)
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    # NULL while the request's transaction runs, never committed so: the answer is written before the
    # commit. A committed NULL was left by the earlier two-step design (or by a process of the old
    # version during an upgrade) and is answered as still running until the retention job deletes it.
    status_code: Mapped[int | None] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(100))
    body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


@dataclass(slots=True)
class KeyedRequest:
    """A write with an Idempotency-Key, as the middleware hands it to the request's route."""

    client: str
    key: str
    fingerprint: str
    # How long its claim waits for a transaction holding the same key (lock_timeout, in milliseconds):
    # the setting IDEMPOTENCY_CLAIM_WAIT_MS, read by the middleware.
    claim_wait_ms: int = 1000
    # Set once nothing is left for the middleware to keep: the answer committed with the effect, or the
    # request was answered from the key's record (or told the first is still running).
    settled: bool = False


@dataclass(frozen=True, slots=True)
class Answer:
    """An answer made from the key's record, not by the application: a replay or a refusal."""

    status: int
    content_type: str
    body: bytes
    replayed: bool

    def headers(self) -> dict[str, str]:
        headers = {"content-type": self.content_type}
        if self.replayed:
            headers["idempotent-replayed"] = "true"
        return headers

    def response(self) -> Response:
        return Response(self.body, status_code=self.status, headers=self.headers())

    async def send(self, send: Send) -> None:
        headers = [(name.encode(), value.encode()) for name, value in self.headers().items()]
        headers.append((b"content-length", str(len(self.body)).encode()))
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": self.body})


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
        body, replay = await _read_body(receive)
        keyed = KeyedRequest(
            client.name,
            raw.decode("ascii"),
            request_fingerprint(scope["method"], scope["path"], scope.get("query_string", b""), body),
            claim_wait_ms=self.state.settings.idempotency_claim_wait_ms,
        )
        # Nothing is read or written here before the request runs: the route claims the key in the
        # request's transaction (no round trip of its own), and answers a repeat from the record.
        scope[SCOPE_KEY] = keyed
        # The answer is held until it is kept: a retry sent the moment it arrives is replayed, never run
        # again. An exception leaves nothing to keep (the route rolled its transaction back).
        captured = _Capture()
        await self.app(scope, replay, captured)
        if not keyed.settled and captured.status is not None and captured.status < 500:
            earlier = await self._keep(keyed, captured, request_id=scope.get("state", {}).get("request_id"))
            if earlier is not None:
                await earlier.send(send)
                return
        await captured.forward(send)

    async def _keep(self, keyed: KeyedRequest, captured: _Capture, *, request_id: str | None) -> Answer | None:
        """Keep an answer the route did not, in a transaction of its own; if the key has an answer already
        (a duplicate committed while this one ran), that is the key's answer, and is given instead."""
        work = UnitOfWork(self.state.sessions)
        try:
            session = work.session
            inserted = await _insert(
                session,
                keyed,
                status_code=captured.status,
                content_type=captured.content_type,
                body=b"".join(captured.chunks).decode(errors="replace"),
            )
            earlier = None
            if inserted is False:
                earlier = await _earlier_answer(session, keyed, request_id=request_id)
        except BaseException:
            await work.discard()
            raise
        if inserted is None:  # a duplicate is running: this answer is the caller's, not the key's
            await work.discard()
            return None
        await work.commit()
        return earlier


async def claim(session: AsyncSession, keyed: KeyedRequest, *, request_id: str | None) -> Answer | None:
    """Claim the key in the request's transaction, before its effect: None when this request is the
    first with its key (it runs; `record` then writes its answer), else the answer to give instead (the
    earlier answer, `idempotency_key_reused`, or `idempotency_in_progress`). On an answer the caller
    ends the transaction without committing anything."""
    inserted = await _insert(session, keyed, status_code=None, content_type=None, body=None)
    if inserted:
        return None
    if inserted is None:
        return _in_progress(request_id)
    return await _earlier_answer(session, keyed, request_id=request_id)


async def record(session: AsyncSession, keyed: KeyedRequest, response: Response) -> None:
    """Write the answer into the key's claim, in the request's transaction: it commits with the effect."""
    where = (IdempotencyRecord.client == keyed.client, IdempotencyRecord.key == keyed.key)
    if response.status_code >= 500:
        # Not an answer to keep (the caller may retry); as before this design, a retry runs again.
        await session.execute(delete(IdempotencyRecord).where(*where))
        return
    body = getattr(response, "body", None)
    if not isinstance(body, bytes | memoryview):
        # A streamed answer is not in hand before the commit, so it could not be kept with the effect.
        raise TypeError(f"a write answering with {type(response).__name__} cannot be kept for its Idempotency-Key")
    await session.execute(
        update(IdempotencyRecord)
        .where(*where)
        .values(
            status_code=response.status_code,
            content_type=response.headers.get("content-type"),
            body=bytes(body).decode(errors="replace"),
        )
    )


# The claim, and the keeping of an answer made without one: one statement, one round trip. It waits for
# a transaction that holds the same key uncommitted (the unique index makes it), but no longer than the
# claim wait (KeyedRequest.claim_wait_ms): lock_timeout is set for this statement's wait alone. The CTEs
# run before the row is inserted (the insert reads `bounded`): `previous` reads the transaction's
# setting, `bounded` sets the wait; RETURNING, evaluated once the row is in, puts the setting back, so
# that the effect's own locks (an enterprise's row, the awards' decision locks) wait as long as they
# always did. Cast parameters: a SELECT's parameters would otherwise be text, which an integer column
# does not take.
_INSERT = text(
    """
    WITH previous AS MATERIALIZED (SELECT current_setting('lock_timeout') AS lock_timeout),
         bounded AS MATERIALIZED (SELECT set_config('lock_timeout', :wait, true) AS lock_timeout FROM previous)
    INSERT INTO idempotency_keys (client, key, fingerprint, status_code, content_type, body)
    SELECT CAST(:client AS varchar), CAST(:key AS varchar), CAST(:fingerprint AS varchar),
           CAST(:status_code AS integer), CAST(:content_type AS varchar), CAST(:body AS text)
    FROM bounded
    ON CONFLICT DO NOTHING
    RETURNING set_config('lock_timeout', (SELECT lock_timeout FROM previous), true)
    """
)


async def _insert(
    session: AsyncSession,
    keyed: KeyedRequest,
    *,
    status_code: int | None,
    content_type: str | None,
    body: str | None,
) -> bool | None:
    """True if the row is in (this transaction holds the key), False if the key has a committed record,
    None if a transaction that holds it uncommitted did not end within the claim wait. After None the
    transaction is aborted: the caller rolls it back."""
    try:
        inserted = await session.execute(
            _INSERT,
            {
                "wait": f"{keyed.claim_wait_ms}ms",
                "client": keyed.client,
                "key": keyed.key,
                "fingerprint": keyed.fingerprint,
                "status_code": status_code,
                "content_type": content_type,
                "body": body,
            },
        )
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == _LOCK_NOT_AVAILABLE:
            return None
        raise
    return inserted.first() is not None


async def _earlier_answer(session: AsyncSession, keyed: KeyedRequest, *, request_id: str | None) -> Answer:
    """The answer to a repeat, from the key's committed record."""
    earlier = await session.scalar(
        select(IdempotencyRecord).where(IdempotencyRecord.client == keyed.client, IdempotencyRecord.key == keyed.key)
    )
    if earlier is None:  # deleted by the retention job since the conflict: a retry runs afresh
        return _in_progress(request_id)
    if earlier.fingerprint != keyed.fingerprint:
        return _problem(
            422,
            "idempotency_key_reused",
            "The Idempotency-Key was used for another request",
            "a key names one request; send a new key for a different one",
            request_id,
        )
    if earlier.status_code is None:
        return _in_progress(request_id)
    return Answer(
        earlier.status_code,
        earlier.content_type or "application/json",
        (earlier.body or "").encode(),
        replayed=True,
    )


def _in_progress(request_id: str | None) -> Answer:
    return _problem(
        409,
        "idempotency_in_progress",
        "The first request with this key is still running",
        "retry shortly to get its answer",
        request_id,
    )


def _problem(status: int, code: str, title: str, detail: str, request_id: str | None) -> Answer:
    document = problem_document(status=status, code=code, title=title, detail=detail, request_id=request_id)
    return Answer(status, PROBLEM_JSON, json.dumps(document, ensure_ascii=False).encode(), replayed=False)


def request_fingerprint(method: str, path: str, query: bytes, body: bytes) -> str:
    """What makes two requests the same request: a key names one of them."""
    return hashlib.sha256(b"\n".join([method.encode(), path.encode(), query, body])).hexdigest()


class _Capture:
    """Keeps the response the application sends, to be kept if the route did not, then forwarded."""

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
