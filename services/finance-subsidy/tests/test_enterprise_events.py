"""The registry's enterprise events as this service keeps them: both versions, and a profile of a later
day not overwritten by a correction the registry records late for an earlier day."""

from __future__ import annotations

from datetime import date

from zjtx.common.events import registry as ev
from zjtx.common.testing.registry_events import apply, registered
from zjtx.common.testing.uscc import make_uscc
from zjtx.finance_subsidy.enterprise.models import EnterpriseView


async def profile(sessions, uscc: str) -> tuple[str, str | None, date | None]:
    async with sessions() as session:
        row = await session.get(EnterpriseView, uscc)
        return row.name, row.size_class, row.facts_effective_on


async def test_a_late_correction_for_an_earlier_day_leaves_the_later_profile(sessions, handlers):
    uscc = make_uscc(701)
    await apply(sessions, handlers, registered(uscc, name="甲", size_class="small"))
    later = registered(
        uscc, contract=ev.ENTERPRISE_UPDATED_V2, name="乙", size_class="medium", effective_on=date(2025, 1, 1)
    )
    await apply(sessions, handlers, later)
    assert await profile(sessions, uscc) == ("乙", "medium", date(2025, 1, 1))

    earlier = registered(
        uscc, contract=ev.ENTERPRISE_UPDATED_V2, name="丙", size_class="micro", effective_on=date(2024, 3, 1)
    )
    await apply(sessions, handlers, earlier)
    assert await profile(sessions, uscc) == ("乙", "medium", date(2025, 1, 1))

    same_day = registered(
        uscc, contract=ev.ENTERPRISE_UPDATED_V2, name="丁", size_class="medium", effective_on=date(2025, 1, 1)
    )
    await apply(sessions, handlers, same_day)
    assert await profile(sessions, uscc) == ("丁", "medium", date(2025, 1, 1))


async def test_version_1_takes_the_day_it_occurred(sessions, handlers):
    uscc = make_uscc(702)
    await apply(sessions, handlers, registered(uscc, contract=ev.ENTERPRISE_REGISTERED))
    # The test envelopes occur at 2025-09-01 09:00 Asia/Shanghai.
    assert await profile(sessions, uscc) == ("示例企业", "small", date(2025, 9, 1))
