"""Waiting in tests: on a condition, with a deadline; never a fixed sleep standing in for "long enough"."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def eventually(
    probe: Callable[[], Awaitable[T]], *, timeout: float = 30.0, interval: float = 0.05, what: str = "condition"
) -> T:
    """Poll `probe` until it returns something truthy, and return that; fail after `timeout` seconds
    saying what was awaited and the last value seen."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = await probe()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError(f"{what} not reached within {timeout:g} s (last: {value!r})")
        await asyncio.sleep(interval)


def check(predicate: Callable[[], object]) -> Callable[[], Awaitable[object]]:
    """A synchronous condition (a metric, a flag) as a probe for `eventually`."""

    async def probe() -> object:
        return predicate()

    return probe


def wait_until(probe: Callable[[], T], *, timeout: float = 30.0, interval: float = 0.05, what: str = "condition") -> T:
    """`eventually` for code without an event loop (a process started and waited for from a thread):
    poll `probe` until it returns something truthy, and return that; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not reached within {timeout:g} s (last: {value!r})")
        time.sleep(interval)
