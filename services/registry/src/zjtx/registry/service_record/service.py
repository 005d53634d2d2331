"""Service records: training (A8), health checks (A12), tracking visits (A1.pools), digital and
platform services (A7, A11)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select, tuple_

from zjtx.common.dates import check_fact_date
from zjtx.common.kit.context import Context
from zjtx.common.web.audit import record_audit
from zjtx.registry import errors
from zjtx.registry.enterprise.service import get_enterprise
from zjtx.registry.history.service import record_fact
from zjtx.registry.service_record.models import ServiceRecord
from zjtx.registry.service_record.schemas import ServiceRecordCreate


async def record_service(ctx: Context, *, uscc: str, data: ServiceRecordCreate) -> ServiceRecord:
    enterprise = await get_enterprise(ctx, uscc)
    check_fact_date("occurred_on", data.occurred_on, today=ctx.today())
    if data.kind == "training" and data.programme is None:
        raise errors.InvalidServiceRecord(
            "a training record names its programme (A8)", detail_zh="培训记录须注明培训项目（A8）"
        )
    if data.kind != "training" and data.programme is not None:
        raise errors.InvalidServiceRecord("only training records have a programme", detail_zh="只有培训记录有培训项目")
    if data.kind == "health_check" and not data.report_ref:
        raise errors.InvalidServiceRecord(
            "a health check comes with its report (A12): give report_ref",
            detail_zh="体检须附报告（A12）：请填写report_ref",
        )
    record = ServiceRecord(id=uuid.uuid4(), uscc=enterprise.uscc, **data.model_dump())
    ctx.session.add(record)
    await ctx.session.flush()
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="service_record.create",
        entity_type="service_record",
        entity_id=str(record.id),
        before=None,
        after={"uscc": enterprise.uscc, **data.model_dump(mode="json")},
    )
    await record_fact(
        ctx.session,
        uscc=enterprise.uscc,
        line_type="registry.service_record.recorded",
        at=ctx.clock.now(),
        on=data.occurred_on,
        summary=f"service record {data.kind} on {data.occurred_on}",
        summary_zh=f"{data.occurred_on}服务记录：{_KINDS_ZH.get(data.kind, data.kind)}",
        payload={"service_record_id": str(record.id), **data.model_dump(mode="json")},
        actor=ctx.actor.name,
    )
    return record


async def list_service_records(
    ctx: Context, *, uscc: str, limit: int, after: tuple[date, uuid.UUID] | None
) -> list[ServiceRecord]:
    """A page of the services the enterprise received, in the order of their dates, after `after` (the
    date and id of the last one given)."""
    enterprise = await get_enterprise(ctx, uscc)
    query = select(ServiceRecord).where(ServiceRecord.uscc == enterprise.uscc)
    if after is not None:
        query = query.where(tuple_(ServiceRecord.occurred_on, ServiceRecord.id) > tuple_(*after))
    query = query.order_by(ServiceRecord.occurred_on, ServiceRecord.id).limit(limit)
    return list(await ctx.session.scalars(query))


# The services as the history tells them to a Chinese reader (the codes of ServiceRecordCreate.kind).
_KINDS_ZH = {
    "training": "培训",
    "health_check": "法治、信用体检",
    "tracking_visit": "跟踪服务",
    "digital_service": "数字化赋能服务",
    "platform_service": "公共服务平台服务",
}
