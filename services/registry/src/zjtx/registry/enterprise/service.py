"""Enterprise use cases: register, change facts (with the date they took effect), read them on a date,
relocate in (A1.3), report scale (A4). They flush; the entrypoint commits."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from zjtx.common.dates import check_fact_date
from zjtx.common.events import registry as events
from zjtx.common.kit.context import Context
from zjtx.common.money import fen_to_yuan
from zjtx.common.uscc import normalise_uscc
from zjtx.common.web.audit import audit_insert, record_audit
from zjtx.registry import errors
from zjtx.registry.enterprise import facts, repository, rules
from zjtx.registry.enterprise.models import Enterprise, EnterpriseFacts, Relocation, ScaleReport
from zjtx.registry.enterprise.records import NewEnterprise, NewFacts
from zjtx.registry.enterprise.schemas import (
    EnterpriseCreate,
    EnterpriseUpdate,
    RelocationCreate,
    ScaleReportCorrection,
    ScaleReportCreate,
)
from zjtx.registry.park import service as park_service
from zjtx.registry.publishing import event_rows, publish

HOHHOT_DIVISION_PREFIX = "1501"


async def get_enterprise(ctx: Context, uscc: str, *, for_update: bool = False) -> Enterprise:
    enterprise = await repository.get_by_uscc(ctx.session, normalise_uscc(uscc), for_update=for_update)
    if enterprise is None:
        raise errors.EnterpriseNotFound(f"no enterprise {uscc}", detail_zh=f"没有统一社会信用代码为{uscc}的企业")
    return enterprise


async def register_enterprise(ctx: Context, *, data: EnterpriseCreate) -> NewEnterprise:
    uscc = normalise_uscc(data.uscc)
    check_fact_date("registered_on", data.registered_on, today=ctx.today())
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
    version = facts.first_version(enterprise)
    facts.derive_size(ctx, version)
    facts.make_current(enterprise, version)
    audit = audit_insert(
        actor=ctx.actor,
        action="enterprise.register",
        entity_type="enterprise",
        entity_id=uscc,
        before=None,
        after=audit_view(enterprise),
    )
    event = event_rows(
        clock=ctx.clock,
        actor=ctx.actor.name,
        event=events.ENTERPRISE_REGISTERED_V2,
        key=uscc,
        uscc=uscc,
        payload=snapshot(enterprise, version),
        summary=f"registered as {enterprise.name} ({enterprise.size_class})",
        summary_zh=f"登记为{enterprise.name}（{rules.SIZE_NAMES_ZH[enterprise.size_class]}企业）",
    )
    # The enterprise, its first facts, its audit record, its event and its history line: one statement.
    beside = [repository.facts_insert(version), audit, *event]
    if not await repository.add_new_enterprise(ctx.session, enterprise, beside=beside):
        raise errors.EnterpriseAlreadyRegistered(f"{uscc} is already registered", detail_zh=f"{uscc}已登记")
    if enterprise.park_id is not None:
        await park_service.check_qualification(ctx, park_id=enterprise.park_id)
    return enterprise


async def update_enterprise(ctx: Context, *, uscc: str, data: EnterpriseUpdate) -> Enterprise:
    """Change facts from `effective_on` (default today): the version of that date is made or amended, the
    change carried into later versions that did not set the same facts, each touched version's size
    class derived again, and each published (registry.enterprise.updated v2) with its own date."""
    enterprise = await get_enterprise(ctx, uscc, for_update=True)
    effective_on = check_fact_date("effective_on", data.effective_on or ctx.today(), today=ctx.today())
    if effective_on < enterprise.registered_on:
        raise errors.EffectiveBeforeRegistration(
            f"effective_on {effective_on} is before {enterprise.uscc} was registered ({enterprise.registered_on})",
            detail_zh=f"生效日{effective_on}早于{enterprise.uscc}的登记日（{enterprise.registered_on}）",
        )
    versions = await repository.versions(ctx.session, enterprise.uscc)
    base = [v for v in versions if v.effective_on <= effective_on][-1]
    changes = facts.changes_from(base, data.model_dump(exclude_unset=True, exclude={"effective_on"}))
    if not changes:
        return enterprise
    await _check_references(
        ctx, district_code=changes.get("district_code"), cluster=changes.get("cluster"), park_id=changes.get("park_id")
    )
    before = audit_view(enterprise)
    parks_before = {v.park_id for v in versions}
    change = facts.apply_change(versions, effective_on=effective_on, changes=changes)
    for version, _ in change.touched:
        facts.derive_size(ctx, version)
    if change.new:
        ctx.session.add(change.version)
        versions = sorted([*versions, change.version], key=lambda v: v.effective_on)
    facts.make_current(enterprise, versions[-1])
    await ctx.session.flush()
    await ctx.session.refresh(enterprise)
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="enterprise.update",
        entity_type="enterprise",
        entity_id=enterprise.uscc,
        before=before,
        after={**audit_view(enterprise), "effective_on": effective_on.isoformat(), "changed": sorted(changes)},
    )
    for version, changed in sorted(change.touched, key=lambda touched: touched[0].effective_on):
        await publish(
            ctx.session,
            clock=ctx.clock,
            actor=ctx.actor.name,
            event=events.ENTERPRISE_UPDATED_V2,
            key=enterprise.uscc,
            uscc=enterprise.uscc,
            payload=snapshot(enterprise, version, changed=changed),
            summary=f"updated from {version.effective_on}: {', '.join(changed)}",
            summary_zh=f"自{version.effective_on}起变更：{'、'.join(facts.FACT_NAMES_ZH.get(c, c) for c in changed)}",
        )
    for park_id in (parks_before | {v.park_id for v in versions}) - {None}:
        await park_service.check_qualification(ctx, park_id=park_id)
    return enterprise


async def facts_on(ctx: Context, *, uscc: str, as_of: date) -> tuple[Enterprise, EnterpriseFacts]:
    """The enterprise and its facts in force on `as_of` (not before its registration, not after today)."""
    enterprise = await get_enterprise(ctx, uscc)
    check_fact_date("as_of", as_of, today=ctx.today())
    version = await repository.version_on(ctx.session, enterprise.uscc, as_of)
    if as_of < enterprise.registered_on or version is None:
        raise errors.BeforeRegistration(
            f"{enterprise.uscc} was registered on {enterprise.registered_on}: there are no facts of it on {as_of}",
            detail_zh=f"{enterprise.uscc}于{enterprise.registered_on}登记：{as_of}没有其登记信息",
        )
    return enterprise, version


async def facts_history(ctx: Context, *, uscc: str, limit: int, after: date | None) -> list[EnterpriseFacts]:
    """A page of the enterprise's versions of its facts, oldest first, after the version of `after`."""
    enterprise = await get_enterprise(ctx, uscc)
    return await repository.versions_page(ctx.session, enterprise.uscc, limit=limit, after=after)


