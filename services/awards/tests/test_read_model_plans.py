"""A batch's read of the enterprises it decides joins their USCCs; it does not compare each row it scans
with every one of them.

`uscc = ANY(:usccs)` over a scan compares each row with the array's elements in turn: a batch of 500
enterprises took 55 ms to read 500 of 3,500 recognitions in the awards benchmark, the batch's largest
statement. `uscc IN (SELECT unnest(:usccs))` is a join, by hash or by the index."""

from __future__ import annotations

import pytest

from zjtx.awards.readmodel import repository
from zjtx.common.testing.plans import generic_plan, plan_nodes

READS = {
    "enterprises": repository._VIEWS,
    "recognitions": repository._RECOGNITIONS,
    "relocations": repository._RELOCATIONS,
    "scale reports": repository._SCALE,
    "sizes": repository._SIZES,
    "credit lists": repository._CREDIT,
}


@pytest.mark.parametrize("read", list(READS))
async def test_no_scan_compares_its_rows_with_the_whole_array(engine, read: str) -> None:
    plan = await generic_plan(engine, READS[read])
    filters = [node.get("Filter", "") for node in plan_nodes(plan)]
    assert not [f for f in filters if "ANY (" in f], filters
