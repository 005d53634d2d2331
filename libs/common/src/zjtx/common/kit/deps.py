"""Router dependencies every service uses: the use-case context, checked for a scope."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

from fastapi import Depends, Request

from zjtx.common.db import transaction
from zjtx.common.kit.context import Context
from zjtx.common.web.auth import Client, authorize, require
from zjtx.common.web.deps import actor_for

Admin = Annotated[Client, Depends(require("admin"))]


def context_for(request: Request, session: Any, client: Client) -> Context:
    state = request.app.state
    return Context(
        session=session,
        clock=state.clock,
        parameters=state.parameters,
        reference=state.reference,
        actor=actor_for(request, client),
    )


def _scoped(scope: str) -> Callable[[Request], AsyncIterator[Context]]:
    # One dependency that checks the scope and owns the request's transaction (as SessionDep does),
    # not one on top of the other: each level of dependencies costs FastAPI a resolution. The caller
    # is checked first, so a refused request never opens a transaction.
    async def dependency(request: Request) -> AsyncIterator[Context]:
        client = authorize(request, scope)
        async with transaction(request.app.state.sessions) as session:
            yield context_for(request, session, client)

    dependency.__name__ = f"context_with_{scope.replace(':', '_')}"
    return dependency


def scoped_context(scope: str) -> Any:
    """`ReadContext = scoped_context("registry:read")`: a use-case context for a caller holding `scope`,
    in the request's transaction: committed when the endpoint returns, rolled back when it raises.
    With scope="function" (as SessionDep), so a failed commit is the caller's error response."""
    return Annotated[Context, Depends(_scoped(scope), scope="function")]


AdminContext = scoped_context("admin")
