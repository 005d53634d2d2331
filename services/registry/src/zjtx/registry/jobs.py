"""Scheduled jobs of the registry, and the admin endpoint that runs them on demand."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from zjtx.common.clock import Clock
from zjtx.common.db import transaction
from zjtx.common.web.audit import Actor
from zjtx.common.web.deps import SessionDep, actor_for
from zjtx.registry.context import Context
from zjtx.registry.deps import Admin
from zjtx.registry.recognition.service import expire_due
from zjtx.registry.reference import Reference

EXPIRY_ACTOR = Actor("system:expire-recognitions")

router = APIRouter(prefix="/v1/admin/jobs", tags=["operations"])


class JobResult(BaseModel):
    job: str
    affected: int


async def run_expiry(sessions: async_sessionmaker[AsyncSession], clock: Clock, reference: Reference) -> int:
    """The daily expiry of recognitions (the scheduler calls it hourly; it is idempotent)."""
    async with transaction(sessions) as session:
        return await expire_due(Context(session=session, clock=clock, reference=reference, actor=EXPIRY_ACTOR))


@router.post("/expire-recognitions", response_model=JobResult, summary="Run the recognition expiry job now")
async def expire_recognitions(request: Request, session: SessionDep, client: Admin) -> JobResult:
    state = request.app.state
    ctx = Context(session=session, clock=state.clock, reference=state.reference, actor=actor_for(request, client))
    return JobResult(job="expire-recognitions", affected=await expire_due(ctx))
