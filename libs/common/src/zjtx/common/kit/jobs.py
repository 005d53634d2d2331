"""Running a job (zjtx.common.kit.definition.Job): once in a transaction, or, for a job `in_batches`, a
batch a transaction until a batch changes nothing. Used by the scheduler and by the job's admin route."""

from __future__ import annotations

from typing import Any

from zjtx.common.db import transaction
from zjtx.common.kit.context import Context
from zjtx.common.kit.definition import Job
from zjtx.common.web.audit import Actor

# A run of a job in batches stops after this many; what is left goes at its next run.
MAX_BATCHES = 1000


async def run_job(job: Job, state: Any, actor: Actor, **arguments: Any) -> int:
    """Run `job` as `actor` with the app's `state` (sessions, clock, parameters, reference, settings);
    returns how many things it changed in all. A job in batches commits each batch before the next, so
    that the row locks a batch takes are held for one batch, not for the whole run."""
    changed = 0
    for _ in range(MAX_BATCHES if job.in_batches else 1):
        async with transaction(state.sessions) as session:
            ctx = Context(
                session=session,
                clock=state.clock,
                parameters=state.parameters,
                reference=state.reference,
                actor=actor,
                settings=state.settings,
            )
            batch = await job.run(ctx, **arguments)
        changed += batch
        if not batch:
            break
    return changed
