"""Router dependencies every service uses: the use-case context, checked for a scope."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Request

from zjtx.common.kit.context import Context
from zjtx.common.web.auth import Client, authorize, require
from zjtx.common.web.deps import actor_for, request_reading_session, request_session, uses_unit_of_work

Admin = Annotated[Client, Depends(require("admin"))]


def context_for(request: Request, session: Any, client: Client) -> Context:
    state = request.app.state
    return Context(
        session=session,
        clock=state.clock,
        parameters=state.parameters,
        reference=state.reference,
        actor=actor_for(request, client),
        settings=state.settings,
    )


def _scoped(scope: str, *, read_only: bool = False) -> Callable[[Request], Awaitable[Context]]:
    # The caller is checked first, so a refused request never makes a session. `async def` though it
    # awaits nothing: FastAPI would run a plain `def` in its thread pool.
    session_of = request_reading_session if read_only else request_session

    @uses_unit_of_work
    async def dependency(request: Request) -> Context:
        client = authorize(request, scope)
        return context_for(request, session_of(request), client)

    dependency.__name__ = f"context_with_{scope.replace(':', '_')}"
    dependency.zjtx_scope = scope  # what the OpenAPI document says the operation needs
    return dependency


def read_context(scope: str) -> Any:
    """`ReadContext = read_context("registry:read")`: a use-case context for a caller holding `scope`, for
    use cases that only read: its session runs each statement on its own, without a transaction around
    them (zjtx.common.db.create_read_sessionmaker), and refuses a write."""
    return Annotated[Context, Depends(_scoped(scope, read_only=True))]


def scoped_context(scope: str) -> Any:
    """`ReadContext = scoped_context("registry:read")`: a use-case context for a caller holding `scope`,
    in the request's transaction (its router's routes are TransactionalRoutes)."""
    return Annotated[Context, Depends(_scoped(scope))]


AdminContext = scoped_context("admin")
