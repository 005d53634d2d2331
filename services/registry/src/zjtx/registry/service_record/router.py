from __future__ import annotations

from zjtx.common.dates import DateInFuture, DateTooEarly
from zjtx.common.uscc import InvalidUSCC
from zjtx.common.web import paging
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Limit, Router, UsccPath, problems
from zjtx.registry import errors
from zjtx.registry.deps import ReadContext, WriteContext
from zjtx.registry.service_record import service
from zjtx.registry.service_record.schemas import ServiceRecordCreate, ServiceRecordRead

router = Router(prefix="/v1/enterprises/{uscc}/service-records", tags=["service records"])

ONE = (InvalidUSCC, errors.EnterpriseNotFound)


@router.post(
    "",
    status_code=201,
    response_model=ServiceRecordRead,
    summary="Record a service given (A7, A8, A11, A12)",
    responses=problems(*ONE, DateInFuture, DateTooEarly, errors.InvalidServiceRecord),
)
async def record_service(uscc: UsccPath, data: ServiceRecordCreate, ctx: WriteContext) -> ServiceRecordRead:
    """A service the enterprise received: training (with its programme, A8), a legal and credit health
    check (with its report, A12), a tracking visit, a digital or platform service (A7, A11). The KPIs
    (`GET /v1/kpis`) count them; 422 `service_record_invalid` says what a kind needs."""
    return ServiceRecordRead.model_validate(
        await service.record_service(ctx, uscc=uscc, data=data), from_attributes=True
    )


@router.get(
    "",
    response_model=Page[ServiceRecordRead],
    summary="Services an enterprise received",
    responses=problems(*ONE, InvalidCursor),
)
async def list_service_records(
    uscc: UsccPath, ctx: ReadContext, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[ServiceRecordRead]:
    """The services the enterprise received, in the order of their dates."""
    after = paging.after(cursor, paging.day, paging.identifier)
    rows = await service.list_service_records(ctx, uscc=uscc, limit=limit, after=after)
    return Page(
        items=[ServiceRecordRead.model_validate(r, from_attributes=True) for r in rows],
        next_cursor=paging.next_cursor(rows, limit, lambda r: [r.occurred_on.isoformat(), str(r.id)]),
    )
