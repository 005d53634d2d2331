"""The LPR: the rate on a date (within the horizon, never guessed), and each new publication entered:
recorded, published (`finance.lpr.published`), and every decision that may read it taken again (a loan
disbursed on or after its date: A5.1 subsidies and the A5.2 ceiling)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from zjtx.common.events import finance as events
from zjtx.common.kit.context import Context
from zjtx.common.messaging import add_event
from zjtx.common.web.audit import record_audit
from zjtx.finance_subsidy import SERVICE_NAME, errors
from zjtx.finance_subsidy.loan import service as loans
from zjtx.finance_subsidy.lpr import repository
from zjtx.finance_subsidy.lpr.models import LprEntry
from zjtx.finance_subsidy.lpr.schemas import LprCreate, LprPublicationRead, LprRead
from zjtx.finance_subsidy.rules.lpr import lpr_on
from zjtx.finance_subsidy.subsidy import service as subsidies

STEP = Decimal("0.05")  # reference.md: the LPR moves in steps of 0.05 percentage points


async def rate_on(ctx: Context, day: date) -> LprRead:
    """LprUnknown (`lpr_unknown`) before the first publication or past the horizon after the last."""
    publication = lpr_on(await repository.lpr_table(ctx.session), day, ctx.parameters)
    return LprRead(
        on=day, one_year=publication.one_year, five_year=publication.five_year, published_on=publication.published_on
    )


async def publications(ctx: Context, *, after: date | None, limit: int) -> list[LprPublicationRead]:
    """The publications by date, those after `after` (a page's cursor): shipped and entered are one table
    of a few dozen rows, so it is paged here rather than in a query."""
    entered = {entry.published_on for entry in await repository.entered(ctx.session)} - set(repository.shipped())
    table = await repository.lpr_table(ctx.session)
    return [
        LprPublicationRead(
            published_on=p.published_on,
            one_year=p.one_year,
            five_year=p.five_year,
            source="entered" if p.published_on in entered else "facts",
        )
        for p in table.publications
        if after is None or p.published_on > after
    ][:limit]


async def enter_publication(ctx: Context, data: LprCreate) -> tuple[LprPublicationRead, bool]:
    """A new publication, recorded and published, and the decisions that read it taken again; the same
    publication again changes nothing (False). Another rate for a date on record is a conflict."""
    first = min(repository.shipped())
    if data.published_on > ctx.today():
        raise errors.LprInvalid(
            f"published_on {data.published_on} is in the future", detail_zh=f"公布日{data.published_on}晚于今天"
        )
    if data.published_on < first:
        raise errors.LprInvalid(
            f"the LPR as reformed was first published on {first}", detail_zh=f"改革后的LPR首次公布于{first}"
        )
    for name, rate in (("one_year", data.one_year), ("five_year", data.five_year)):
        if rate % STEP:
            raise errors.LprInvalid(
                f"{name} {rate} is not a multiple of 0.05 percentage points",
                detail_zh=f"{name} {rate}不是0.05个百分点的整数倍",
            )
    known = repository.shipped().get(data.published_on) or await repository.get_entered(ctx.session, data.published_on)
    read = LprPublicationRead(
        published_on=data.published_on, one_year=data.one_year, five_year=data.five_year, source="entered"
    )
    if known is not None:
        if (known.one_year, known.five_year) != (data.one_year, data.five_year):
            raise errors.LprExists(
                f"{data.published_on} is on record at {known.one_year:.2f} / {known.five_year:.2f}; "
                "a publication is never changed"
            )
        source = "facts" if data.published_on in repository.shipped() else "entered"
        return read.model_copy(update={"source": source}), False
    ctx.session.add(
        LprEntry(
            published_on=data.published_on,
            one_year=data.one_year,
            five_year=data.five_year,
            entered_by=ctx.actor.name,
        )
    )
    await ctx.session.flush()
    after = {"published_on": data.published_on.isoformat(), "one_year": f"{data.one_year:.2f}"}
    after["five_year"] = f"{data.five_year:.2f}"
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="lpr.published",
        entity_type="lpr",
        entity_id=data.published_on.isoformat(),
        before=None,
        after=after,
    )
    await add_event(
        ctx.session,
        events.LPR_PUBLISHED,
        key="lpr",
        payload=events.LprPublished(published_on=data.published_on, one_year=data.one_year, five_year=data.five_year),
        producer=SERVICE_NAME,
        occurred_at=ctx.clock.now(),
    )
    await decide_again_from(ctx, data.published_on)
    return read, True


async def decide_again_from(ctx: Context, published_on: date) -> None:
    """The loans disbursed on or after a new publication read it (or waited for it): their A5.2 checks
    and their enterprises' A5.1 subsidies are decided again (each enterprise under its lock)."""
    for uscc in sorted(await loans.enterprises_with_loans_from(ctx, published_on)):
        await subsidies.reconcile(ctx, uscc)
        await loans.check_ceilings(ctx, uscc=uscc, disbursed_from=published_on)
