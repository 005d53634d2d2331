from __future__ import annotations

from typing import Literal

from fastapi import Request

from zjtx.common.web.paging import Page, clamp_limit
from zjtx.common.web.routing import Router
from zjtx.common.web.signatures import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify
from zjtx.finance_subsidy import paging
from zjtx.finance_subsidy.deps import BankCallerDep, BankCodeFilter, LoanIdFilter, TypeFilter, ViewerDep
from zjtx.finance_subsidy.intake import repository, service
from zjtx.finance_subsidy.intake.schemas import BankEventIn, BankEventRead, BankEventReceipt

router = Router(prefix="/v1/bank-events", tags=["bank events"])

_WEBHOOK_DOC = """A bank's loan event, signed: `X-Zjtx-Timestamp` (unix seconds) and
`X-Zjtx-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>` with the client's webhook
secret; outside a 5-minute window, or a wrong signature, is 401 and nothing is stored. The body names the
caller's own bank (403 otherwise). An event id is applied once, whether it came here or on the topic
`bank.loan-events`: a repeat answers 200 with `"duplicate": true`. An event about a loan not reported
yet is held and applied when the loan arrives (`"status": "held"`)."""


@router.post(
    "",
    response_model=BankEventReceipt,
    summary="A bank's signed loan event (webhook)",
    description=_WEBHOOK_DOC,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": BankEventIn.model_json_schema(ref_template="#/components/schemas/{model}")
                }
            },
        },
        "parameters": [
            {"name": TIMESTAMP_HEADER, "in": "header", "required": True, "schema": {"type": "string"}},
            {"name": SIGNATURE_HEADER, "in": "header", "required": True, "schema": {"type": "string"}},
        ],
    },
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


@router.get("", response_model=Page[BankEventRead], summary="Banks' events, with those held for their loan")
async def list_events(
    viewer: ViewerDep,
    bank_code: BankCodeFilter = None,
    status: Literal["applied", "held", "refused"] | None = None,
    loan_id: LoanIdFilter = None,
    type: TypeFilter = None,
    stale: bool = False,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[BankEventRead]:
    """`stale=true`: the events held for their loan longer than the parameter `held_event_age` (7 days),
    for staff to take up with the bank. A bank's key sees its own bank's events only."""
    ctx = viewer.ctx
    if viewer.bank_code is not None:
        if bank_code not in (None, viewer.bank_code):
            return Page(items=[], next_cursor=None)
        bank_code = viewer.bank_code
    limit = clamp_limit(limit)
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
            reason=row.reason,
            payload=row.payload,
            received_at=row.received_at,
            applied_at=row.applied_at,
            age_days=max(0, (now - row.received_at).days),
            stale=row.status == "held" and now - row.received_at > age,
        )
        for row in rows
    ]
    return Page(items=items, next_cursor=paging.next_seq_cursor(rows, limit))
