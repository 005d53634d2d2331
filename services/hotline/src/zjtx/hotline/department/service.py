"""Departments and routing, as data (A14.1: complaints are handled by the responsible departments)."""

from __future__ import annotations

from zjtx.common.kit.context import Context
from zjtx.common.web.audit import record_audit
from zjtx.hotline.categories import CATEGORIES
from zjtx.hotline.department import repository
from zjtx.hotline.department.models import Department, Route
from zjtx.hotline.errors import CategoryUnknown, DepartmentExists, DepartmentUnknown, RoutingIncomplete


async def add_department(ctx: Context, *, code: str, name: str) -> Department:
    department = await repository.add(ctx.session, code, name)
    if department is None:
        raise DepartmentExists(f"department {code} exists already", detail_zh=f"部门{code}已存在")
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="department.add",
        entity_type="department",
        entity_id=code,
        before=None,
        after={"code": code, "name": name},
    )
    return department


async def list_departments(ctx: Context, *, after: str | None, limit: int) -> list[Department]:
    return await repository.departments(ctx.session, after=after, limit=limit)


async def routing(ctx: Context) -> list[Route]:
    return await repository.routes(ctx.session)


async def replace_routing(ctx: Context, *, routes: dict[str, str]) -> list[Route]:
    """The whole routing at once: every category to a known department, or nothing changes. It applies
    to tickets received from now on; tickets already assigned stay where they are."""
    unknown = sorted(set(routes) - set(CATEGORIES))
    if unknown:
        raise CategoryUnknown(
            f"unknown categories: {', '.join(unknown)} (known: {', '.join(CATEGORIES)})",
            detail_zh=f"未知的工单类别：{'、'.join(unknown)}（已有：{'、'.join(CATEGORIES)}）",
        )
    missing = [category for category in CATEGORIES if category not in routes]
    if missing:
        raise RoutingIncomplete(
            f"no department for {', '.join(missing)}", detail_zh=f"以下类别没有承办部门：{'、'.join(missing)}"
        )
    known = await repository.names(ctx.session)
    strangers = sorted({code for code in routes.values() if code not in known})
    if strangers:
        raise DepartmentUnknown(
            f"unknown departments: {', '.join(strangers)}", detail_zh=f"未知的部门：{'、'.join(strangers)}"
        )
    before = {route.category: route.department_code for route in await repository.routes(ctx.session)}
    await repository.replace_routes(ctx.session, routes)
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="routing.replace",
        entity_type="routing",
        entity_id="routing",
        before=before,
        after=dict(sorted(routes.items())),
    )
    return await repository.routes(ctx.session)


async def department_names(ctx: Context) -> dict[str, str]:
    return await repository.names(ctx.session)
