"""Router dependencies of the awards service: the use-case context, per scope, and the path and query
parameters its routes share, each by its type, pattern or bounds, and saying what it is (so that no wild
value reaches a query or a date computation)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Path, Query

from zjtx.awards.fields import DISTRICTS_SAID, RULES_SAID, DistrictCode, RuleId
from zjtx.common.kit import scoped_context

ReadContext = scoped_context("awards:read")
WriteContext = scoped_context("awards:write")
ReviewContext = scoped_context("awards:review")
ApproveContext = scoped_context("awards:approve")

AwardIdPath = Annotated[uuid.UUID, Path(description="the award's `id`")]
ClaimIdPath = Annotated[uuid.UUID, Path(description="the claim's `id` (as POST /v1/claims answered it)")]
ProjectIdPath = Annotated[uuid.UUID, Path(description="the land-use project's `id`, one of this enterprise's")]
RuleFilter = Annotated[RuleId | None, Query(description=f"only awards of this rule: {RULES_SAID}")]
DistrictFilter = Annotated[
    DistrictCode | None,
    Query(description=f"only awards of enterprises (or parks) of this district or zone: {DISTRICTS_SAID}"),
]
