"""Banks: registered by an admin; a bank's clients (API keys) are bound to its code."""

from __future__ import annotations

from zjtx.common.kit.context import Context
from zjtx.common.web.audit import record_audit
from zjtx.finance_subsidy import errors
from zjtx.finance_subsidy.bank import repository
from zjtx.finance_subsidy.bank.models import Bank
from zjtx.finance_subsidy.bank.schemas import BankCreate


async def register_bank(ctx: Context, data: BankCreate) -> Bank:
    if await repository.get(ctx.session, data.code) is not None:
        raise errors.BankExists(f"bank {data.code} is registered", detail_zh=f"银行{data.code}已登记")
    bank = Bank(code=data.code, name=data.name, zhubaodai_partner=data.zhubaodai_partner)
    ctx.session.add(bank)
    await ctx.session.flush()
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="bank.registered",
        entity_type="bank",
        entity_id=bank.code,
        before=None,
        after=data.model_dump(),
    )
    return bank


async def get_bank(ctx: Context, code: str) -> Bank:
    bank = await repository.get(ctx.session, code)
    if bank is None:
        raise errors.BankNotFound(f"no bank {code}", detail_zh=f"没有银行{code}")
    return bank


async def known_bank(ctx: Context, code: str) -> Bank:
    """The bank an event or a record names, which must be registered (422 otherwise)."""
    bank = await repository.get(ctx.session, code)
    if bank is None:
        raise errors.BankUnknown(
            f"bank {code} is not registered (POST /v1/banks)", detail_zh=f"银行{code}未登记（POST /v1/banks）"
        )
    return bank


async def list_banks(ctx: Context, *, after: str | None, limit: int) -> list[Bank]:
    return await repository.banks(ctx.session, after=after, limit=limit)
