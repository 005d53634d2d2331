"""Enterprise use cases: register, update, relocate in (A1.3), report scale (A4). They flush; the
entrypoint commits."""

from __future__ import annotations

import uuid
from typing import Any

from zjtx.common.events import registry as events
from zjtx.common.kit import Context
from zjtx.common.money import fen_to_yuan
from zjtx.common.uscc import normalise_uscc
from zjtx.common.web.audit import audit_insert, record_audit
from zjtx.registry import errors
from zjtx.registry.enterprise import repository, rules
from zjtx.registry.enterprise.models import Enterprise, NewEnterprise, Relocation, ScaleReport
from zjtx.registry.enterprise.schemas import EnterpriseCreate, EnterpriseUpdate, RelocationCreate, ScaleReportCreate
from zjtx.registry.park import service as park_service
from zjtx.registry.publishing import event_rows, publish

HOHHOT_DIVISION_PREFIX = "1501"


async def get_enterprise(ctx: Context, uscc: str, *, for_update: bool = False) -> Enterprise:
    enterprise = await repository.get_by_uscc(ctx.session, normalise_uscc(uscc), for_update=for_update)
    if enterprise is None:
        raise errors.EnterpriseNotFound(f"no enterprise {uscc}")
    return enterprise


async def register_enterprise(ctx: Context, *, data: EnterpriseCreate) -> NewEnterprise:
    uscc = normalise_uscc(data.uscc)
    await _check_references(ctx, district_code=data.district_code, cluster=data.cluster, park_id=data.park_id)
    enterprise = NewEnterprise(
        id=uuid.uuid4(),
        uscc=uscc,
        name=data.name,
        district_code=data.district_code,
        sector=data.sector,
        cluster=data.cluster,
        employees=data.employees,
        annual_revenue_fen=data.annual_revenue,
        total_assets_fen=data.total_assets,
        registered_on=data.registered_on,
        park_id=data.park_id,
    )
    _derive_size(ctx, enterprise)
    registered = snapshot(enterprise)  # the event's payload, and the audit record's after
    audit = audit_insert(
        actor=ctx.actor,
        action="enterprise.register",
        entity_type="enterprise",
        entity_id=uscc,
        before=None,
        after=_audit_dict(registered),
    )
    event = event_rows(
        clock=ctx.clock,
        event=events.ENTERPRISE_REGISTERED,
        key=uscc,
        uscc=uscc,
        payload=registered,
        summary=f"registered as {enterprise.name} ({enterprise.size_class})",
    )
    # The enterprise, its audit record, its event and its history line: one statement.
    if not await repository.add_new_enterprise(ctx.session, enterprise, beside=[audit, *event]):
        raise errors.EnterpriseAlreadyRegistered(f"{uscc} is already registered")
    if enterprise.park_id is not None:
        await park_service.check_qualification(ctx, park_id=enterprise.park_id)
    return enterprise


async def update_enterprise(ctx: Context, *, uscc: str, data: EnterpriseUpdate) -> Enterprise:
    enterprise = await get_enterprise(ctx, uscc, for_update=True)
    changes = _changes(enterprise, data)
    if not changes:
        return enterprise
    await _check_references(
        ctx, district_code=changes.get("district_code"), cluster=changes.get("cluster"), park_id=changes.get("park_id")
    )
    before = audit_view(enterprise)
    for column, value in changes.items():
        setattr(enterprise, column, value)
    _derive_size(ctx, enterprise)
    await ctx.session.flush()
    await ctx.session.refresh(enterprise)
    changed = sorted(key.removesuffix("_fen") for key in changes)
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="enterprise.update",
        entity_type="enterprise",
        entity_id=enterprise.uscc,
        before=before,
        after=audit_view(enterprise),
    )
    await publish(
        ctx.session,
        clock=ctx.clock,
        event=events.ENTERPRISE_UPDATED,
        key=enterprise.uscc,
        uscc=enterprise.uscc,
        payload=snapshot(enterprise, changed=changed),
        summary=f"updated: {', '.join(changed)}",
    )
    for park_id in {before["park_id"], enterprise.park_id} - {None}:
        await park_service.check_qualification(ctx, park_id=uuid.UUID(str(park_id)))
    return enterprise


async def relocate_in(ctx: Context, *, uscc: str, data: RelocationCreate) -> Relocation:
    """A1.3: the registration moved into Hohhot from outside the city."""
    enterprise = await get_enterprise(ctx, uscc, for_update=True)
    if data.moved_from_division_code and data.moved_from_division_code.startswith(HOHHOT_DIVISION_PREFIX):
        raise errors.RelocationWithinCity(f"{data.moved_from_division_code} is a division of Hohhot")
    relocation = Relocation(
        id=uuid.uuid4(),
        uscc=enterprise.uscc,
        moved_in_on=data.moved_in_on,
        moved_from=data.moved_from,
        moved_from_division_code=data.moved_from_division_code,
    )
    await repository.add(ctx.session, relocation)
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="enterprise.relocate_in",
        entity_type="enterprise",
        entity_id=enterprise.uscc,
        before=None,
        after=data.model_dump(mode="json"),
    )
    payload = events.EnterpriseRelocatedIn(
        uscc=enterprise.uscc,
        moved_in_on=data.moved_in_on,
        moved_from=data.moved_from,
        moved_from_division_code=data.moved_from_division_code,
        district_code=enterprise.district_code,
    )
    await publish(
        ctx.session,
        clock=ctx.clock,
        event=events.ENTERPRISE_RELOCATED_IN,
        key=enterprise.uscc,
        uscc=enterprise.uscc,
        payload=payload,
        summary=f"moved in from {data.moved_from} on {data.moved_in_on}",
    )
    return relocation


