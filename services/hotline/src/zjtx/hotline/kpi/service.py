"""The three rates of A14.2 per department and overall (kpi.rules), from the sums kept per day of
receipt and department; the compaction job; a rebuild of the sums from the tickets."""

from __future__ import annotations

from datetime import date
from functools import reduce

from zjtx.common.kit.context import Context
from zjtx.common.parameters import ParameterFile, ParameterNotInForce, ParameterValue
from zjtx.common.web.audit import record_audit
from zjtx.hotline.access import Caller
from zjtx.hotline.errors import DepartmentNotFound, DepartmentUnknown, WindowInvalid
from zjtx.hotline.kpi import repository
from zjtx.hotline.kpi.counts import Counts
from zjtx.hotline.kpi.rules import RULE, UNASSIGNED, Rates, rates
from zjtx.hotline.kpi.schemas import DepartmentRates, KpiRead, RateRead, RatesRead
from zjtx.hotline.ticket.repository import department_names

LONGEST_WINDOW_DAYS = 366 * 10


async def kpis(caller: Caller, *, start: date | None, end: date | None, department: str | None) -> KpiRead:
    """The rates over tickets received from `start` to `end` (default: this year to today). A client bound
    to a department reads the overall figures and its own department's."""
    ctx = caller.ctx
    end = end or ctx.today()
    start = start or date(end.year, 1, 1)
    if start > end or (end - start).days > LONGEST_WINDOW_DAYS:
        raise WindowInvalid(
            f"from {start} to {end}: `from` must not be after `to`, nor ten years before it",
            detail_zh=f"{start}至{end}：`from`不能晚于`to`，也不能早于`to`十年以上",
        )
    names = await department_names(ctx.session)
    if caller.department is not None:
        if department not in (None, caller.department):
            raise DepartmentNotFound(
                f"this client reads the rates of {caller.department} only",
                detail_zh=f"该客户端只能查看{caller.department}的指标",
            )
        department = caller.department
    if department is not None and department not in names:
        raise DepartmentUnknown(f"no department {department}", detail_zh=f"没有部门{department}")
    sums = await repository.sums(ctx.session, start=start, end=end)
    ack_days = int(_in_force(ctx.parameters, "ticket_deadlines", end).body["acknowledge_working_days"])
    satisfied = list(_in_force(ctx.parameters, "satisfied_ratings", end).body["ratings"])

    def figures(counts: Counts) -> Rates:
        return rates(counts, window=(start, end), acknowledge_working_days=ack_days, satisfied_ratings=satisfied)

    shown = [department] if department is not None else sorted(names) + ([UNASSIGNED] if UNASSIGNED in sums else [])
    return KpiRead(
        from_=start,
        to=end,
        rule=RULE,
        parameters_version=ctx.parameters.version,
        overall=_read(figures(reduce(Counts.__add__, sums.values(), Counts())), caller.language),
        departments=[
            DepartmentRates(
                department=code or None,
                department_name=names.get(code) if code else None,
                **_read(figures(sums.get(code, Counts())), caller.language).model_dump(),
            )
            for code in shown
        ],
    )


def _read(figures: Rates, language: str) -> RatesRead:
    """The rates with their definitions in the caller's language."""
    return RatesRead(
        **{
            name: RateRead(
                value=rate.value,
                numerator=rate.numerator,
                denominator=rate.denominator,
                definition=rate.defined_in(language),
            )
            for name, rate in vars(figures).items()
        }
    )


def _in_force(parameters: ParameterFile, name: str, on: date) -> ParameterValue:
    """The value in force on `on`; for a window before the policy, the first value (the definition's words)."""
    try:
        return parameters.in_force(name, on)
    except ParameterNotInForce:
        return parameters.values(name)[0]


async def compact_kpis(ctx: Context) -> int:
    """The job: the deltas folded into the daily sums (how many were folded)."""
    return await repository.compact(ctx.session)


async def rebuild_kpis(ctx: Context) -> int:
    """Recompute the sums from the tickets themselves (after a restore, or to check them)."""
    counted = await repository.rebuild(ctx.session)
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="kpi.rebuild",
        entity_type="kpi",
        entity_id="kpi_daily",
        before=None,
        after={"tickets_counted": counted},
    )
    return counted