async def relocate_in(ctx: Context, *, uscc: str, data: RelocationCreate) -> Relocation:
    """A1.3: the registration moved into Hohhot from outside the city."""
    enterprise = await get_enterprise(ctx, uscc, for_update=True)
    check_fact_date("moved_in_on", data.moved_in_on, today=ctx.today())
    if data.moved_from_division_code.startswith(HOHHOT_DIVISION_PREFIX):
        raise errors.RelocationWithinCity(
            f"{data.moved_from_division_code} is a division of Hohhot",
            detail_zh=f"{data.moved_from_division_code}是呼和浩特市的行政区划",
        )
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
        actor=ctx.actor.name,
        event=events.ENTERPRISE_RELOCATED_IN,
        key=enterprise.uscc,
        uscc=enterprise.uscc,
        payload=payload,
        summary=f"moved in from {data.moved_from} on {data.moved_in_on}",
        summary_zh=f"{data.moved_in_on}自{data.moved_from}迁入",
    )
    return relocation


async def list_scale_reports(ctx: Context, *, uscc: str, limit: int, after_year: int | None) -> list[ScaleReport]:
    """The enterprise's scale reports (A4), year by year, a page at a time."""
    enterprise = await get_enterprise(ctx, uscc)
    return await repository.scale_reports(ctx.session, enterprise.uscc, limit=limit, after_year=after_year)


