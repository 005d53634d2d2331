"""The payments-watch service as the kit runs it: its routers, the events it consumes (the registry's
enterprises, the finance service's LPR publications, the hotline's tickets), its job and its events."""

from __future__ import annotations

from pathlib import Path

from zjtx.common.events import payments as payment_events
from zjtx.common.kit import Job, ServiceDefinition
from zjtx.common.migrations import Schema
from zjtx.payments_watch import SERVICE_NAME, errors
from zjtx.payments_watch.buyer.router import router as buyer_router
from zjtx.payments_watch.complaint.handlers import HANDLERS as COMPLAINT_HANDLERS
from zjtx.payments_watch.complaint.router import router as complaint_router
from zjtx.payments_watch.contract.router import router as contract_router
from zjtx.payments_watch.dispute.router import router as dispute_router
from zjtx.payments_watch.error_titles import ERROR_TITLES
from zjtx.payments_watch.lpr.handlers import HANDLERS as LPR_HANDLERS
from zjtx.payments_watch.lpr.router import router as lpr_router
from zjtx.payments_watch.parameters import PAYMENTS_WATCH_PARAMETERS
from zjtx.payments_watch.procurement.router import router as procurement_router
from zjtx.payments_watch.report.router import router as report_router
from zjtx.payments_watch.risk.router import router as risk_router
from zjtx.payments_watch.scan.service import scan_overdue
from zjtx.payments_watch.seller.handlers import HANDLERS as SELLER_HANDLERS

VERSIONS = Path(__file__).resolve().parents[3] / "migrations" / "versions"

PAYMENTS_WATCH = ServiceDefinition(
    name=SERVICE_NAME,
    port=8004,
    title="Payments-watch — Hohhot 专精特新 SME-support platform",
    description="That 机关, 事业单位 and large buyers pay SMEs on time (policy article 10, the payment "
    "regulation's 2020 text and 2025 revision): statutory due dates, overdue interest, buyers' risk, the "
    "31 March disclosure; and the SME reserve of procurement plans (article 9).",
    schema=Schema(tables="zjtx.payments_watch.tables", versions=VERSIONS),
    routers=(
        buyer_router,
        risk_router,
        complaint_router,
        contract_router,
        dispute_router,
        report_router,
        procurement_router,
        lpr_router,
    ),
    handlers={**SELLER_HANDLERS, **LPR_HANDLERS, **COMPLAINT_HANDLERS},
    jobs=(
        Job(
            "scan-overdue",
            every_seconds=3600.0,
            run=scan_overdue,
            summary="Run the daily scan now (for ?as_of=YYYY-MM-DD, up to today): became_overdue once per "
            "payable, every buyer's risk",
            as_of=True,
            description="As of the day (today if not given; a later day is 422 `date_in_future`): "
            "`payments.payable.became_overdue` once for every payable not paid in full by its due date (A10.1-A10.3), "
            "every buyer's A10.5 risk stored, and `payments.buyer.risk_changed` when a level moves; contracts whose "
            "due dates waited for a year's holiday notices are read again. `affected` counts the events published.",
            problems=(errors.DateInFuture,),
        ),
    ),
    publishes=payment_events.TOPICS,
    parameters=PAYMENTS_WATCH_PARAMETERS,
    error_titles=ERROR_TITLES,
)
