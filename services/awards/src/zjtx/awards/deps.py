"""Router dependencies of the awards service: the use-case context, per scope."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from zjtx.awards.context import Context
from zjtx.common.web.auth import Client, require
from zjtx.common.web.deps import SessionDep, actor_for


def _context_with(scope: str):
    # The scope is a closure value, so it is given as a default, not in a (lazily evaluated) annotation.
    def build(request: Request, session: SessionDep, client: Client = Depends(require(scope))) -> Context:
        state = request.app.state
        return Context(
            session=session, clock=state.clock, parameters=state.parameters, actor=actor_for(request, client)
        )

    return build


ReadContext = Annotated[Context, Depends(_context_with("awards:read"))]
WriteContext = Annotated[Context, Depends(_context_with("awards:write"))]
ReviewContext = Annotated[Context, Depends(_context_with("awards:review"))]
ApproveContext = Annotated[Context, Depends(_context_with("awards:approve"))]
