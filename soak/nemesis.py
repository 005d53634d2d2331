"""The nemesis: a SIGKILL every 20-60 s of a service that is up, and the broker restarted empty."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time

from soak.ledger import log
from soak.platform import Platform

# -- the nemesis ---------------------------------------------------------------------------------------


async def nemesis(
    platform: Platform, rng: random.Random, seconds: float, broker_restarts: int, alone: bool, stop: asyncio.Event
):
    """A SIGKILL every 20-60 s, counted from the previous kill (not from the service's return: on a slow
    machine two may be down at once), of a service that is up; the broker restart(s) spread over the run,
    once no service is coming back."""
    started = time.monotonic()
    restarts_at = sorted(started + seconds * (i + 1) / (broker_restarts + 1) for i in range(broker_restarts))
    next_kill = started + rng.uniform(20, 60)
    coming_back: dict[str, asyncio.Task] = {}
    try:
        while not stop.is_set():
            for name in [n for n, task in coming_back.items() if task.done()]:
                coming_back.pop(name).result()  # a service that could not start again ends the run
            now = time.monotonic()
            if restarts_at and now >= restarts_at[0] and not coming_back:
                restarts_at.pop(0)
                if alone:
                    log("nemesis: broker restarted (empty) under the running services")
                    await platform.restart_broker()
                else:
                    log("nemesis: every service SIGKILLed, the broker restarted (empty), every service started again")
                    await platform.restart_everything()
                    log("nemesis: everything back after the broker restart")
                next_kill = time.monotonic() + rng.uniform(20, 60)
            elif now >= next_kill and (up := [n for n in platform.processes if n not in coming_back]):
                name = rng.choice(up)
                pause = rng.uniform(1, 3)
                log(f"nemesis: SIGKILL {name}, back in {pause:.1f}s")
                coming_back[name] = asyncio.create_task(platform.kill_and_restart(name, pause))
                next_kill = now + rng.uniform(20, 60)
            else:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), 0.5)
    finally:
        for task in coming_back.values():
            await task
