from __future__ import annotations

from typing import Any

from sqlalchemy import func, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.hotline.readmodel.models import EnterpriseView, OverduePayableView


async def upsert(session: AsyncSession, model: type, values: dict[str, Any], *, keys: list[str]) -> None:
    statement = insert(model).values(**values)
    changes = {k: statement.excluded[k] for k in values if k not in keys} | {"updated_at": func.now()}
    await session.execute(statement.on_conflict_do_update(index_elements=keys, set_=changes))


async def move_enterprise(session: AsyncSession, uscc: str, district_code: str) -> None:
    await session.execute(
        update(EnterpriseView)
        .where(EnterpriseView.uscc == uscc)
        .values(district_code=district_code, updated_at=func.now())
    )


async def payable_paid(session: AsyncSession, payable_id, outstanding_fen: int) -> None:
    await session.execute(
        update(OverduePayableView)
        .where(OverduePayableView.payable_id == payable_id)
        .values(outstanding_fen=outstanding_fen, updated_at=func.now())
    )
