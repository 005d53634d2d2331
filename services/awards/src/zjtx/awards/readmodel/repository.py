"""The read models: upserts from the registry's events, and the facts the rules read."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import Boolean, Date, Text, Uuid, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.awards.readmodel.models import (
    CreditListView,
    EnterpriseSizeView,
    EnterpriseView,
    RecognitionView,
    RelocationView,
    ScaleReportView,
)
from zjtx.awards.rules.facts import CreditListFact, EnterpriseFacts, RecognitionFact, RelocationFact, SizeFact
from zjtx.common.db import Write, array_param, unnest_rows
from zjtx.common.driver import fetch_all

# The enterprises as one array (:usccs): one statement text whatever their number, so it is compiled and
# prepared once (an IN list is expanded, and compiled again, for every call).
USCCS = array_param("usccs", Text())


def among(column):
    """`column IN (SELECT unnest(:usccs))`: the server joins the array's elements (by hash, or by the
    column's index), where `column = ANY(:usccs)` compares every row it scans with each element in turn:
    a batch of 500 enterprises took 55 ms to read 500 of 3,500 recognitions that way."""
    return column.in_(select(func.unnest(USCCS)))


async def upsert(session: AsyncSession, model, values: dict, *, keys: list[str]) -> None:
    statement = insert(model).values(**values)
    updates = {k: statement.excluded[k] for k in values if k not in keys}
    await session.execute(
        statement.on_conflict_do_update(index_elements=keys, set_=updates)
        if updates
        else statement.on_conflict_do_nothing(index_elements=keys)
    )


async def upsert_enterprise(session: AsyncSession, values: dict) -> None:
    """The enterprise's current facts, unless the view already holds a later version of them (a change
    recorded late, for an earlier date, arrives after the later ones)."""
    statement = insert(EnterpriseView).values(**values)
    current = EnterpriseView.__table__.c.effective_on
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["uscc"],
            set_={k: statement.excluded[k] for k in values if k != "uscc"} | {"updated_at": func.now()},
            where=or_(current.is_(None), current <= statement.excluded.effective_on),
        )
    )


async def upsert_size(session: AsyncSession, values: dict) -> None:
    """The size and cluster of the version that took effect on `effective_on` (the latest event wins)."""
    statement = insert(EnterpriseSizeView).values(**values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["uscc", "effective_on"],
            set_={k: statement.excluded[k] for k in ("size_class", "is_sme", "cluster")} | {"updated_at": func.now()},
        )
    )


async def add_relocation(session: AsyncSession, values: dict) -> None:
    await session.execute(insert(RelocationView).values(**values).on_conflict_do_nothing())


def stubs_write(districts: dict[str, str]) -> Write:
    """A placeholder for each enterprise the read model does not hold yet (uscc -> district), as rows to
    write (zjtx.common.db.Write): the code and district an event tells, until `registered` fills in the
    rest."""
    return _ADD_STUBS, {"stubs_uscc": list(districts), "stubs_district_code": list(districts.values())}


_STUBS = unnest_rows("stubs", {"uscc": Text(), "district_code": Text()})
_ADD_STUBS = (
    insert(EnterpriseView.__table__)
    .from_select(
        ["uscc", "name", "district_code", "sector", "cluster", "size_class", "is_sme"],
        select(
            _STUBS.c.uscc,
            func.cast("", Text()),
            _STUBS.c.district_code,
            func.cast("other", Text()),
            func.cast(None, Text()),
            func.cast("micro", Text()),
            func.cast(True, Boolean()),
        ),
    )
    .on_conflict_do_nothing(index_elements=["uscc"])
)


async def enterprise(session: AsyncSession, uscc: str) -> EnterpriseView | None:
    return await session.get(EnterpriseView, uscc)


def recognitions_write(rows: list[dict]) -> Write:
    """Many recognitions as their events describe them, as one statement to write (their ids are distinct)."""
    return _UPSERT_RECOGNITIONS, {f"recognitions_{column}": [row[column] for row in rows] for column in _RECOGNITION}


_RECOGNITION = {
    "recognition_id": Uuid(),
    "uscc": Text(),
    "tier": Text(),
    "recognized_on": Date(),
    "expires_on": Date(),
    "renewal": Boolean(),
    "held_tier_before": Boolean(),
    "status": Text(),
    "revoked_on": Date(),
    "revoked_reason": Text(),
}
_ROWS = unnest_rows("recognitions", _RECOGNITION)
_INSERT = insert(RecognitionView.__table__).from_select(
    list(_RECOGNITION), select(*(_ROWS.c[column] for column in _RECOGNITION))
)
_UPSERT_RECOGNITIONS = _INSERT.on_conflict_do_update(
    index_elements=["recognition_id"],
    set_={column: _INSERT.excluded[column] for column in _RECOGNITION if column != "recognition_id"}
    | {"updated_at": func.now()},
)


async def withdraw_recognition(session: AsyncSession, values: dict, *, reason: str) -> None:
    """A recognition withdrawn as recorded in error: marked, with the reason (inserted as it was, should its
    grant not have arrived: a withdrawn recognition counts for nothing either way)."""
    statement = insert(RecognitionView).values(**values, status="withdrawn", withdrawn_reason=reason)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["recognition_id"],
            set_={"status": "withdrawn", "withdrawn_reason": reason, "updated_at": func.now()},
        )
    )


async def enterprise_facts(session: AsyncSession, uscc: str) -> EnterpriseFacts | None:
    return (await facts_of(session, [uscc])).get(uscc)


async def facts_of(session: AsyncSession, usccs: list[str]) -> dict[str, EnterpriseFacts]:
    """What the rules know of each enterprise the read model holds, read for all of them at once (six
    queries of plain rows, whatever their number, run on the driver: zjtx.common.driver)."""
    among_these = {"usccs": list(usccs)}
    views = await fetch_all(session, _VIEWS, among_these)
    if not views:
        return {}
    recognitions: dict[str, list[RecognitionFact]] = defaultdict(list)
    for uscc, tier, on, expires, renewal, held, revoked_on, recognition_id, why, withdrawn in await fetch_all(
        session, _RECOGNITIONS, among_these
    ):
        recognitions[uscc].append(
            RecognitionFact(
                tier=tier,
                recognized_on=on,
                expires_on=expires,
                renewal=renewal,
                held_tier_before=held,
                revoked_on=revoked_on,
                recognition_id=recognition_id,
                source=recognition_source(recognition_id),
                revoked_reason=why,
                withdrawn_reason=withdrawn,
            )
        )
    relocations: dict[str, list[RelocationFact]] = defaultdict(list)
    for uscc, moved_in_on, moved_from, division in await fetch_all(session, _RELOCATIONS, among_these):
        relocations[uscc].append(
            RelocationFact(
                moved_in_on=moved_in_on,
                moved_from=moved_from,
                moved_from_division_code=division,
                source=relocation_source(moved_in_on),
            )
        )
    scale: dict[str, dict[int, bool]] = defaultdict(dict)
    for uscc, year, above in await fetch_all(session, _SCALE, among_these):
        scale[uscc][year] = above
    sizes: dict[str, list[SizeFact]] = defaultdict(list)
    for uscc, effective_on, size_class, is_sme, cluster in await fetch_all(session, _SIZES, among_these):
        sizes[uscc].append(SizeFact(effective_on, size_class, is_sme, cluster))
    credit: dict[str, list[CreditListFact]] = defaultdict(list)
    for uscc, entry_id, listed, listed_on, removed_on, authority, reason, reason_zh in await fetch_all(
        session, _CREDIT, among_these
    ):
        credit[uscc].append(
            CreditListFact(
                listed, listed_on, removed_on, authority, reason or "", credit_list_source(entry_id), reason_zh
            )
        )
    return {
        uscc: EnterpriseFacts(
            uscc=uscc,
            district_code=district_code,
            cluster=cluster,
            is_sme=is_sme,
            name=name,
            recognitions=tuple(recognitions[uscc]),
            relocations=tuple(relocations[uscc]),
            scale_years=scale[uscc],
            sizes=tuple(sizes[uscc]),
            credit_lists=tuple(credit[uscc]),
        )
        for uscc, name, district_code, cluster, is_sme in views
    }


_V, _R, _M, _S, _Z = EnterpriseView, RecognitionView, RelocationView, ScaleReportView, EnterpriseSizeView
_VIEWS = select(_V.uscc, _V.name, _V.district_code, _V.cluster, _V.is_sme).where(among(_V.uscc))
_RECOGNITIONS = (
    select(
        _R.uscc,
        _R.tier,
        _R.recognized_on,
        _R.expires_on,
        _R.renewal,
        _R.held_tier_before,
        _R.revoked_on,
        _R.recognition_id,
        _R.revoked_reason,
        _R.withdrawn_reason,
    )
    .where(among(_R.uscc))
    .order_by(_R.recognized_on)
)
_RELOCATIONS = (
    select(_M.uscc, _M.moved_in_on, _M.moved_from, _M.moved_from_division_code)
    .where(among(_M.uscc))
    .order_by(_M.moved_in_on)
)
_SCALE = select(_S.uscc, _S.year, _S.above_scale).where(among(_S.uscc))
_SIZES = (
    select(_Z.uscc, _Z.effective_on, _Z.size_class, _Z.is_sme, _Z.cluster)
    .where(among(_Z.uscc))
    .order_by(_Z.uscc, _Z.effective_on)
)


_C = CreditListView
_CREDIT = (
    select(_C.uscc, _C.entry_id, _C.list, _C.listed_on, _C.removed_on, _C.authority, _C.reason, _C.reason_zh)
    .where(among(_C.uscc))
    .order_by(_C.uscc, _C.listed_on)
)


async def upsert_credit_list_entry(session: AsyncSession, values: dict) -> None:
    """An entry as its latest event describes it (put on a list, or taken off it)."""
    await upsert(session, CreditListView, values | {"updated_at": func.now()}, keys=["entry_id"])


async def credit_lists_of(session: AsyncSession, uscc: str) -> list[CreditListView]:
    query = select(CreditListView).where(CreditListView.uscc == uscc).order_by(CreditListView.listed_on)
    return list(await session.scalars(query))


async def recognitions_of(session: AsyncSession, uscc: str) -> list[RecognitionView]:
    query = select(RecognitionView).where(RecognitionView.uscc == uscc).order_by(RecognitionView.recognized_on)
    return list(await session.scalars(query))


def credit_list_source(entry_id) -> str:
    return f"credit_list:{entry_id}"


def recognition_source(recognition_id) -> str:
    return f"recognition:{recognition_id}"


def relocation_source(moved_in_on: date) -> str:
    return f"relocation:{moved_in_on.isoformat()}"
