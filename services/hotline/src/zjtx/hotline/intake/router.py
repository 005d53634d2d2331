from __future__ import annotations

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from zjtx.common.web.routing import Router, problems
from zjtx.common.web.signatures import (
    SIGNATURE_HEADER,
    SIGNATURE_PARAMETERS,
    TIMESTAMP_HEADER,
    InvalidSignature,
    StaleSignature,
    verify,
)
from zjtx.hotline import errors
from zjtx.hotline.deps import IntakeCaller
from zjtx.hotline.intake import service
from zjtx.hotline.intake.schemas import TicketCreate
from zjtx.hotline.ticket.schemas import TicketRead

router = Router(prefix="/v1", tags=["tickets"])

_SIGNED = {
    "parameters": SIGNATURE_PARAMETERS,
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": TicketCreate.model_json_schema()}},
    },
}


@router.post(
    "/tickets",
    status_code=201,
    response_model=TicketRead,
    summary="Take a complaint from the 12345 system (signed; a known external_id answers 200)",
    description=f"Signed like every webhook: `{TIMESTAMP_HEADER}` (unix seconds) and `{SIGNATURE_HEADER}: sha256=<hex "
    'HMAC-SHA256(webhook_secret, timestamp + "." + raw body)>`, within 5 minutes. 201 with the new ticket; 200 with '
    "the ticket when the external_id was seen before.\n\n"
    "A complaint or suggestion of an enterprise through the 12345 hotline's enterprise desk (A14.1): kept as given "
    "(an unknown or mistyped credit code is marked, not refused), routed by its category to the department that "
    "handles it, and held to its deadlines in working days (A14.2: acknowledge within 1, reply within 5; an "
    "arrears complaint received from 2025-06-01 under the payment regulation's 2025 text: forwarded within 10, "
    "answered within 30 days).",
    openapi_extra=_SIGNED,
    responses={
        200: {"model": TicketRead, "description": "the external_id was seen before: the same ticket"},
        **problems(InvalidSignature, StaleSignature, errors.ReceivedInFuture, errors.CategoryUnknown),
    },
)
async def receive_ticket(request: Request, intake: IntakeCaller) -> Response:
    caller, client = intake
    body = await request.body()
    # The signature first: nothing of an unsigned body is read.
    verify(
        client.attributes.get("webhook_secret"),
        timestamp=request.headers.get(TIMESTAMP_HEADER),
        signature_header=request.headers.get(SIGNATURE_HEADER),
        body=body,
        now=caller.ctx.clock.now(),
    )
    try:
        data = TicketCreate.model_validate_json(body)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False, include_context=False)) from None
    ticket, created = await service.receive_ticket(caller, data=data)
    # Serialised here, once, by pydantic: the 12345 system's hot path (the model is TicketRead all the same).
    return Response(ticket.model_dump_json(), status_code=201 if created else 200, media_type="application/json")
