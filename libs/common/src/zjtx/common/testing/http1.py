"""A light HTTP/1.1 client for load (the benchmarks, the soak test): requests made as bytes beforehand,
sent on keep-alive connections, answers read as status and body.

httpx spends one to two milliseconds of CPU a request on these machines, and its pool looks at every
connection it holds for each request; a load of a few hundred requests a second then costs its client
a core, which the servers it measures lose. A `Connection` costs tens of microseconds a request."""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

# What a request on a connection to a server that died, went away or did not answer raises.
TRANSPORT_ERRORS = (OSError, EOFError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError)


@dataclass(frozen=True, slots=True)
class Answer:
    status_code: int
    body: bytes
    keep_alive: bool = True

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")

    def json(self) -> Any:
        return json.loads(self.body)


class Connection:
    """One keep-alive HTTP/1.1 connection sending prepared requests, one at a time."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader, self._writer = reader, writer

    @classmethod
    async def open(cls, url: str) -> Connection:
        parts = urlsplit(url)
        return cls(*await asyncio.open_connection(parts.hostname, parts.port or 80))

    async def send(self, request: bytes) -> tuple[int, bytes]:
        answer = await self.exchange(request)
        return answer.status_code, answer.body

    async def exchange(self, request: bytes) -> Answer:
        self._writer.write(request)
        head = await self._reader.readuntil(b"\r\n\r\n")
        status, length, keep_alive = int(head[9:12]), None, True
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                keep_alive = False
        if length is None:
            raise EOFError(f"a response without Content-Length: {head[:200]!r}")
        return Answer(status, await self._reader.readexactly(length), keep_alive)

    async def close(self) -> None:
        self._writer.close()
        with contextlib.suppress(*TRANSPORT_ERRORS):  # the server closing first is no failure
            await self._writer.wait_closed()


class Pool:
    """Keep-alive connections to one server, opened as needed and reused; a connection whose exchange
    failed is closed, never reused, so a server killed and started again is met on fresh ones."""

    def __init__(self, url: str, *, timeout: float = 10.0) -> None:
        self.url, self.host, self._timeout = url, urlsplit(url).netloc, timeout
        self._idle: list[Connection] = []

    def request(self, method: str, path: str, headers: dict[str, str], body: bytes | None = None) -> bytes:
        """The request as bytes, for `send`."""
        return raw_request(self.host, headers, method, path, body)

    async def send(self, request: bytes) -> Answer:
        """Send a prepared request; raises one of TRANSPORT_ERRORS when no answer came."""
        connection = self._idle.pop() if self._idle else None
        try:
            if connection is None:
                connection = await asyncio.wait_for(Connection.open(self.url), self._timeout)
            answer = await asyncio.wait_for(connection.exchange(request), self._timeout)
        except BaseException:
            if connection is not None:
                await connection.close()
            raise
        if answer.keep_alive:
            self._idle.append(connection)
        else:
            await connection.close()
        return answer

    async def close(self) -> None:
        while self._idle:
            await self._idle.pop().close()


def raw_request(host: str, headers: dict[str, str], method: str, path: str, body: bytes | None) -> bytes:
    """The whole HTTP/1.1 request to `host` (host:port), as bytes to send as they are."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", *(f"{k}: {v}" for k, v in headers.items())]
    lines.append(f"Content-Length: {len(body or b'')}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b"")
