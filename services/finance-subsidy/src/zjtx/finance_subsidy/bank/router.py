from __future__ import annotations

from zjtx.common.kit import AdminContext
from zjtx.common.web.paging import DEFAULT_LIMIT, InvalidCursor, Page
from zjtx.common.web.routing import Cursor, Limit, Router, problems
from zjtx.finance_subsidy import errors, paging
from zjtx.finance_subsidy.bank import service
from zjtx.finance_subsidy.bank.schemas import BankCreate, BankRead
from zjtx.finance_subsidy.deps import BankCodePath, BankKeyUnbound, ViewerDep

router = Router(prefix="/v1/banks", tags=["banks"])


def _read(bank) -> BankRead:
    return BankRead(code=bank.code, name=bank.name, zhubaodai_partner=bank.zhubaodai_partner)


@router.post(
    "",
    status_code=201,
    response_model=BankRead,
    summary="Register a bank (admin)",
    responses=problems(errors.BankExists),
)
async def register_bank(body: BankCreate, ctx: AdminContext) -> BankRead:
    """A bank that reports loans (webhook or topic) or lists products must be registered first; its API keys
    are bound to its `code` (their `bank_code` attribute). `zhubaodai_partner`: a 助保贷 partner bank, whose
    助保贷 loans are checked against the A5.2 ceiling and covered by the A5.3 risk pool. A code on record is
    409 `bank_exists`."""
    return _read(await service.register_bank(ctx, body))


@router.get(
    "/{code}", response_model=BankRead, summary="One bank", responses=problems(errors.BankNotFound, BankKeyUnbound)
)
async def get_bank(code: BankCodePath, viewer: ViewerDep) -> BankRead:
    """The bank of this code and whether it is a 助保贷 partner (A5.2, A5.3); 404 `bank_not_found` if none."""
    return _read(await service.get_bank(viewer.ctx, code))


@router.get(
    "",
    response_model=Page[BankRead],
    summary="The registered banks, by code",
    responses=problems(InvalidCursor, BankKeyUnbound),
)
async def list_banks(viewer: ViewerDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Page[BankRead]:
    """Every registered bank, in the order of their codes, a page at a time."""
    rows = await service.list_banks(viewer.ctx, after=paging.after_code(cursor), limit=limit)
    return Page(items=[_read(bank) for bank in rows], next_cursor=paging.next_code_cursor(rows, limit, "code"))
