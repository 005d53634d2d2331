"""The awards service as the kit runs it: its routers, the registry's events it consumes, its events."""

from __future__ import annotations

from pathlib import Path

from zjtx.awards import SERVICE_NAME
from zjtx.awards.appropriation.router import router as appropriation_router
from zjtx.awards.award.router import router as award_router
from zjtx.awards.award.schemas import STATUS_NAMES as AWARD_STATUS_NAMES
from zjtx.awards.budget.router import router as budget_router
from zjtx.awards.catalog.router import router as catalog_router
from zjtx.awards.claim.router import router as claim_router
from zjtx.awards.error_titles import ERROR_TITLES
from zjtx.awards.intake.handlers import HANDLERS
from zjtx.awards.land_priority.router import router as land_priority_router
from zjtx.awards.land_project.router import router as land_project_router
from zjtx.awards.notice.router import router as notice_router
from zjtx.awards.parameters import AWARDS_PARAMETERS
from zjtx.awards.public.router import router as public_router
from zjtx.awards.simulate.router import router as simulate_router
from zjtx.common.events import awards as award_events
from zjtx.common.kit import ServiceDefinition
from zjtx.common.migrations import Schema

VERSIONS = Path(__file__).resolve().parents[3] / "migrations" / "versions"

AWARDS = ServiceDefinition(
    name=SERVICE_NAME,
    port=8002,
    title="Awards — Hohhot 专精特新 SME-support platform",
    description="The policy's awards (articles 1-4 and 6) computed from events and claims, explained to the "
    "fen, reviewed, approved and paid, funded half by the city and half by the district (F.1).",
    schema=Schema(tables="zjtx.awards.tables", versions=VERSIONS),
    routers=(
        award_router,
        notice_router,
        claim_router,
        simulate_router,
        catalog_router,
        budget_router,
        appropriation_router,
        public_router,
        land_priority_router,
        land_project_router,
    ),
    handlers=HANDLERS,
    publishes=(award_events.TOPIC, award_events.CLAIM_TOPIC),
    parameters=AWARDS_PARAMETERS,
    statuses={"award": AWARD_STATUS_NAMES},
    error_titles=ERROR_TITLES,
)
