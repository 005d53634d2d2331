"""The finance-subsidy service as the kit runs it: its routers, the registry's events it consumes, the
banks' topic it reads (a foreign topic: their format, deduplicated with the webhook), its events, its job."""

from __future__ import annotations

from pathlib import Path

from zjtx.common.events import finance as finance_events
from zjtx.common.kit import Job, ServiceDefinition
from zjtx.common.migrations import Schema
from zjtx.finance_subsidy import SERVICE_NAME
from zjtx.finance_subsidy.bank.router import router as bank_router
from zjtx.finance_subsidy.enterprise.handlers import HANDLERS
from zjtx.finance_subsidy.error_titles import ERROR_TITLES
from zjtx.finance_subsidy.intake.router import router as intake_router
from zjtx.finance_subsidy.intake.service import BANK_EVENTS, HELD_MEASURES, count_stale_held
from zjtx.finance_subsidy.kpi.router import router as kpi_router
from zjtx.finance_subsidy.loan.router import router as loan_router
from zjtx.finance_subsidy.lpr.router import router as lpr_router
from zjtx.finance_subsidy.parameters import FINANCE_PARAMETERS
from zjtx.finance_subsidy.pool.router import router as pool_router
from zjtx.finance_subsidy.product.router import router as product_router
from zjtx.finance_subsidy.simulate.router import router as simulate_router
from zjtx.finance_subsidy.subsidy.router import router as subsidy_router
from zjtx.finance_subsidy.subsidy.schemas import STATUS_NAMES as SUBSIDY_STATUS_NAMES

VERSIONS = Path(__file__).resolve().parents[3] / "migrations" / "versions"

FINANCE_SUBSIDY = ServiceDefinition(
    name=SERVICE_NAME,
    port=8003,
    title="Finance subsidy — Hohhot 专精特新 SME-support platform",
    description="Banks' loan events in (signed webhook or the Kafka topic bank.loan-events), 小巨人 interest "
    "subsidies (A5.1) reviewed, approved and paid with the F.1 split, the 助保贷 rate ceiling (A5.2) and risk "
    "pool (A5.3), loan products matched to enterprises (A5.4), and the LPR table they are computed from.",
    schema=Schema(tables="zjtx.finance_subsidy.tables", versions=VERSIONS),
    routers=(
        intake_router,
        subsidy_router,
        loan_router,
        lpr_router,
        bank_router,
        pool_router,
        product_router,
        simulate_router,
        kpi_router,
    ),
    handlers=HANDLERS,
    foreign_topics=(BANK_EVENTS,),
    jobs=(
        Job(
            "stale-held-events",
            every_seconds=3600.0,
            run=count_stale_held,
            summary="Count (and log) the bank events held for their loan longer than held_event_age",
            description="A bank event about a loan not reported yet is held until its `loan.disbursed` arrives; "
            "one held longer than the parameter `held_event_age` (7 days) is counted and logged for staff, who "
            "find them with `GET /v1/bank-events?stale=true`; `affected` is how many there are. Nothing is changed.",
        ),
    ),
    publishes=finance_events.TOPICS,
    parameters=FINANCE_PARAMETERS,
    statuses={"subsidy": SUBSIDY_STATUS_NAMES},
    measures=HELD_MEASURES,
    error_titles=ERROR_TITLES,
)
