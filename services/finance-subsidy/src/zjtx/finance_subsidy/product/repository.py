from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from zjtx.finance_subsidy.product.models import LoanProduct


async def get(session: AsyncSession, bank_code: str, code: str) -> LoanProduct | None:
    return await session.scalar(select(LoanProduct).where(LoanProduct.bank_code == bank_code, LoanProduct.code == code))


async def search(
    session: AsyncSession,
    *,
    bank_code: str | None,
    product_type: str | None,
    limit: int | None,
    after: tuple[datetime, uuid.UUID] | None,
) -> list[LoanProduct]:
    query = select(LoanProduct).where(LoanProduct.active.is_(True))
    if bank_code is not None:
        query = query.where(LoanProduct.bank_code == bank_code)
    if product_type is not None:
        query = query.where(LoanProduct.product_type == product_type)
    if after is not None:
        query = query.where(tuple_(LoanProduct.created_at, LoanProduct.id) > tuple_(*after))
    query = query.order_by(LoanProduct.created_at, LoanProduct.id)
    return list(await session.scalars(query.limit(limit) if limit else query))
