"""Gauges sampled from a service's own database, for alerts: dead letters still open (per consumer),
the outbox's backlog and the age of its oldest unsent row, and the measures a service declares itself
(`ServiceDefinition.measures`: the bank events finance-subsidy holds, ...). The runtime samples them
every `METRICS_SAMPLE_SECONDS`; every replica sees the same database, so alerts take the max()."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from prometheus_client import Gauge
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from zjtx.common.messaging.tables import DeadLetterRow, OutboxRow
from zjtx.common.metrics import DEAD_LETTERS_OPEN, OUTBOX_BACKLOG, OUTBOX_OLDEST_AGE

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Measure:
    """A gauge of the service's own, `name` in Prometheus's terms (`zjtx_<service>_<what>`), its value
    read by `sample` from the service's database in the sampler's (read-only) transaction."""

    name: str
    description: str
    sample: Callable[[AsyncSession], Awaitable[float]]


# One gauge per name for the process: a sampler made twice (tests make apps again and again) reuses it.
_GAUGES: dict[str, Gauge] = {}


def _gauge(measure: Measure) -> Gauge:
    if measure.name not in _GAUGES:
        _GAUGES[measure.name] = Gauge(measure.name, measure.description)
    return _GAUGES[measure.name]


_OPEN_DEAD_LETTERS = (
    select(DeadLetterRow.consumer, func.count())
    .where(DeadLetterRow.redriven_at.is_(None))
    .group_by(DeadLetterRow.consumer)
)
# The partial index of unsent rows answers both without reading the sent ones.
_UNSENT = select(
    func.count(), func.coalesce(func.extract("epoch", func.clock_timestamp() - func.min(OutboxRow.created_at)), 0)
).where(OutboxRow.sent_at.is_(None))


class MetricsSampler:
    """Sets the gauges from the database; `consumers` are the service's consumer names, shown at 0 when
    they have no open dead letter (an alert then sees 0, not a missing series)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        consumers: Sequence[str] = (),
        measures: Sequence[Measure] = (),
    ) -> None:
        self._sessions = sessions
        self._consumers = set(consumers)
        self._measures = [(measure, _gauge(measure)) for measure in measures]

    async def sample(self) -> None:
        async with self._sessions() as session:
            open_letters = dict((await session.execute(_OPEN_DEAD_LETTERS)).all())
            backlog, oldest_age = (await session.execute(_UNSENT)).one()
            values = [(gauge, await measure.sample(session)) for measure, gauge in self._measures]
        self._consumers |= set(open_letters)
        for consumer in self._consumers:
            DEAD_LETTERS_OPEN.labels(consumer).set(open_letters.get(consumer, 0))
        OUTBOX_BACKLOG.set(backlog)
        OUTBOX_OLDEST_AGE.set(float(oldest_age))
        for gauge, value in values:
            gauge.set(value)

    async def run(self, stop: asyncio.Event, every_seconds: float) -> None:
        """Sample until `stop` is set; a failed sample (the database away) is logged and tried again."""
        while not stop.is_set():
            try:
                await self.sample()
            except Exception as exc:  # the gauges keep their last values; the next tick tries again
                log.warning("sampling the metrics failed: %r", exc)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), every_seconds)
