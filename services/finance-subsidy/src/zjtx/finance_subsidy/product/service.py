"""A5.4: banks' financing products with their conditions, and the products an enterprise meets the
conditions of, each with why (rules.products). Information only: no money is computed."""

from __future__ import annotations

from typing import Any

from zjtx.common.kit.context import Context
from zjtx.common.uscc import normalise_uscc
from zjtx.common.web.audit import record_audit
from zjtx.finance_subsidy import errors
from zjtx.finance_subsidy.bank.service import known_bank
from zjtx.finance_subsidy.enterprise import repository as enterprises
from zjtx.finance_subsidy.product import repository
from zjtx.finance_subsidy.product.models import LoanProduct
from zjtx.finance_subsidy.product.schemas import ProductCreate
from zjtx.finance_subsidy.rules.ceiling import ZHUBAODAI
from zjtx.finance_subsidy.rules.products import EnterpriseProfile, Match, match_product


def product_types(ctx: Context) -> dict[str, str]:
    return dict(ctx.parameters.in_force("loan_product_types", ctx.today()).body["types"])


async def add_product(ctx: Context, data: ProductCreate, *, caller_bank: str | None) -> LoanProduct:
    """A bank's product; a bank's key adds only its own bank's (an admin's any)."""
    if caller_bank is not None and data.bank_code != caller_bank:
        raise errors.BankMismatch(
            f"this key writes for bank {caller_bank}, not {data.bank_code}",
            detail_zh=f"该密钥只能代银行{caller_bank}写入，不能代{data.bank_code}",
        )
    bank = await known_bank(ctx, data.bank_code)
    types = product_types(ctx)
    if data.type not in types:
        raise errors.ProductTypeUnknown(
            f"{data.type!r}: the types are {', '.join(sorted(types))}",
            detail_zh=f"{data.type!r}：产品类型为{'、'.join(sorted(types))}",
        )
    if data.type == ZHUBAODAI and not bank.zhubaodai_partner:
        raise errors.NotZhubaodaiPartner(
            f"{bank.code} is not a 助保贷 partner bank", detail_zh=f"{bank.code}不是助保贷合作银行"
        )
    unknown = [d for d in data.conditions.districts or () if d not in ctx.reference.divisions]
    unknown += [c for c in data.conditions.clusters or () if c not in ctx.reference.clusters]
    if unknown:
        raise errors.ConditionsInvalid(
            f"unknown district or cluster codes: {', '.join(unknown)}",
            detail_zh=f"未知的旗县区或产业集群代码：{'、'.join(unknown)}",
        )
    if await repository.get(ctx.session, data.bank_code, data.code) is not None:
        raise errors.ProductExists(
            f"{data.bank_code} has a product {data.code}", detail_zh=f"{data.bank_code}已有产品{data.code}"
        )
    product = LoanProduct(
        bank_code=data.bank_code,
        code=data.code,
        name=data.name,
        product_type=data.type,
        description=data.description,
        max_amount_fen=data.max_amount,
        rate_note=data.rate_note,
        conditions=data.conditions.model_dump(exclude_defaults=True),
        active=True,
    )
    ctx.session.add(product)
    await ctx.session.flush()
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="loan_product.added",
        entity_type="loan_product",
        entity_id=str(product.id),
        before=None,
        after=data.model_dump(mode="json"),
    )
    return product


async def list_products(ctx: Context, **filters: Any) -> list[LoanProduct]:
    return await repository.search(ctx.session, **filters)


async def matching_products(
    ctx: Context, *, uscc: str, include_unmatched: bool, after: tuple[str, str] | None, limit: int
) -> list[tuple[LoanProduct, Match]]:
    """The active products against the enterprise's facts, today, by bank and code: those it meets (or all,
    `include_unmatched`), after the (bank, code) `after`. Matching is per product, in Python, over the few
    products banks list: the page is cut from the matched list."""
    code = normalise_uscc(uscc)
    enterprise = await enterprises.get(ctx.session, code)
    if enterprise is None:
        raise errors.EnterpriseNotFound(
            f"the registry has announced no enterprise {code}", detail_zh=f"企业库中没有统一社会信用代码为{code}的企业"
        )
    profile = EnterpriseProfile(
        uscc=code,
        district_code=enterprise.district_code,
        sector=enterprise.sector,
        cluster=enterprise.cluster,
        size_class=enterprise.size_class,
        is_sme=enterprise.is_sme,
        employees=enterprise.employees,
        annual_revenue_fen=enterprise.annual_revenue_fen,
        recognitions=await enterprises.recognitions(ctx.session, code),
    )
    products = await repository.search(ctx.session, bank_code=None, product_type=None, limit=None, after=None)
    products.sort(key=lambda product: (product.bank_code, product.code))
    found: list[tuple[LoanProduct, Match]] = []
    for product in products:
        if after is not None and (product.bank_code, product.code) <= after:
            continue
        match = match_product(product.conditions, profile, on=ctx.today())
        if match.matches or include_unmatched:
            found.append((product, match))
        if len(found) == limit:
            break
    return found
