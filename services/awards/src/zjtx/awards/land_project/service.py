"""A3.land per project (RULES decision: the cluster that counts is the project's): a project is recorded
with its cluster and date, and its priority read from the recognitions known when it is asked for."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from zjtx.awards import errors
from zjtx.awards.land_project import repository
from zjtx.awards.land_project.models import LandProject
from zjtx.awards.land_project.schemas import LandProjectCreate
from zjtx.awards.readmodel import repository as views
from zjtx.awards.rules.facts import EnterpriseFacts
from zjtx.awards.rules.premises import LandPriority, land_priority
from zjtx.common.dates import check_fact_date
from zjtx.common.kit.context import Context
from zjtx.common.rules import RuleContext
from zjtx.common.uscc import normalise_uscc
from zjtx.common.web.audit import record_audit


@dataclass(frozen=True)
class ProjectPriority:
    project: LandProject
    priority: LandPriority


async def record_project(ctx: Context, *, uscc: str, data: LandProjectCreate) -> ProjectPriority:
    facts = await _registered(ctx, uscc)
    check_fact_date("dated_on", data.dated_on, today=ctx.today())
    if data.cluster not in ctx.reference.clusters:
        raise errors.UnknownCluster(
            f"{data.cluster} is not one of: {', '.join(ctx.reference.clusters)}",
            detail_zh=f"产业集群{data.cluster}不属于：{'、'.join(ctx.reference.clusters)}",
        )
    project = LandProject(
        id=uuid.uuid4(),
        uscc=facts.uscc,
        project_name=data.project_name,
        cluster=data.cluster,
        dated_on=data.dated_on,
        recorded_by=ctx.actor.name,
    )
    await repository.add(ctx.session, project)
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="land_project.record",
        entity_type="land_project",
        entity_id=str(project.id),
        before=None,
        after={"uscc": facts.uscc, **data.model_dump(mode="json")},
    )
    return ProjectPriority(project, _priority(ctx, facts, project))


async def list_projects(
    ctx: Context, *, uscc: str, limit: int, after: tuple[date, datetime, uuid.UUID] | None = None
) -> list[ProjectPriority]:
    """A page of the enterprise's projects, each with its priority read now (A3.land)."""
    facts = await _registered(ctx, uscc)
    projects = await repository.of_enterprise(ctx.session, facts.uscc, limit=limit, after=after)
    return [ProjectPriority(p, _priority(ctx, facts, p)) for p in projects]


async def get_project(ctx: Context, *, uscc: str, project_id: uuid.UUID) -> ProjectPriority:
    facts = await _registered(ctx, uscc)
    project = await repository.get(ctx.session, facts.uscc, project_id)
    if project is None:
        raise errors.LandProjectNotFound(
            f"{facts.uscc} has no land-use project {project_id}",
            detail_zh=f"企业{facts.uscc}无此用地项目：{project_id}",
        )
    return ProjectPriority(project, _priority(ctx, facts, project))


def _priority(ctx: Context, facts: EnterpriseFacts, project: LandProject) -> LandPriority:
    rule = RuleContext("A3.land", ctx.parameters, project.dated_on)
    too_early = rule.before_policy()
    if too_early:
        return LandPriority(eligible=False, tiers=[], reasons=[too_early], reasons_zh=[rule.before_policy_zh() or ""])
    return land_priority(facts, on=project.dated_on, project_cluster=project.cluster)


async def _registered(ctx: Context, uscc: str) -> EnterpriseFacts:
    code = normalise_uscc(uscc)
    facts = await views.enterprise_facts(ctx.session, code)
    if facts is None or not facts.name:
        raise errors.EnterpriseNotFound(f"no enterprise {code} has been registered", detail_zh=f"企业{code}尚未登记")
    return facts
