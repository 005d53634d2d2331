"""Running a service process: the HTTP API, the consumer, the outbox relay and the scheduler, each a
role switchable by settings, stopped in order on SIGTERM (DESIGN: "A service inside")."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import TypeVar

import uvicorn
import uvloop
from fastapi import FastAPI
from prometheus_client import start_http_server

from zjtx.common.db import asyncpg_connect_kwargs
from zjtx.common.messaging.consumer import EventConsumer, EventHandlers, GroupTiming
from zjtx.common.messaging.foreign import ForeignHandlers
from zjtx.common.messaging.foreign_consumer import ForeignConsumer
from zjtx.common.messaging.kafka import LogEnds, client_security, create_producer, ensure_topics
from zjtx.common.messaging.relay import OutboxRelay
from zjtx.common.migrations import Schema, migrate_async
from zjtx.common.sampling import Measure, MetricsSampler
from zjtx.common.settings import ServiceSettings

T = TypeVar("T")

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[object]]


@dataclass
class ScheduledJob:
    name: str
    every_seconds: float
    run: Job


@dataclass
class ServiceProcess:
    settings: ServiceSettings
    app: FastAPI
    handlers: EventHandlers
    schema: Schema
    topics: list[str]
    jobs: list[ScheduledJob] = field(default_factory=list)
    on_shutdown: Callable[[], Awaitable[None]] | None = None
    foreign: list[ForeignHandlers] = field(default_factory=list)  # topics of other systems, in their format
    measures: list[Measure] = field(default_factory=list)  # the service's own gauges (zjtx.common.sampling)


def build_relay(settings: ServiceSettings, sessions) -> OutboxRelay:
    security = client_security(settings)
    return OutboxRelay(
        sessions=sessions,
        producer_factory=partial(
            create_producer,
            settings.kafka_bootstrap_servers,
            client_id=f"{settings.service_name}-relay",
            security=security,
        ),
        listen_dsn=asyncpg_connect_kwargs(settings.database_url),
        batch_size=settings.relay_batch_size,
        batches_per_commit=settings.relay_batches_per_commit,
        poll_seconds=settings.relay_poll_seconds,
        max_backoff_seconds=settings.relay_max_backoff_seconds,
        min_round_seconds=settings.relay_min_round_seconds,
        prepare_topics=partial(
            ensure_topics,
            settings.kafka_bootstrap_servers,
            partitions=settings.kafka_topic_partitions,
            replication_factor=settings.kafka_replication_factor,
            security=security,
        ),
        retention=timedelta(days=settings.outbox_retention_days),
        log_ends=LogEnds(settings.kafka_bootstrap_servers, security=security),
    )


def consumer_of(
    settings: ServiceSettings, process: ServiceProcess, handlers: EventHandlers | ForeignHandlers
) -> EventConsumer:
    """The consumer of the service's events, or of one foreign topic, as the settings configure it."""
    options = {
        "sessions": process.app.state.sessions,
        "bootstrap_servers": settings.kafka_bootstrap_servers,
        "max_attempts": settings.consumer_max_attempts,
        "retry_base_seconds": settings.consumer_retry_base_seconds,
        "batch_size": settings.consumer_batch_size,
        "group_timing": GroupTiming.from_settings(settings),
        "security": client_security(settings),
    }
    if isinstance(handlers, ForeignHandlers):
        return ForeignConsumer(handlers=handlers, **options)
    return EventConsumer(handlers=handlers, **options)


async def _every(job: ScheduledJob, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            await job.run()
        except Exception:  # a failed run is logged and tried again at the next tick
            log.exception("scheduled job %s failed", job.name)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), job.every_seconds)


async def _consume_forever(consumer: EventConsumer, stop: asyncio.Event) -> None:
    """Keep a consumer running through broker outages: restart it with back-off until stopped."""
    backoff = 0.5
    while not stop.is_set():
        try:
            await consumer.start()
            backoff = 0.5
            await consumer.run(stop)
        except Exception as exc:
            log.warning("consumer %s stopped (%r); restarting in %.1fs", consumer.handlers.consumer, exc, backoff)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), backoff)
            backoff = min(backoff * 2, 30)
        finally:
            with contextlib.suppress(Exception):
                await consumer.stop()


