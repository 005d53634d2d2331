"""Router dependencies of the registry: the use-case context and the scopes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from zjtx.common.web.auth import Client, authorize, require
from zjtx.common.web.deps import SessionDep, actor_for
from zjtx.registry.context import Context

Admin = Annotated[Client, Depends(require("admin"))]


def context(request: Request, session: SessionDep, client: Client) -> Context:
    state = request.app.state
    return Context(session=session, clock=state.clock, reference=state.reference, actor=actor_for(request, client))


# `async def`, though nothing is awaited: FastAPI would run a plain `def` in its thread pool. The
# scope is checked here rather than by a `Reader`/`Writer` sub-dependency: one level less to resolve.
async def reading(request: Request, session: SessionDep) -> Context:
    return context(request, session, authorize(request, "registry:read"))


async def writing(request: Request, session: SessionDep) -> Context:
    return context(request, session, authorize(request, "registry:write"))


ReadContext = Annotated[Context, Depends(reading)]
WriteContext = Annotated[Context, Depends(writing)]
