from __future__ import annotations

from typing import Annotated

from fastapi import Query

from zjtx.common.web.routing import Day, Router, problems
from zjtx.hotline import errors
from zjtx.hotline.deps import DEPARTMENT_CODE, AdminContext, ReadCaller
from zjtx.hotline.kpi import service
from zjtx.hotline.kpi.schemas import KpiRead, RebuildRead

router = Router(prefix="/v1", tags=["rates"])

WindowFrom = Annotated[
    Day | None, Query(alias="from", description="tickets received on or after this day (default: 1 January of `to`)")
]
WindowTo = Annotated[Day | None, Query(description="tickets received on or before this day (default: today)")]
DepartmentRates = Annotated[
    str | None,
    Query(
        pattern=DEPARTMENT_CODE,
        description="one department's rates beside the overall ones (a handler client: its own alone)",
    ),
]


@router.get(
    "/kpis",
    response_model=KpiRead,
    response_model_by_alias=True,
    summary="Response, resolution and satisfaction rates (A14.2), overall and per department",
    responses=problems(errors.WindowInvalid, errors.DepartmentUnknown, errors.DepartmentNotFound),
)
async def get_kpis(
    caller: ReadCaller, from_: WindowFrom = None, to: WindowTo = None, department: DepartmentRates = None
) -> KpiRead:
    """A14.2 over the tickets received in the window (at most ten years), duplicates and invalid tickets (merged
    or withdrawn) excluded: response rate = acknowledged (签收) within 1 working day ÷ received; resolution rate =
    resolved ÷ replied (办结); satisfaction rate = (satisfied + basically satisfied) ÷ rated. Each a percentage
    rounded half-up to two decimals, with its numerator, denominator and definition; a ticket counts for the
    department that held it when it was replied."""
    return await service.kpis(caller, start=from_, end=to, department=department)


@router.post("/admin/kpis/rebuild", response_model=RebuildRead, summary="Recompute the rates' sums from the tickets")
async def rebuild(ctx: AdminContext) -> RebuildRead:
    """The rates are kept as sums per day of receipt and department; this recomputes them from the tickets
    themselves (after a repair, or to check them). Safe to run again."""
    return RebuildRead(tickets_counted=await service.rebuild_kpis(ctx))
