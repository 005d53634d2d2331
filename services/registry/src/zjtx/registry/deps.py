"""Router dependencies of the registry: the use-case context and the scopes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from zjtx.common.web.auth import Client, require
from zjtx.common.web.deps import SessionDep, actor_for
from zjtx.registry.context import Context

Reader = Annotated[Client, Depends(require("registry:read"))]
Writer = Annotated[Client, Depends(require("registry:write"))]
Admin = Annotated[Client, Depends(require("admin"))]


def context(request: Request, session: SessionDep, client: Client) -> Context:
    state = request.app.state
    return Context(session=session, clock=state.clock, reference=state.reference, actor=actor_for(request, client))


def reading(request: Request, session: SessionDep, client: Reader) -> Context:
    return context(request, session, client)


def writing(request: Request, session: SessionDep, client: Writer) -> Context:
    return context(request, session, client)


ReadContext = Annotated[Context, Depends(reading)]
WriteContext = Annotated[Context, Depends(writing)]
