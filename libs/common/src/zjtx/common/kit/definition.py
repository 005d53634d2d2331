"""A service, as the kit runs it: one definition (name, port, its schema, routers, event handlers,
scheduled jobs, parameters) is all a service declares; the kit builds the app, the consumer, the
relay and the process from it (docs/new-service.md)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field

from fastapi import APIRouter
from pydantic import create_model

from zjtx.common.errors import AppError
from zjtx.common.events import EventContract
from zjtx.common.kit.context import ContextHandler, InRuns
from zjtx.common.kit.foreign import ForeignTopic
from zjtx.common.migrations import Schema
from zjtx.common.parameters import ParameterFile, ParameterSource, load_parameters
from zjtx.common.sampling import Measure
from zjtx.common.settings import ServiceSettings


@dataclass(frozen=True)
class Job:
    """Work the scheduler runs every `every_seconds` in a transaction of its own (safe to run in several
    replicas: a job must be idempotent), and `POST /v1/admin/jobs/<name>` runs now. Returns how many
    things it changed. A job with `as_of` is about a day: its route takes `?as_of=YYYY-MM-DD` and
    passes it on (`run(ctx, as_of=...)`); scheduled, it is called with the context alone (today).
    `description` is said in its route's documentation, beside `summary`, and `problems` listed in it.

    A job `in_batches` does one batch a call, in the transaction it is given, and returns how many things
    it changed; the kit calls it again, each time in a transaction of its own, until a batch changes
    nothing (zjtx.common.kit.jobs). Work over many rows is done so: one transaction over all of them
    would hold their locks for minutes against the consumers and requests that change them."""

    name: str
    every_seconds: float
    run: Callable[..., Awaitable[int]]
    summary: str
    as_of: bool = False
    description: str = ""  # what its route's documentation says beside the summary (the rules it applies)
    problems: tuple[type[AppError], ...] = ()  # the errors its run can raise, listed in its route's document
    in_batches: bool = False  # run again, a transaction a batch, until a batch changes nothing


@dataclass(frozen=True)
class ServiceDefinition:
    name: str  # "registry", "finance-subsidy": the service name, consumer group and event producer
    port: int
    title: str
    description: str
    schema: Schema
    routers: Sequence[APIRouter] = ()
    handlers: Mapping[EventContract, ContextHandler | InRuns] = field(default_factory=dict)
    jobs: Sequence[Job] = ()
    publishes: Sequence[str] = ()  # the topics its events go to
    # Topics other systems write in their own format, each consumed by the kit through its reader and
    # handler (zjtx.common.kit.foreign), deduplicated with the service's other routes for them.
    foreign_topics: Sequence[ForeignTopic] = ()
    parameters: ParameterSource | None = None  # its own parameters, beside the shared ones
    # Gauges of its own for alerts, sampled from its database beside the kit's (zjtx.common.sampling).
    measures: Sequence[Measure] = ()
    # Its statuses with their Chinese names, by the kind of record that has them (`{"award": {"approved":
    # "已批准", …}}`), for `GET /v1/reference` (zjtx.common.web.reference).
    statuses: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # The Chinese title of each error code of its own (zjtx.common.error_titles has the kit's): a problem's
    # title is in Chinese unless the caller's Accept-Language prefers English.
    error_titles: Mapping[str, str] = field(default_factory=dict)
    settings: type[ServiceSettings] = ServiceSettings  # a subclass when the service has settings of its own
    version: str = "0.1.0"

    @property
    def package(self) -> str:
        """The name under zjtx. and of the database: `finance_subsidy`."""
        return self.name.replace("-", "_")

    @property
    def topics(self) -> list[str]:
        """Every topic it writes to or reads from, for the topics it makes sure exist."""
        read = {declared.topic for declared in self.handlers} | {foreign.topic for foreign in self.foreign_topics}
        return sorted(read | set(self.publishes))

    def settings_class(self) -> type[ServiceSettings]:
        """The settings class of this service: its own defaults (name, port, database), read from the
        environment like any other."""
        return create_model(
            f"{self.package.title().replace('_', '')}Settings",
            __base__=self.settings,
            service_name=(str, self.name),
            http_port=(int, self.port),
            database_url=(str, f"postgresql+asyncpg://postgres@127.0.0.1:5432/zjtx_{self.package}"),
        )

    def load_parameters(self) -> ParameterFile:
        """The shared parameters and the service's own, checked against their models."""
        return load_parameters(*([self.parameters] if self.parameters else []))


def installed_services() -> list[ServiceDefinition]:
    """Every service installed in this environment (entry point group `zjtx.services`), by port."""
    from importlib.metadata import entry_points

    return sorted((entry.load() for entry in entry_points(group="zjtx.services")), key=lambda d: d.port)
