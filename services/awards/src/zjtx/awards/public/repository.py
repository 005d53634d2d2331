from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.awards.award.models import Award
from zjtx.awards.readmodel.models import EnterpriseView

LISTED = ("approved", "disbursed")


async def scale_up_awardees(session: AsyncSession, *, start: date, end: date) -> list[tuple[str, str]]:
    """(uscc, name) of the enterprises with an approved A4.1 award (approved, or approved and paid; not one
    still computed or under review, nor one rejected, revoked, or paid and then found no longer held), whose
    reference date is in [start, end]; the name from the enterprise read model, else the one the award
    recorded."""
    name = func.coalesce(func.nullif(EnterpriseView.name, ""), Award.subject_name)
    query = (
        select(Award.uscc, name)
        .outerjoin(EnterpriseView, EnterpriseView.uscc == Award.uscc)
        .where(
            Award.rule == "A4.1",
            # Issue 12: only approved awards are published; computed or reviewed ones are not decided yet, and
            # rejected, revoked, or paid but no longer held (recovery_due, recovered) ones are not awardees.
            Award.status.in_(LISTED),
            Award.reference_date.between(start, end),
            Award.uscc.is_not(None),
        )
        .order_by(Award.uscc)
    )
    return [(uscc, label) for uscc, label in await session.execute(query)]