async def report_scale(ctx: Context, *, uscc: str, data: ScaleReportCreate) -> ScaleReport:
    """A4: record a year's main-business revenue and derive whether it is above scale."""
    enterprise = await get_enterprise(ctx, uscc, for_update=True)
    if data.year >= ctx.today().year:
        raise errors.YearInFuture(
            f"{data.year} has not ended; report a completed year",
            detail_zh=f"{data.year}年尚未结束；请报送已结束的年度",
        )
    if await repository.scale_report(ctx.session, enterprise.uscc, data.year) is not None:
        raise errors.ScaleReportExists(
            f"{enterprise.uscc} already reported {data.year}", detail_zh=f"{enterprise.uscc}已报送{data.year}年度"
        )
    sector, verdict = await _scale_verdict(
        ctx, enterprise, data.year, data.main_business_revenue, data.qualified_by_licence
    )
    report = ScaleReport(
        id=uuid.uuid4(),
        uscc=enterprise.uscc,
        year=data.year,
        main_business_revenue_fen=data.main_business_revenue,
        threshold_fen=verdict.threshold_fen,
        qualified_by_licence=data.qualified_by_licence,
        above_scale=verdict.above_scale,
        explanation=verdict.explanation.as_dict(),
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
    state = "above" if verdict.above_scale else "below"
    said = (f"{data.year}: {state} scale", f"{data.year}年：{_scale_zh(verdict.above_scale)}")
    await _publish_scale(ctx, enterprise, report, sector, summary=said)
    return report


async def correct_scale_report(ctx: Context, *, uscc: str, year: int, data: ScaleReportCorrection) -> ScaleReport:
    """A correction (issue 12, item 2): the year's revenue (and licence) as it should have been reported; above
    scale derived again, audited with the reason and before/after, and published again
    (`registry.enterprise.scale_reported`), so that A4.1 is decided again with it."""
    enterprise = await get_enterprise(ctx, uscc, for_update=True)
    report = await repository.scale_report(ctx.session, enterprise.uscc, year, for_update=True)
    if report is None:
        raise errors.ScaleReportNotFound(
            f"{enterprise.uscc} has reported no {year}", detail_zh=f"{enterprise.uscc}未报送{year}年度"
        )
    sector, verdict = await _scale_verdict(ctx, enterprise, year, data.main_business_revenue, data.qualified_by_licence)
    before = _scale_view(report)
    report.main_business_revenue_fen = data.main_business_revenue
    report.qualified_by_licence = data.qualified_by_licence
    report.threshold_fen, report.above_scale = verdict.threshold_fen, verdict.above_scale
    report.explanation = verdict.explanation.as_dict()
    await ctx.session.flush()
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="enterprise.correct_scale_report",
        entity_type="scale_report",
        entity_id=f"{enterprise.uscc}/{year}",
        before=before,
        after={**_scale_view(report), "reason": data.reason},
    )
    state = "above" if verdict.above_scale else "below"
    said = (
        f"{year} corrected: {state} scale ({data.reason})",
        f"{year}年更正：{_scale_zh(verdict.above_scale)}（{data.reason}）",
    )
    await _publish_scale(ctx, enterprise, report, sector, summary=said)
    return report


def _scale_zh(above: bool) -> str:
    return "规模以上" if above else "规模以下"


def _scale_view(report: ScaleReport) -> dict:
    return {
        "year": report.year,
        "main_business_revenue": str(fen_to_yuan(report.main_business_revenue_fen)),
        "qualified_by_licence": report.qualified_by_licence,
        "above_scale": report.above_scale,
    }


