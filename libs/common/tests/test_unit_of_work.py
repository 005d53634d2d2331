"""The request's transaction (TransactionalRoute, which every Router's KitRoute is): committed once the
endpoint's answer is ready, so a commit that fails is the caller's error response and writes nothing; a
router without the route class is refused when the app is built, since its sessions would never be
committed."""

from __future__ import annotations

import httpx
import pytest
from fastapi import APIRouter
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm import Session

from zjtx.common.kit import create_app
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.testing.clients import default_keys
from zjtx.common.testing.databases import rolled_back
from zjtx.common.web.deps import SessionDep


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


@pytest.fixture
def keys():
    return default_keys("admin", "admin")


class RefusingSession(Session):
    """A session whose commit fails, as one does when the server refuses it."""

    def commit(self) -> None:
        raise RuntimeError("the commit was refused")


async def test_a_refused_commit_is_the_callers_error_and_writes_nothing(service_definition, settings, engine, keys):
    async with rolled_back(engine) as (connection, _):
        refusing = async_sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", sync_session_class=RefusingSession
        )
        app = create_app(service_definition, settings, sessions=refusing, clients=keys.store)
        # The error handler answers 500 and re-raises, for the server to log: this client only looks at the answer.
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            response = await http.post("/v1/ticks", json={"name": "a"}, headers=keys.headers("admin"))
        assert (response.status_code, response.json()["code"]) == (500, "internal_error")
        assert await connection.scalar(select(func.count()).select_from(OutboxRow)) == 0


def test_a_router_that_takes_sessions_without_the_route_class_is_refused(service_definition, settings, sessions, keys):
    plain = APIRouter(prefix="/v1/plain")

    @plain.get("/count")
    async def count(session: SessionDep) -> int:
        return 0

    definition = service_definition.__class__(**{**vars(service_definition), "routers": (plain,)})
    with pytest.raises(TypeError, match=r"zjtx\.common\.web\.routing\.Router"):
        create_app(definition, settings, sessions=sessions, clients=keys.store)
