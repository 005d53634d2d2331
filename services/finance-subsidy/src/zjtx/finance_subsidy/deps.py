"""Router dependencies of the finance-subsidy service: the use-case context per scope, and the two
callers that are bound to a bank: a bank's key reading (it sees only its own bank's loans, subsidies and
events) and a bank's key sending its signed events."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Query, Request

from zjtx.common.kit import Context, read_context, scoped_context
from zjtx.common.kit.deps import context_for
from zjtx.common.web.auth import Client, authorize, current_client
from zjtx.common.web.deps import SessionDep, request_session, uses_unit_of_work
from zjtx.common.web.errors import Forbidden
from zjtx.finance_subsidy.fields import BANK_CODE, IDENTIFIER

# Codes, ids, years and days in paths and filters: by their patterns and bounds, so that no wild value
# reaches a query (never a 500 for a wild one), each saying what it is in the OpenAPI document.
BankCodeFilter = Annotated[
    str | None,
    Query(
        pattern=BANK_CODE,
        description="only this bank's, by its code (2 to 20 capitals and digits); a bank's key sees its own bank's "
        "alone, whatever this says",
    ),
]
BankCodePath = Annotated[str, Path(pattern=BANK_CODE, description="the bank's code: 2 to 20 capitals and digits")]
LoanIdFilter = Annotated[
    str | None,
    Query(max_length=64, pattern=IDENTIFIER, description="only this loan, by the bank's own loan id"),
]
LoanIdPath = Annotated[
    str,
    Path(
        max_length=64,
        pattern=IDENTIFIER,
        description="the bank's own loan id: letters, digits and . _ : / - (up to 64; a `/` is part of the id)",
    ),
]
ProductTypeFilter = Annotated[
    str | None,
    Query(
        max_length=40,
        pattern=r"^[a-z][a-z0-9_]*$",
        description="only products of this type, a type of the parameter `loan_product_types` (A5.4): `xinyidai` "
        "信易贷, `yinshuidai` 银税贷, `zhengcaidai` 政采贷, `zhubaodai` 助保贷, `inclusive_sme` 普惠小微贷款",
    ),
]
SubsidyIdPath = Annotated[uuid.UUID, Path(description="the subsidy's `id`")]

ReadContext = read_context("finance:read")
ReviewContext = scoped_context("finance:review")
ApproveContext = scoped_context("finance:approve")
# Recording a payment is the finance bureau's (财政局), not the approver's: who approves does not also pay.
DisburseContext = scoped_context("finance:disburse")


class BankKeyUnbound(Forbidden):
    code, title = "bank_key_unbound", "This bank's key is bound to no bank code"


@dataclass(frozen=True)
class Viewer:
    """Who reads: staff and the data platform (`finance:read`) see everything; a bank's key
    (`finance:bank`) sees only its own bank's records, `bank_code`."""

    ctx: Context
    bank_code: str | None

    def sees(self, bank_code: str) -> bool:
        return self.bank_code is None or self.bank_code == bank_code


@dataclass(frozen=True)
class BankCaller:
    """A bank's key: the client (its attributes hold its bank code and webhook secret) and the context."""

    ctx: Context
    client: Client
    bank_code: str


def _bank_code(client: Client) -> str:
    code = client.attributes.get("bank_code")
    if not isinstance(code, str) or not code:
        raise BankKeyUnbound(f"the client {client.name} has no bank_code attribute")
    return code


async def _viewer(request: Request, session: SessionDep) -> Viewer:
    client = await current_client(request)
    if client.has("finance:read"):
        return Viewer(context_for(request, session, client), None)
    if client.has("finance:bank"):
        return Viewer(context_for(request, session, client), _bank_code(client))
    raise Forbidden("this needs the scope finance:read (or finance:bank, for a bank's own records)")


@uses_unit_of_work
async def _bank_caller(request: Request) -> BankCaller:
    # As the kit's scoped contexts take theirs (zjtx.common.kit.deps): the request's session without a
    # dependency of its own for FastAPI to solve (every bank's event comes this way), and the caller
    # checked first, so a refused request never makes one.
    client = authorize(request, "finance:bank")
    return BankCaller(context_for(request, request_session(request), client), client, _bank_code(client))


async def _bank_or_admin(request: Request, session: SessionDep) -> Viewer:
    """Writes a bank may make for its own bank, and an admin for any (loan products)."""
    client = await current_client(request)
    if client.has("admin"):
        return Viewer(context_for(request, session, client), None)
    if client.has("finance:bank"):
        return Viewer(context_for(request, session, client), _bank_code(client))
    raise Forbidden("this needs the scope admin (or finance:bank, for a bank's own products)")


# What the OpenAPI document says each caller needs (zjtx.common.web.openapi).
_viewer.zjtx_scope = ("finance:read", "finance:bank")
_bank_caller.zjtx_scope = "finance:bank"
_bank_or_admin.zjtx_scope = ("admin", "finance:bank")

ViewerDep = Annotated[Viewer, Depends(_viewer)]
BankCallerDep = Annotated[BankCaller, Depends(_bank_caller)]
BankOrAdminDep = Annotated[Viewer, Depends(_bank_or_admin)]
