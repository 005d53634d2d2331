"""The registry's router dependencies: the use-case context, per scope, and the path and query
parameters its routes share, each by its pattern, codes or bounds and saying what it is."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Path, Query

from zjtx.common.kit import read_context, scoped_context
from zjtx.common.reference import load_reference
from zjtx.registry.fields import CLUSTERS_SAID, DISTRICTS_SAID, POOLS_SAID

ReadContext = read_context("registry:read")
WriteContext = scoped_context("registry:write")

# The codes of the reference data, as the values a filter takes (an unknown one is 422 validation_failed).
DistrictCodes = Literal[tuple(load_reference().divisions)]  # type: ignore[valid-type]
ClusterCodes = Literal[tuple(load_reference().clusters)]  # type: ignore[valid-type]

DistrictFilter = Annotated[
    DistrictCodes | None, Query(description=f"only enterprises of this 旗县区 or zone: {DISTRICTS_SAID}")
]
ClusterFilter = Annotated[
    ClusterCodes | None, Query(description=f"only enterprises of this industrial cluster (产业集群): {CLUSTERS_SAID}")
]
PoolPath = Annotated[
    str,
    Path(
        max_length=40,
        pattern=r"^[a-z][a-z0-9_]*$",
        description=f"the cultivation pool (培育库; another code is 404 `pool_not_found`): {POOLS_SAID}",
    ),
]
ParkIdPath = Annotated[uuid.UUID, Path(description="the park's `id`, as its registration answered it")]
RecognitionIdPath = Annotated[uuid.UUID, Path(description="the recognition's `id`, as its grant answered it")]
