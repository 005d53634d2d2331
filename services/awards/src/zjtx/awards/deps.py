"""Router dependencies of the awards service: the use-case context, per scope, and the query parameters
its lists share, each by its pattern or bounds and saying what it is."""

from typing import Annotated, Literal

from fastapi import Query

from zjtx.common.kit import scoped_context
from zjtx.common.reference import describe_codes, load_reference
from zjtx.common.uscc import USCC_CHECK_NOTE, USCC_PATTERN
from zjtx.common.web.routing import Day

ReadContext = scoped_context("awards:read")
WriteContext = scoped_context("awards:write")
ReviewContext = scoped_context("awards:review")
ApproveContext = scoped_context("awards:approve")
# Recording a payment (and money coming back) is the finance bureau's: not the reviewers' or approvers'.
DisburseContext = scoped_context("awards:disburse")

RULES = ("A1.1", "A1.2", "A1.3", "A1.park", "A2.1", "A2.2", "A3.rent", "A4.1", "A6.1")
CLAIM_RULES = ("A2.1", "A2.2", "A3.rent", "A6.1")

UsccFilter = Annotated[
    str | None,
    Query(pattern=USCC_PATTERN, description=f"only the enterprise of this 统一社会信用代码. {USCC_CHECK_NOTE}"),
]
DistrictFilter = Annotated[
    str | None,
    Query(
        max_length=10,
        pattern=r"^[0-9A-Z-]+$",
        description=f"only enterprises of this district or zone: {describe_codes(load_reference().divisions)}",
    ),
]
AwardRuleFilter = Annotated[
    Literal[RULES] | None, Query(description="only awards under this rule id of RULES.md: " + ", ".join(RULES))
]
ClaimRuleFilter = Annotated[
    Literal[CLAIM_RULES] | None,
    Query(description="only claims under this rule id of RULES.md: " + ", ".join(CLAIM_RULES)),
]
FiledFrom = Annotated[
    Day | None, Query(alias="from", description="filed on or after this day (Asia/Shanghai), YYYY-MM-DD")
]
FiledTo = Annotated[
    Day | None, Query(alias="to", description="filed on or before this day (Asia/Shanghai), YYYY-MM-DD")
]
