from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from zjtx.payments_watch.schemas import DecimalText


class LprRead(BaseModel):
    published_on: date = Field(description="the publication's date (in force from then until the next)")
    one_year: DecimalText = Field(
        description='the 1-year LPR, percent a year ("3.00"): an agreed overdue rate below the one of the signing '
        "date is flagged and this used (A10.4)"
    )
    five_year: DecimalText = Field(description="the 5-year-and-over LPR, percent a year")
    source: Literal["shipped", "received"] = Field(
        description="`shipped` with the platform (the facts' lpr.csv) or `received` from the finance-subsidy "
        "service (`finance.lpr.published`; it replaces a shipped one of the same date)"
    )
