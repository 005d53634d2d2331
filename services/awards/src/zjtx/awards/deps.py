"""Router dependencies of the awards service: the use-case context, per scope, and the path and query
parameters its routes share, each by its type, pattern or bounds, and saying what it is (so that no wild
value reaches a query or a date computation)."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Path, Query

from zjtx.awards.fields import DISTRICTS_SAID, RULES_SAID, DistrictCode, RuleId
from zjtx.common.kit import read_context, scoped_context
from zjtx.common.web.routing import Day

ReadContext = read_context("awards:read")
WriteContext = scoped_context("awards:write")
ReviewContext = scoped_context("awards:review")
ApproveContext = scoped_context("awards:approve")
# Recording a payment (and money coming back) is the finance bureau's: not the reviewers' or approvers'.
DisburseContext = scoped_context("awards:disburse")

AwardIdPath = Annotated[uuid.UUID, Path(description="the award's `id`")]
ClaimIdPath = Annotated[uuid.UUID, Path(description="the claim's `id` (as POST /v1/claims answered it)")]
ProjectIdPath = Annotated[uuid.UUID, Path(description="the land-use project's `id`, one of this enterprise's")]
RuleFilter = Annotated[RuleId | None, Query(description=f"only awards of this rule: {RULES_SAID}")]
DistrictFilter = Annotated[
    DistrictCode | None,
    Query(description=f"only awards of enterprises (or parks) of this district or zone: {DISTRICTS_SAID}"),
]

# The rules a claim is filed for (POST /v1/claims): the others are decided from the registry's facts.
ClaimRuleId = Literal["A2.1", "A2.2", "A3.rent", "A6.1"]
ClaimRuleFilter = Annotated[
    ClaimRuleId | None,
    Query(
        description="only claims under this rule: `A2.1` new supply to the six clusters' leaders; `A2.2` a "
        "technical upgrade (技改); `A3.rent` rent of research or production premises; `A6.1` a national trade "
        "fair's booth fee"
    ),
]
ClaimDistrictFilter = Annotated[
    DistrictCode | None,
    Query(description=f"only claims of enterprises of this district or zone: {DISTRICTS_SAID}"),
]
FiledFrom = Annotated[
    Day | None, Query(alias="from", description="filed on or after this day (Asia/Shanghai), YYYY-MM-DD")
]
FiledTo = Annotated[
    Day | None, Query(alias="to", description="filed on or before this day (Asia/Shanghai), YYYY-MM-DD")
]
