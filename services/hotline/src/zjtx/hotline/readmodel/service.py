"""The read models fed by other services' events: the registry's enterprises (names and districts, and
tickets of an enterprise that registers after it called become matched), and payments-watch's overdue
payables (linked to arrears complaints when a ticket is read)."""

from __future__ import annotations

from zjtx.common.events.payments import PayableOverdue, PayablePaid
from zjtx.common.events.registry import EnterpriseFactsSnapshot, EnterpriseRelocatedIn, EnterpriseSnapshot
from zjtx.common.kit.context import Context
from zjtx.common.money import yuan_to_fen
from zjtx.hotline.readmodel import repository
from zjtx.hotline.readmodel.models import EnterpriseView, OverduePayableView
from zjtx.hotline.ticket.repository import mark_enterprise_known


async def enterprise_changed(ctx: Context, snapshot: EnterpriseSnapshot | EnterpriseFactsSnapshot) -> None:
    values = {"uscc": snapshot.uscc, "name": snapshot.name, "district_code": snapshot.district_code}
    await repository.upsert(ctx.session, EnterpriseView, values, keys=["uscc"])
    await mark_enterprise_known(ctx.session, snapshot.uscc)


async def enterprise_moved(ctx: Context, moved: EnterpriseRelocatedIn) -> None:
    await repository.move_enterprise(ctx.session, moved.uscc, moved.district_code)


async def payable_overdue(ctx: Context, payable: PayableOverdue) -> None:
    values = {
        "payable_id": payable.payable_id,
        "contract_no": payable.contract_no,
        "buyer_code": payable.buyer_code,
        "seller_uscc": payable.seller_uscc,
        "outstanding_fen": yuan_to_fen(payable.outstanding),
        "due_on": payable.due_on,
    }
    await repository.upsert(ctx.session, OverduePayableView, values, keys=["payable_id"])


async def payable_paid(ctx: Context, paid: PayablePaid) -> None:
    """A payment lowers what is outstanding (a payable never reported overdue is not kept)."""
    await repository.payable_paid(ctx.session, paid.payable_id, yuan_to_fen(paid.outstanding))
