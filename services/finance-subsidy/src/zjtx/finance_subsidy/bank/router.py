from __future__ import annotations

from zjtx.common.kit import AdminContext
from zjtx.common.web.routing import Router
from zjtx.finance_subsidy.bank import service
from zjtx.finance_subsidy.bank.schemas import BankCreate, BankRead
from zjtx.finance_subsidy.deps import BankCodePath, ViewerDep

router = Router(prefix="/v1/banks", tags=["banks"])


def _read(bank) -> BankRead:
    return BankRead(code=bank.code, name=bank.name, zhubaodai_partner=bank.zhubaodai_partner)


@router.post("", status_code=201, response_model=BankRead, summary="Register a bank (admin)")
async def register_bank(body: BankCreate, ctx: AdminContext) -> BankRead:
    return _read(await service.register_bank(ctx, body))


@router.get("/{code}", response_model=BankRead, summary="One bank")
async def get_bank(code: BankCodePath, viewer: ViewerDep) -> BankRead:
    return _read(await service.get_bank(viewer.ctx, code))


@router.get("", response_model=list[BankRead], summary="The registered banks")
async def list_banks(viewer: ViewerDep) -> list[BankRead]:
    return [_read(bank) for bank in await service.list_banks(viewer.ctx)]
