"""FastAPI dependencies every router uses: the unit of work, the caller, the actor for audit records."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.common.db import transaction
from zjtx.common.web.audit import Actor
from zjtx.common.web.auth import Client


async def unit_of_work(request: Request) -> AsyncIterator[AsyncSession]:
    """The request owns the transaction: commit when the endpoint returns, roll back when it raises.
    Runs with scope="function" so a failed commit is the caller's error response, never a lost write."""
    async with transaction(request.app.state.sessions) as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(unit_of_work, scope="function")]


def actor_for(request: Request, client: Client) -> Actor:
    return Actor(client.name, getattr(request.state, "request_id", None))
