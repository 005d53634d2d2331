"""A4.list: the published list of enterprises awarded for moving above scale (小升规), per year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.awards.public import repository
from zjtx.awards.years import check_policy_year
from zjtx.common.parameters import ParameterFile


@dataclass(frozen=True)
class ListedEnterprise:
    uscc: str
    name: str


async def scale_up_list(
    session: AsyncSession, *, year: int | None, parameters: ParameterFile, today: date
) -> tuple[int, list[ListedEnterprise]]:
    """A4.list for `year` (default this year): the enterprises whose third consecutive above-scale year —
    the reference date of their A4.1 award — is `year`, once the award is approved (approved or disbursed):
    not while it is computed or reviewed, nor once rejected, revoked, or paid and then found no longer held
    by the facts (recovery_due, recovered)."""
    year = check_policy_year(today.year if year is None else year, parameters=parameters, today=today)
    rows = await repository.scale_up_awardees(session, start=date(year, 1, 1), end=date(year, 12, 31))
    return year, [ListedEnterprise(uscc, name) for uscc, name in rows]
