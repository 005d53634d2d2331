"""The write of a decision finds its periods by index, whatever the server knows of the table.

Joined only to the unnested decisions, the generic plan made while `interest_periods` was small hashed a
scan of all of it for each decision: in the intake benchmark, 2-13 ms an event at 3,000 periods, growing
with the table. Naming the enterprise (an indexed column, compared for equality) keeps it on the index."""

from __future__ import annotations

from zjtx.common.testing.plans import generic_plan, plan_nodes
from zjtx.finance_subsidy.subsidy.repository import decisions_update


async def test_the_generic_plan_of_a_decisions_write_reads_periods_by_index(engine) -> None:
    statement, _ = decisions_update("91150105MA0Q4LJX27", [])
    plan = await generic_plan(engine, statement)
    scans = [node["Node Type"] for node in plan_nodes(plan) if node.get("Relation Name") == "interest_periods"]
    assert "Seq Scan" not in scans, scans
    assert any("Index" in scan for scan in scans), scans
