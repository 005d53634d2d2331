"""The registry as the kit runs it: its routers, the events it consumes and publishes, its job."""

from __future__ import annotations

from pathlib import Path

from zjtx.common.events import registry as registry_events
from zjtx.common.kit import Job, ServiceDefinition
from zjtx.common.migrations import Schema
from zjtx.registry import SERVICE_NAME
from zjtx.registry.credit_list.router import router as credit_list_router
from zjtx.registry.enterprise.router import router as enterprise_router
from zjtx.registry.error_titles import ERROR_TITLES
from zjtx.registry.history.handlers import HANDLERS
from zjtx.registry.history.router import router as history_router
from zjtx.registry.inspection.router import router as inspection_router
from zjtx.registry.kpi.router import router as kpi_router
from zjtx.registry.parameters import REGISTRY_PARAMETERS
from zjtx.registry.park.router import router as park_router
from zjtx.registry.park.service import qualify_parks
from zjtx.registry.pool.router import router as pool_router
from zjtx.registry.recognition.router import router as recognition_router
from zjtx.registry.recognition.schemas import STATUS_NAMES as RECOGNITION_STATUS_NAMES
from zjtx.registry.recognition.service import expire_due
from zjtx.registry.service_record.router import router as service_record_router

VERSIONS = Path(__file__).resolve().parents[3] / "migrations" / "versions"

REGISTRY = ServiceDefinition(
    name=SERVICE_NAME,
    port=8001,
    title="Registry — Hohhot 专精特新 SME-support platform",
    description="Enterprises, recognitions, cultivation pools, parks, scale reports, service records, "
    "inspections and KPIs (policy articles 1, 4, 7, 8, 11-13).",
    schema=Schema(tables="zjtx.registry.tables", versions=VERSIONS),
    routers=(
        enterprise_router,
        recognition_router,
        history_router,
        park_router,
        pool_router,
        service_record_router,
        inspection_router,
        credit_list_router,
        kpi_router,
    ),
    handlers=HANDLERS,
    jobs=(
        Job(
            "expire-recognitions",
            every_seconds=3600.0,
            run=expire_due,
            in_batches=True,
            summary="Run the recognition expiry job now",
        ),
        Job(
            "qualify-parks",
            every_seconds=86400.0,
            run=qualify_parks,
            summary="Check every park not qualified yet (or dated before the policy) for the A1.park plaque now",
        ),
    ),
    publishes=registry_events.TOPICS,
    parameters=REGISTRY_PARAMETERS,
    statuses={"recognition": RECOGNITION_STATUS_NAMES},
    error_titles=ERROR_TITLES,
)
