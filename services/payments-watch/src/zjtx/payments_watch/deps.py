"""Router dependencies of the payments-watch service: the use-case context, per scope, and the as-of
date a reader may ask for."""

from datetime import date
from typing import Annotated

from fastapi import Query

from zjtx.common.kit import scoped_context

ReadContext = scoped_context("payments:read")
WriteContext = scoped_context("payments:write")

# A day to read things as of: today when not given; within this century, so that counting days from it
# never leaves the calendar.
AsOf = Annotated[
    date | None,
    Query(ge=date(2000, 1, 1), le=date(2099, 12, 31), description="YYYY-MM-DD; today (Asia/Shanghai) if not given"),
]
