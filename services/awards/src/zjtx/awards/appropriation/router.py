"""Appropriations per funder and fiscal year (issue 12, item 6): recorded by an administrator (the finance
bureau's budget), read by anyone with `awards:read`."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from zjtx.awards import errors, paging
from zjtx.awards.appropriation import repository, service
from zjtx.awards.appropriation.schemas import (
    FIRST_FISCAL_YEAR,
    FUNDERS_SAID,
    LAST_FISCAL_YEAR,
    AppropriationCreate,
    AppropriationRead,
    Funder,
    appropriation_read,
)
from zjtx.awards.deps import ReadContext
from zjtx.common.kit import AdminContext
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Limit, Router, problems

router = Router(prefix="/v1/budget/appropriations", tags=["budget"])

FunderFilter = Annotated[Funder | None, Query(description=f"only this funder's appropriations: {FUNDERS_SAID}")]
FiscalYearFilter = Annotated[
    int | None,
    Query(
        ge=FIRST_FISCAL_YEAR,
        le=LAST_FISCAL_YEAR,
        description="only appropriations for this fiscal year (2022 to 2099)",
    ),
]


@router.post(
    "",
    response_model=AppropriationRead,
    status_code=201,
    summary="Record an appropriation of a funder (the city or a district) for a fiscal year (admin)",
    responses=problems(errors.AppropriationInvalid),
)
async def create_appropriation(body: AppropriationCreate, ctx: AdminContext) -> AppropriationRead:
    """An appropriation line: money the city (`city`, 市本级) or a district or zone sets aside for the awards
    paid in a fiscal year (F.1: each pays half of every award). Lines of one funder and year add up (a
    supplementary appropriation is another line). Payments of that year are refused beyond what remains
    (`appropriation_exceeded` on `POST /v1/awards/{id}/disburse`). Audited; needs the `admin` scope."""
    row = await service.appropriate(
        ctx,
        funder=body.funder,
        fiscal_year=body.fiscal_year,
        amount_fen=body.amount,
        reference=body.reference,
        note=body.note,
    )
    return appropriation_read(row)


@router.get(
    "",
    response_model=Page[AppropriationRead],
    summary="The appropriation lines recorded, by funder and fiscal year, a page at a time",
    responses=problems(InvalidCursor),
)
async def list_appropriations(
    ctx: ReadContext,
    funder: FunderFilter = None,
    fiscal_year: FiscalYearFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[AppropriationRead]:
    """Every appropriation line in the order recorded, filtered by funder and fiscal year; what remains of
    each funder's year is in `GET /v1/budget` (`appropriations`)."""
    rows = await repository.search(
        ctx.session, funder=funder, fiscal_year=fiscal_year, limit=limit, after=paging.after_created(cursor)
    )
    next_cursor = paging.created_cursor(rows[-1]) if len(rows) == limit else None
    return Page(items=[appropriation_read(row) for row in rows], next_cursor=next_cursor)
