from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from zjtx.awards.fields import DISTRICTS_SAID
from zjtx.common.money import FenAsYuan, YuanIn
from zjtx.common.reference import CITY_NAME, funder_names

# Who funds the awards (F.1): the city (市本级), or a district or zone by its code; with their names.
FUNDER_NAMES = funder_names()
_FUNDER_OF_NAME = {name: code for code, name in FUNDER_NAMES.items()}


def _funder_code(value: Any) -> Any:
    """An officer writes the budget document's words: 市本级, 赛罕区; kept as their codes."""
    return _FUNDER_OF_NAME.get(value, value) if isinstance(value, str) else value


Funder = Annotated[Literal[tuple(FUNDER_NAMES)], BeforeValidator(_funder_code)]  # type: ignore[valid-type]
FUNDERS_SAID = f"`city` ({CITY_NAME}), or a district or zone: {DISTRICTS_SAID}"
FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR = 2022, 2099


class AppropriationCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {"funder": "city", "fiscal_year": 2025, "amount": "3000000.00", "reference": "呼财预〔2025〕12号"}
            ]
        },
    )

    funder: Funder = Field(
        description=f"who sets the money aside: {FUNDERS_SAID}; the Chinese name ({CITY_NAME}, 赛罕区, …) is "
        "taken for its code"
    )
    fiscal_year: int = Field(
        ge=FIRST_FISCAL_YEAR,
        le=LAST_FISCAL_YEAR,
        description="the fiscal year (a calendar year, 2022 to 2099) whose payments it funds, by their `paid_on`",
    )
    amount: YuanIn = Field(
        description="yuan set aside, more than 0.00 (`appropriation_invalid`); a second line for the same funder "
        "and year adds to the first (a supplementary appropriation)"
    )
    reference: str = Field(min_length=1, max_length=100, description="the budget document's reference")
    note: str | None = Field(default=None, max_length=2000, description="a note kept with the appropriation")


class AppropriationRead(BaseModel):
    id: uuid.UUID = Field(description="the appropriation line's id")
    funder: str = Field(description=f"who set the money aside: {FUNDERS_SAID}")
    fiscal_year: int = Field(description="the fiscal year whose payments it funds")
    amount: FenAsYuan = Field(description="yuan set aside by this line")
    reference: str = Field(description="the budget document's reference")
    note: str | None = Field(description="the note kept with it")
    recorded_by: str = Field(description="the client that recorded it")
    created_at: datetime = Field(description="when it was recorded")


class AppropriationStanding(BaseModel):
    funder: str = Field(description=f"the funder: {FUNDERS_SAID}")
    fiscal_year: int = Field(description="the fiscal year")
    appropriated: FenAsYuan = Field(description="the sum of the funder's appropriation lines for the year")
    paid: FenAsYuan = Field(
        description="the funder's shares of the awards paid in the year (by `paid_on`), what is due back or "
        "came back included (it returns to the treasury, not to the appropriation)"
    )
    remaining: FenAsYuan = Field(description="appropriated − paid: what the funder can still pay in the year")


def appropriation_read(row) -> AppropriationRead:
    return AppropriationRead(
        id=row.id,
        funder=row.funder,
        fiscal_year=row.fiscal_year,
        amount=row.amount_fen,
        reference=row.reference,
        note=row.note,
        recorded_by=row.recorded_by,
        created_at=row.created_at,
    )


def standing_read(standing) -> AppropriationStanding:
    return AppropriationStanding(
        funder=standing.funder,
        fiscal_year=standing.fiscal_year,
        appropriated=standing.appropriated_fen,
        paid=standing.paid_fen,
        remaining=standing.remaining_fen,
    )
