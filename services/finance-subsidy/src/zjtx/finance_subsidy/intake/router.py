from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request

from zjtx.common.lpr import LprUnknown
from zjtx.common.rules import said_in
from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web.language import ReaderLanguage
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Limit, Router, problems
from zjtx.common.web.signatures import (
    SIGNATURE_HEADER,
    SIGNATURE_PARAMETERS,
    TIMESTAMP_HEADER,
    InvalidSignature,
    StaleSignature,
    verify,
)
from zjtx.finance_subsidy import errors, paging
from zjtx.finance_subsidy.deps import BankCallerDep, BankCodeFilter, BankKeyUnbound, LoanIdFilter, ViewerDep
from zjtx.finance_subsidy.intake import repository, service
from zjtx.finance_subsidy.intake.schemas import (
    EVENT_STATUS_SAID,
    EVENT_TYPES_SAID,
    PAYLOADS,
    BankEventIn,
    BankEventRead,
    BankEventReceipt,
    EventStatus,
    EventType,
)

router = Router(prefix="/v1/bank-events", tags=["bank events"])

_WEBHOOK_DOC = """A bank's loan event, signed: `X-Zjtx-Timestamp` (unix seconds) and
`X-Zjtx-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>` with the client's webhook
secret; outside a 5-minute window, or a wrong signature, is 401 and nothing is stored. The body names the
caller's own bank (403 otherwise). An event id is applied once, whether it came here or on the topic
`bank.loan-events`: a repeat answers 200 with `"duplicate": true`. An event about a loan not reported
yet is held and applied when the loan arrives (`"status": "held"`).

What follows from an event: `loan.disbursed` records the loan (the borrower must be known from the
registry: `enterprise_unknown`) and checks a 助保贷 loan's rate against the ceiling LPR + 100 bp (A5.2);
`loan.interest_paid` decides the period's interest subsidy (A5.1: 50% of the 1-year LPR on the
disbursement date, actual/360, never more than the interest paid, at most 500,000.00 per enterprise per
calendar year of payment); `loan.defaulted` compensates 30% of the outstanding principal from the risk
pool, or waits for funds (A5.3); `loan.recovered` returns 30% of the recovery to the pool (A5.3)."""

BankEventType = Annotated[EventType | None, Query(description=f"only events of this type: {EVENT_TYPES_SAID}")]
BankEventStatus = Annotated[EventStatus | None, Query(description=f"only events in this status: {EVENT_STATUS_SAID}")]
Stale = Annotated[
    bool,
    Query(
        description="true: only the events held for their loan longer than the parameter `held_event_age` "
        "(7 days), whatever `status` says"
    ),
]


def _body_schema() -> dict:
    """The body as documented: the envelope with its payload as one of the five types' payloads."""
    schema = BankEventIn.model_json_schema(ref_template="#/components/schemas/{model}")
    payload = schema["properties"]["payload"]
    schema["properties"]["payload"] = {
        "description": payload["description"],
        "oneOf": [model.model_json_schema() for model in PAYLOADS.values()],
    }
    return schema


@router.post(
    "",
    response_model=BankEventReceipt,
    summary="A bank's signed loan event (webhook)",
    description=_WEBHOOK_DOC,
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": _body_schema()}}},
        "parameters": SIGNATURE_PARAMETERS,
    },
    responses=problems(
        errors.MalformedEvent,
        InvalidSignature,
        StaleSignature,
        BankKeyUnbound,
        errors.BankMismatch,
        errors.BankEventConflict,
        errors.LoanExists,
        errors.LoanAlreadyDefaulted,
        errors.PeriodOverlaps,
        errors.InvalidEvent,
        InvalidUSCC,
        errors.BankUnknown,
        errors.EnterpriseUnknown,
        errors.AmountInvalid,
        errors.LoanDatesInvalid,
        errors.PeriodInvalid,
        errors.PeriodOutsideLoan,
        errors.DateBeforeLoan,
        errors.DateInFuture,
        errors.OutstandingExceedsPrincipal,
        errors.RepaymentExceedsOutstanding,
        LprUnknown,
    ),
)
async def receive(request: Request, caller: BankCallerDep) -> BankEventReceipt:
    body = await request.body()
    verify(
        caller.client.attributes.get("webhook_secret"),
        timestamp=request.headers.get(TIMESTAMP_HEADER),
        signature_header=request.headers.get(SIGNATURE_HEADER),
        body=body,
        now=caller.ctx.clock.now(),
    )
    return await service.receive_webhook(caller.ctx, caller_bank=caller.bank_code, raw=body)


@router.get(
    "",
    response_model=Page[BankEventRead],
    summary="Banks' events, with those held for their loan",
    responses=problems(InvalidCursor, BankKeyUnbound),
)
async def list_events(
    viewer: ViewerDep,
    language: ReaderLanguage,
    bank_code: BankCodeFilter = None,
    status: BankEventStatus = None,
    loan_id: LoanIdFilter = None,
    type: BankEventType = None,
    stale: Stale = False,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[BankEventRead]:
    """The events received, by webhook or topic, in the order received. `stale=true`: the events held for
    their loan longer than the parameter `held_event_age` (7 days), for staff to take up with the bank. A
    bank's key sees its own bank's events only."""
    ctx = viewer.ctx
    if viewer.bank_code is not None:
        if bank_code not in (None, viewer.bank_code):
            return Page(items=[], next_cursor=None)
        bank_code = viewer.bank_code
    age = service.stale_after(ctx)
    now = ctx.clock.now()
    rows = await repository.search(
        ctx.session,
        bank_code=bank_code,
        status="held" if stale else status,
        loan_id=loan_id,
        event_type=type,
        received_before=now - age if stale else None,
        limit=limit,
        after=paging.after_seq(cursor),
    )
    items = [
        BankEventRead(
            id=row.id,
            event_id=row.event_id,
            bank_code=row.bank_code,
            type=row.event_type,
            loan_id=row.loan_id,
            occurred_at=row.occurred_at,
            received_via=row.received_via,
            status=row.status,
            reason=said_in(language, row.reason, row.reason_zh),
            payload=row.payload,
            received_at=row.received_at,
            applied_at=row.applied_at,
            age_days=max(0, (now - row.received_at).days),
            stale=row.status == "held" and now - row.received_at > age,
        )
        for row in rows
    ]
    return Page(items=items, next_cursor=paging.next_seq_cursor(rows, limit))
