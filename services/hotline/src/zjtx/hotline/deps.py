"""The hotline's router dependencies: the use-case context and who is calling, per role.

- `ReadCaller`: `hotline:read` (or admin); a client bound to a department reads only its tickets.
- `HandleCaller`: `hotline:handle` (bound to a department: its `department` attribute) or admin.
- `IntakeClient`: `hotline:intake`, the 12345 system, whose webhook secret signs what it sends.
- `AdminContext`: departments, routing, callbacks, jobs."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Path, Query, Request

from zjtx.common.errors import Forbidden
from zjtx.common.kit import AdminContext
from zjtx.common.kit.deps import context_for
from zjtx.common.web.auth import Client, current_client
from zjtx.common.web.deps import SessionDep
from zjtx.common.web.language import request_language
from zjtx.hotline.access import Caller
from zjtx.hotline.errors import HandlerWithoutDepartment

DEPARTMENT = "department"


def _caller(request: Request, session, client: Client, *, bound: bool) -> Caller:
    admin = client.has("admin")
    department = None if admin else client.attributes.get(DEPARTMENT)
    if bound and not admin and not department:
        raise HandlerWithoutDepartment(
            f"client {client.name} has no `{DEPARTMENT}` attribute",
            detail_zh=f"客户端{client.name}没有`{DEPARTMENT}`属性",
        )
    return Caller(
        ctx=context_for(request, session, client),
        department=department,
        admin=admin,
        language=request_language(request),
    )


async def read_caller(request: Request, session: SessionDep) -> Caller:
    client = await current_client(request)
    if not (client.has("hotline:read") or client.has("admin")):
        raise Forbidden("this needs the scope hotline:read", detail_zh="需要hotline:read权限")
    return _caller(request, session, client, bound=False)


async def handle_caller(request: Request, session: SessionDep) -> Caller:
    client = await current_client(request)
    if not (client.has("hotline:handle") or client.has("admin")):
        raise Forbidden("this needs the scope hotline:handle (or admin)", detail_zh="需要hotline:handle（或admin）权限")
    return _caller(request, session, client, bound=True)


async def intake_client(request: Request, session: SessionDep) -> tuple[Caller, Client]:
    client = await current_client(request)
    if not client.has("hotline:intake"):
        raise Forbidden("this needs the scope hotline:intake", detail_zh="需要hotline:intake权限")
    caller = Caller(ctx=context_for(request, session, client), department=None, language=request_language(request))
    return caller, client


# What the OpenAPI document says each caller needs (zjtx.common.web.openapi).
read_caller.zjtx_scope = ("hotline:read", "admin")
handle_caller.zjtx_scope = ("hotline:handle", "admin")
intake_client.zjtx_scope = "hotline:intake"

# The path and query parameters the routes share, each by its pattern and saying what it is.
DEPARTMENT_CODE = r"^[A-Z][A-Z0-9_]{1,19}$"
CITY_DEPARTMENTS = (
    "工信局 `GXJ`, 财政局 `CZJ`, 市场监管局 `SCJGJ`, 税务局 `SWJ`, 政务服务局 `ZWFWJ` (seeded), and those added"
)
TicketIdPath = Annotated[uuid.UUID, Path(description="the ticket's `id` (the service's, not the 12345 number)")]
CallbackIdPath = Annotated[uuid.UUID, Path(description="the callback's `id`")]
DepartmentFilter = Annotated[
    str | None,
    Query(
        pattern=DEPARTMENT_CODE,
        description=f"only this department's, by its code: {CITY_DEPARTMENTS}; a handler client sees its own alone",
    ),
]

ReadCaller = Annotated[Caller, Depends(read_caller)]
HandleCaller = Annotated[Caller, Depends(handle_caller)]
IntakeCaller = Annotated[tuple[Caller, Client], Depends(intake_client)]

__all__ = [
    "AdminContext",
    "CallbackIdPath",
    "DepartmentFilter",
    "HandleCaller",
    "IntakeCaller",
    "ReadCaller",
    "TicketIdPath",
]