def run(main: Coroutine[object, object, T]) -> T:
    """A process's main coroutine, on uvloop (libuv's event loop spends less CPU per request and per
    message than asyncio's own; uvicorn picks httptools for HTTP by itself), with the garbage collector
    tuned (tune_collector); its result. Call it once the process is built (app, routes, mappers)."""
    tune_collector()
    return uvloop.run(main)


def tune_collector() -> None:
    """What exists once a process is built lives as long as the process, so it is frozen out of the
    garbage collector, whose full passes would otherwise walk all of it again and again (tens of
    milliseconds each: a pause for every request in flight). And the young generation is collected
    every 10,000 net allocations rather than 700: a request allocates thousands of objects that
    reference counting frees anyway, and at 700 the collector ran several times per request, for 5% of
    the CPU."""
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


async def serve(process: ServiceProcess) -> None:
    settings = process.settings
    await migrate_async(process.schema, settings.database_url)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    tasks: list[asyncio.Task] = []
    if settings.run_consumer or settings.run_relay:
        security = client_security(settings)  # outside the suppress: unusable TLS files stop the start
        with contextlib.suppress(Exception):  # the broker may be down; the relay creates topics later
            await ensure_topics(
                settings.kafka_bootstrap_servers,
                process.topics,
                partitions=settings.kafka_topic_partitions,
                replication_factor=settings.kafka_replication_factor,
                security=security,
            )
    if settings.run_relay:
        relay = build_relay(settings, process.app.state.sessions)
        tasks.append(asyncio.create_task(relay.run(stop), name="relay"))
    if settings.run_consumer:
        consumers: list[EventConsumer] = [consumer_of(settings, process, foreign) for foreign in process.foreign]
        if process.handlers.topics:
            consumers.insert(0, consumer_of(settings, process, process.handlers))
        for consumer in consumers:
            tasks.append(asyncio.create_task(_consume_forever(consumer, stop), name=consumer.handlers.consumer))
    if settings.run_scheduler:
        tasks.extend(asyncio.create_task(_every(job, stop), name=job.name) for job in process.jobs)
    sampler = MetricsSampler(
        process.app.state.sessions,
        consumers=[process.handlers.consumer, *(foreign.consumer for foreign in process.foreign)],
        measures=process.measures,
    )
    tasks.append(asyncio.create_task(sampler.run(stop, settings.metrics_sample_seconds), name="metrics"))
    metrics_server = None
    if settings.metrics_port is not None:
        # A thread of prometheus_client's own, on a port only the scraper reaches (not the API's).
        metrics_host = settings.metrics_host or settings.http_host
        metrics_server, _ = start_http_server(settings.metrics_port, addr=metrics_host)
        log.info("metrics on http://%s:%d/metrics", metrics_host, settings.metrics_port)

    server = None
    if settings.run_api:
        config = uvicorn.Config(
            process.app,
            host=settings.http_host,
            port=settings.http_port,
            log_level="info",
            log_config=None,  # uvicorn's records go to the process's JSON handler (zjtx.common.logs)
            access_log=False,  # the request middleware writes the access log, with the route and the ids
            lifespan="off",
        )
        server = uvicorn.Server(config)
        # While it serves, uvicorn takes SIGTERM/SIGINT itself: it stops taking requests and finishes
        # those in hand, then raises the signal again, and our handler above stops every other role.
        tasks.append(asyncio.create_task(server.serve(), name="api"))
        log.info("%s listening on http://%s:%d", settings.service_name, settings.http_host, settings.http_port)

    await stop.wait()
    log.info("%s stopping: finishing work in hand", settings.service_name)
    if server is not None:
        server.should_exit = True
    await asyncio.gather(*tasks, return_exceptions=True)
    if metrics_server is not None:
        metrics_server.shutdown()
        metrics_server.server_close()
    if process.on_shutdown is not None:
        await process.on_shutdown()
