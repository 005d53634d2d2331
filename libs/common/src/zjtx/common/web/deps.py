"""What every router uses: the route class whose request owns the transaction, the session dependency,
the actor for audit records."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.db import UnitOfWork
from zjtx.common.web import idempotency, lean
from zjtx.common.web.audit import Actor
from zjtx.common.web.auth import Client

_UNIT_OF_WORK = "zjtx.unit_of_work"  # the ASGI scope's key for the request's UnitOfWork


class TransactionalRoute(APIRoute):
    """A route whose request owns the transaction (DESIGN: the entrypoint commits): its session is made
    when a dependency first asks for one (SessionDep, a use-case context), committed once the endpoint's
    response is ready and before it is sent, so a failed commit is the caller's error response, and
    rolled back when the endpoint or a dependency raises. A write with an Idempotency-Key claims its key
    and records its answer in that same transaction (zjtx.common.web.idempotency). Every router whose
    endpoints use the database is a zjtx.common.web.routing.Router, whose KitRoute is one;
    create_base_app refuses one that is not.

    The route does this rather than a dependency with `yield`, which FastAPI runs through an exit stack,
    two context managers and a shielded cancel scope: some 50 µs a request."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        fastapi_handler = super().get_route_handler()
        # The kit's lean handler where the route is of its plain shape (zjtx.common.web.lean), else FastAPI's.
        handle = lean.request_handler(self, fastapi_handler) or fastapi_handler
        self.served_lean = handle is not fastapi_handler  # as last built (for each inclusion, again)

        async def in_unit_of_work(request: Request) -> Response:
            state = request.app.state
            work = request.scope[_UNIT_OF_WORK] = UnitOfWork(state.sessions, getattr(state, "read_sessions", None))
            # A write with an Idempotency-Key (zjtx.common.web.idempotency): its key is claimed and its
            # answer recorded in this transaction, so that the answer commits with the effect or neither
            # does. Without a key this costs a dictionary lookup, and no round trip.
            keyed: idempotency.KeyedRequest | None = request.scope.get(idempotency.SCOPE_KEY)
            try:
                if keyed is not None:
                    earlier = await idempotency.claim(work.session, keyed, request_id=_request_id(request))
                    if earlier is not None:  # a repeat, or the first is still running: nothing to commit
                        await work.discard()
                        keyed.settled = True
                        return earlier.response()
                response = await handle(request)
                if keyed is not None:
                    await idempotency.record(work.session, keyed, response)
            except BaseException:
                await work.discard()
                raise
            await work.commit()
            if keyed is not None:
                keyed.settled = True  # only now: a commit that failed leaves the answer to the middleware
            return response

        return in_unit_of_work


def _request_id(request: Request) -> str | None:
    return request.scope.get("state", {}).get("request_id")


def request_session(request: Request) -> AsyncSession:
    """The session of the request's transaction."""
    return _unit_of_work(request).session


def request_reading_session(request: Request) -> AsyncSession:
    """The session of a request that only reads: no transaction around its statements (UnitOfWork.reading)."""
    return _unit_of_work(request).reading()


def _unit_of_work(request: Request) -> UnitOfWork:
    try:
        return request.scope[_UNIT_OF_WORK]
    except KeyError:
        raise RuntimeError(f"{request.url.path} is not a TransactionalRoute: it has no transaction") from None


def uses_unit_of_work(dependency: Callable[..., Any]) -> Callable[..., Any]:
    """Marks a dependency that takes the request's session, so create_base_app can check its routes."""
    dependency.uses_unit_of_work = True  # type: ignore[attr-defined]
    return dependency


@uses_unit_of_work
async def unit_of_work(request: Request) -> AsyncSession:
    """The request owns the transaction (TransactionalRoute): commit when the endpoint's response is
    ready, roll back when it raises. `async def` though it awaits nothing: FastAPI would run a plain
    `def` in its thread pool."""
    return request_session(request)


SessionDep = Annotated[AsyncSession, Depends(unit_of_work)]


def check_routes_own_their_transaction(routers: Iterable[APIRouter]) -> None:
    """Refuse a router with a route that takes the request's session but is not a TransactionalRoute:
    that session would never be committed."""
    for router in routers:
        for route in router.routes:
            if isinstance(route, APIRoute) and not isinstance(route, TransactionalRoute) and _uses_session(route):
                raise TypeError(f"{route.path}: make its router a zjtx.common.web.routing.Router (to commit)")


def _uses_session(route: APIRoute) -> bool:
    pending = list(route.dependant.dependencies)
    while pending:
        dependant = pending.pop()
        if getattr(dependant.call, "uses_unit_of_work", False):
            return True
        pending.extend(dependant.dependencies)
    return False


def actor_for(request: Request, client: Client) -> Actor:
    state = request.state
    return Actor(client.name, getattr(state, "request_id", None), getattr(state, "client_request_id", None))
