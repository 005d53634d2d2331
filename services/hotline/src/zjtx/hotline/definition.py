"""The hotline as the kit runs it: its routers, the events it consumes (the registry's enterprises,
payments-watch's overdue payables, and its own ticket events, which become callbacks), its jobs."""

from __future__ import annotations

from pathlib import Path

from zjtx.common.events import hotline as hotline_events
from zjtx.common.kit import InRuns, Job, ServiceDefinition
from zjtx.common.migrations import Schema
from zjtx.hotline import SERVICE_NAME
from zjtx.hotline.callback.handlers import ticket_events
from zjtx.hotline.callback.router import router as callback_router
from zjtx.hotline.callback.service import deliver_callbacks
from zjtx.hotline.deadline.service import supervise_deadlines
from zjtx.hotline.department.router import router as department_router
from zjtx.hotline.error_titles import ERROR_TITLES
from zjtx.hotline.intake.router import router as intake_router
from zjtx.hotline.kpi.router import router as kpi_router
from zjtx.hotline.kpi.service import compact_kpis
from zjtx.hotline.open311.router import router as open311_router
from zjtx.hotline.parameters import HOTLINE_PARAMETERS
from zjtx.hotline.readmodel.handlers import HANDLERS as READ_MODEL_HANDLERS
from zjtx.hotline.settings import HotlineSettings
from zjtx.hotline.ticket.router import router as ticket_router
from zjtx.hotline.transition.router import router as transition_router
from zjtx.hotline.transition.rules import STATUS_NAMES as TICKET_STATUS_NAMES

VERSIONS = Path(__file__).resolve().parents[3] / "migrations" / "versions"
CALLBACK_RUNS = InRuns(ticket_events)

HOTLINE = ServiceDefinition(
    name=SERVICE_NAME,
    port=8005,
    title="Hotline — Hohhot 专精特新 SME-support platform",
    description="The 12345 enterprise desk (policy article 14): signed intake from the 12345 system, routing to "
    "departments, the life of a ticket, working-day deadlines and supervision, signed callbacks, the response, "
    "resolution and satisfaction rates, and a public Open311 GeoReport v2 view.",
    schema=Schema(tables="zjtx.hotline.tables", versions=VERSIONS),
    routers=(
        intake_router,
        ticket_router,
        transition_router,
        department_router,
        kpi_router,
        callback_router,
        open311_router,
    ),
    handlers={
        **READ_MODEL_HANDLERS,
        # One InRuns for every verb: a burst of ticket events becomes callbacks a run at a time.
        **{contract: CALLBACK_RUNS for contract in hotline_events.TICKET_EVENTS.values()},
    },
    jobs=(
        Job(
            "supervise-deadlines",
            every_seconds=3600.0,
            run=supervise_deadlines,
            in_batches=True,
            summary="Supervise (督办) every deadline that has passed now",
            description="A14.2: a deadline (acknowledge, reply, return visit, in working days) that has passed is "
            "supervised (督办): marked on the ticket, audited, published and called back, once. Deadlines left "
            "unknown because their year's holidays were not on record are computed once they are.",
        ),
        Job(
            "deliver-callbacks",
            every_seconds=5.0,
            run=deliver_callbacks,
            summary="Deliver the due callbacks to the 12345 system now",
            description="Each ticket change becomes a callback; the due ones are POSTed to `CALLBACK_URL`, signed "
            "like a webhook, in order per ticket, retried with exponential back-off, and parked as `failed` after "
            "the last try. Without `CALLBACK_URL` they wait.",
        ),
        Job(
            "compact-kpis",
            every_seconds=60.0,
            run=compact_kpis,
            summary="Fold the rates' deltas into their daily sums now",
            description="A14.2's rates are read from sums per day of receipt and department; each ticket change "
            "writes a delta, and this folds the deltas into the sums.",
        ),
    ),
    publishes=(hotline_events.TOPIC,),
    parameters=HOTLINE_PARAMETERS,
    statuses={"ticket": TICKET_STATUS_NAMES},
    settings=HotlineSettings,
    error_titles=ERROR_TITLES,
)