async def _scale_verdict(ctx: Context, enterprise: Enterprise, year: int, revenue_fen: int, licence: bool | None):
    """The sector the enterprise was in at the end of the year (its first facts, for a year before them), and
    whether the revenue (or the licence) makes it above scale that year (A4)."""
    in_force = await repository.version_on(ctx.session, enterprise.uscc, date(year, 12, 31))
    if in_force is None:
        in_force = (await repository.versions(ctx.session, enterprise.uscc))[0]
    try:
        verdict = rules.above_scale(
            sector=in_force.sector,
            revenue_fen=revenue_fen,
            year=year,
            qualified_by_licence=licence,
            parameters=ctx.parameters,
        )
    except rules.LicenceRequired as exc:
        raise errors.LicenceRequired(str(exc), detail_zh=exc.zh) from None
    except rules.LicenceNotApplicable as exc:
        raise errors.LicenceNotApplicable(str(exc), detail_zh=exc.zh) from None
    return in_force.sector, verdict


async def _publish_scale(
    ctx: Context, enterprise: Enterprise, report: ScaleReport, sector: str, *, summary: tuple[str, str]
) -> None:
    """`summary`: the history line in English and in Chinese."""
    payload = events.EnterpriseScaleReportedV2(
        uscc=enterprise.uscc,
        year=report.year,
        main_business_revenue=fen_to_yuan(report.main_business_revenue_fen),
        above_scale=report.above_scale,
        threshold=None if report.threshold_fen is None else fen_to_yuan(report.threshold_fen),
        qualified_by_licence=report.qualified_by_licence,
        sector=sector,
        district_code=enterprise.district_code,
    )
    await publish(
        ctx.session,
        clock=ctx.clock,
        actor=ctx.actor.name,
        event=events.ENTERPRISE_SCALE_REPORTED_V2,
        key=enterprise.uscc,
        uscc=enterprise.uscc,
        payload=payload,
        summary=summary[0],
        summary_zh=summary[1],
    )


# -- helpers -------------------------------------------------------------------------------------


async def _check_references(ctx: Context, *, district_code: str | None, cluster: str | None, park_id) -> None:
    if district_code is not None and district_code not in ctx.reference.divisions:
        raise errors.UnknownDistrict(
            f"{district_code} is not one of Hohhot's districts or zones",
            detail_zh=f"{district_code}不是呼和浩特市的旗县区或园区",
        )
    if cluster is not None and cluster not in ctx.reference.clusters:
        raise errors.UnknownCluster(
            f"{cluster} is not one of: {', '.join(ctx.reference.clusters)}",
            detail_zh=f"{cluster}不是以下产业集群之一：{'、'.join(ctx.reference.clusters)}",
        )
    if park_id is not None and not await park_service.park_exists(ctx, park_id):
        raise errors.UnknownPark(f"no park {park_id}", detail_zh=f"没有园区{park_id}")


def snapshot(
    enterprise: Enterprise | NewEnterprise,
    version: EnterpriseFacts | NewFacts | None = None,
    *,
    changed: list[str] | None = None,
) -> events.EnterpriseFactsSnapshot:
    """The enterprise's facts of `version` (default: as it stands now), with the date they took effect."""
    source: Any = version if version is not None else enterprise
    return events.EnterpriseFactsSnapshot(
        uscc=enterprise.uscc,
        name=source.name,
        district_code=source.district_code,
        sector=source.sector,
        cluster=source.cluster,
        employees=source.employees,
        annual_revenue=fen_to_yuan(source.annual_revenue_fen),
        total_assets=None if source.total_assets_fen is None else fen_to_yuan(source.total_assets_fen),
        size_class=source.size_class,
        is_sme=source.is_sme,
        registered_on=enterprise.registered_on,
        park_id=source.park_id,
        effective_on=source.effective_on,
        changed=changed or [],
    )


def audit_view(enterprise: Enterprise | NewEnterprise) -> dict[str, Any]:
    return snapshot(enterprise).model_dump(mode="json", exclude={"changed"})
