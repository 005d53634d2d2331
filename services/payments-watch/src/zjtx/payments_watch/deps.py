"""Router dependencies of the payments-watch service: the use-case context, per scope, and the path and
query parameters its routes share, each by its pattern or bounds and saying what it is."""

import uuid
from typing import Annotated

from fastapi import Path, Query

from zjtx.common.kit import read_context, scoped_context
from zjtx.common.reference import describe_codes, load_reference
from zjtx.common.uscc import USCC_CHECK_NOTE, USCC_DESCRIPTION, USCC_PATTERN
from zjtx.common.web.routing import Day
from zjtx.payments_watch.contract.schemas import CONTRACT_NO

ReadContext = read_context("payments:read")
WriteContext = scoped_context("payments:write")

# A day to read things as of: today when not given; within the platform's calendar, so that counting
# days from it never leaves the calendar.
AsOf = Annotated[
    Day | None,
    Query(
        description="the day to read it as of, YYYY-MM-DD (1949-10-01 to 2099-12-31); "
        "today (Asia/Shanghai) if not given"
    ),
]
BuyerCodePath = Annotated[str, Path(pattern=USCC_PATTERN, description=f"the buyer's code: its {USCC_DESCRIPTION}")]
BuyerCodeFilter = Annotated[
    str | None,
    Query(pattern=USCC_PATTERN, description=f"only this buyer's, by its 统一社会信用代码. {USCC_CHECK_NOTE}"),
]
SellerFilter = Annotated[
    str | None,
    Query(
        pattern=USCC_PATTERN, description=f"only this seller's (the SME), by its 统一社会信用代码. {USCC_CHECK_NOTE}"
    ),
]
DistrictFilter = Annotated[
    str | None,
    Query(
        max_length=10,
        pattern=r"^[0-9A-Z-]+$",
        description=f"only buyers of this district or zone: {describe_codes(load_reference().divisions)}",
    ),
]
ContractNoPath = Annotated[
    str,
    Path(
        pattern=CONTRACT_NO,
        description="the contract's number: letters (Latin or Chinese), digits and - _ . ( ) （ ） 〔 〕",
    ),
]
DisputeIdPath = Annotated[uuid.UUID, Path(description="the dispute's `id`")]
PlanIdPath = Annotated[uuid.UUID, Path(description="the plan version's `id`")]
