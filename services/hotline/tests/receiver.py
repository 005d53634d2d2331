"""A real HTTP receiver for callback tests: the 12345 system's side, on a free port in the test's event
loop (uvicorn). It checks each request's signature as the 12345 system would, records what arrived, and
answers with the statuses a test scripts (200 once the script is used up)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from zjtx.common.clock import Clock
from zjtx.common.devstack.broker import free_port
from zjtx.common.web.signatures import SIGNATURE_HEADER, TIMESTAMP_HEADER, InvalidSignature, StaleSignature, verify


@dataclass
class Arrival:
    status: int  # what the receiver answered
    signed: bool  # the signature verified with the shared secret, within the window
    body: dict[str, Any]
    headers: dict[str, str]


class _QuietServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self):  # the test process's signals are pytest's
        yield


@dataclass
class Receiver:
    secret: str
    clock: Clock
    script: list[int] = field(default_factory=list)
    arrivals: list[Arrival] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/12345/callbacks"
        app = Starlette(routes=[Route("/12345/callbacks", self._receive, methods=["POST"])])
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self._server = _QuietServer(config)
        self._task: asyncio.Task | None = None

    async def _receive(self, request: Request) -> Response:
        body = await request.body()
        try:
            verify(
                self.secret,
                timestamp=request.headers.get(TIMESTAMP_HEADER),
                signature_header=request.headers.get(SIGNATURE_HEADER),
                body=body,
                now=self.clock.now(),
            )
            signed = True
        except (InvalidSignature, StaleSignature):
            signed = False
        status = (self.script.pop(0) if self.script else 200) if signed else 401
        self.arrivals.append(Arrival(status, signed, json.loads(body), dict(request.headers)))
        return Response(status_code=status)

    @property
    def taken(self) -> list[Arrival]:
        """What the receiver accepted (2xx)."""
        return [a for a in self.arrivals if 200 <= a.status < 300]

    async def __aenter__(self) -> Receiver:
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.01)
        return self

    async def __aexit__(self, *exc) -> None:
        self._server.should_exit = True
        if self._task is not None:
            await self._task