async def report_scale(ctx: Context, *, uscc: str, data: ScaleReportCreate) -> ScaleReport:
    """A4: record a year's main-business revenue and derive whether it is above scale."""
    enterprise = await get_enterprise(ctx, uscc, for_update=True)
    if data.year >= ctx.today().year:
        raise errors.YearInFuture(f"{data.year} has not ended; report a completed year")
    if await repository.scale_report(ctx.session, enterprise.uscc, data.year) is not None:
        raise errors.ScaleReportExists(f"{enterprise.uscc} already reported {data.year}")
    verdict = rules.above_scale(
        sector=enterprise.sector,
        revenue_fen=data.main_business_revenue,
        year=data.year,
        parameters=ctx.parameters,
    )
    report = ScaleReport(
        id=uuid.uuid4(),
        uscc=enterprise.uscc,
        year=data.year,
        main_business_revenue_fen=data.main_business_revenue,
        threshold_fen=verdict.threshold_fen,
        above_scale=verdict.above_scale,
    )
    await repository.add(ctx.session, report)
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="enterprise.report_scale",
        entity_type="enterprise",
        entity_id=enterprise.uscc,
        before=None,
        after=data.model_dump(mode="json"),
    )
    payload = events.EnterpriseScaleReported(
        uscc=enterprise.uscc,
        year=data.year,
        main_business_revenue=fen_to_yuan(data.main_business_revenue),
        above_scale=verdict.above_scale,
        threshold=fen_to_yuan(verdict.threshold_fen),
        sector=enterprise.sector,
        district_code=enterprise.district_code,
    )
    state = "above" if verdict.above_scale else "below"
    await publish(
        ctx.session,
        clock=ctx.clock,
        event=events.ENTERPRISE_SCALE_REPORTED,
        key=enterprise.uscc,
        uscc=enterprise.uscc,
        payload=payload,
        summary=f"{data.year}: {state} scale",
    )
    return report


# -- helpers -------------------------------------------------------------------------------------


_UPDATABLE = {
    "name": "name",
    "district_code": "district_code",
    "sector": "sector",
    "cluster": "cluster",
    "employees": "employees",
    "annual_revenue": "annual_revenue_fen",
    "total_assets": "total_assets_fen",
    "park_id": "park_id",
}


def _changes(enterprise: Enterprise, data: EnterpriseUpdate) -> dict[str, Any]:
    """Only the fields the caller sent that differ from what is stored; null clears cluster and park."""
    sent = data.model_dump(exclude_unset=True)
    return {
        _UPDATABLE[name]: value
        for name, value in sent.items()
        if getattr(enterprise, _UPDATABLE[name]) != value
        and (value is not None or name in ("cluster", "park_id", "total_assets"))
    }


def _derive_size(ctx: Context, enterprise: Enterprise | NewEnterprise) -> None:
    enterprise.size_class = rules.size_class(
        sector=enterprise.sector,
        employees=enterprise.employees,
        revenue_fen=enterprise.annual_revenue_fen,
        on=ctx.today(),
        parameters=ctx.parameters,
    )
    enterprise.is_sme = rules.is_sme(enterprise.size_class)


async def _check_references(ctx: Context, *, district_code: str | None, cluster: str | None, park_id) -> None:
    if district_code is not None and district_code not in ctx.reference.divisions:
        raise errors.UnknownDistrict(f"{district_code} is not one of Hohhot's districts or zones")
    if cluster is not None and cluster not in ctx.reference.clusters:
        raise errors.UnknownCluster(f"{cluster} is not one of: {', '.join(ctx.reference.clusters)}")
    if park_id is not None and not await park_service.park_exists(ctx, park_id):
        raise errors.UnknownPark(f"no park {park_id}")


def snapshot(enterprise: Enterprise | NewEnterprise, *, changed: list[str] | None = None) -> events.EnterpriseSnapshot:
    return events.EnterpriseSnapshot(
        uscc=enterprise.uscc,
        name=enterprise.name,
        district_code=enterprise.district_code,
        sector=enterprise.sector,
        cluster=enterprise.cluster,
        employees=enterprise.employees,
        annual_revenue=fen_to_yuan(enterprise.annual_revenue_fen),
        total_assets=None if enterprise.total_assets_fen is None else fen_to_yuan(enterprise.total_assets_fen),
        size_class=enterprise.size_class,
        is_sme=enterprise.is_sme,
        registered_on=enterprise.registered_on,
        park_id=enterprise.park_id,
        changed=changed or [],
    )


def audit_view(enterprise: Enterprise) -> dict[str, Any]:
    return _audit_dict(snapshot(enterprise))


def _audit_dict(snapshot_: events.EnterpriseSnapshot) -> dict[str, Any]:
    return snapshot_.model_dump(mode="json", exclude={"changed"})
