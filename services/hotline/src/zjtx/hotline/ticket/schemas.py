from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field

from zjtx.common.clock import CHINA

# An instant as the API shows it: with the offset of Asia/Shanghai (+08:00), whatever the database returned.
Local = Annotated[datetime, AfterValidator(lambda at: at.astimezone(CHINA))]


class EnterpriseRead(BaseModel):
    uscc: str | None = Field(description="the caller's credit code when it is a valid one")
    uscc_given: str | None = Field(description="what the caller gave when it is not a valid credit code")
    name: str = Field(description="the enterprise's name as the caller gave it")
    match: str = Field(description="registered | unregistered | invalid_uscc | none (no code given)")
    known: bool = Field(description="the registry knows the enterprise")
    registered_name: str | None
    district_code: str | None
    district_name: str | None


class ContactRead(BaseModel):
    name: str
    phone: str
    masked: bool = Field(description="true unless the caller is the department handling the ticket")


class ReplyRead(BaseModel):
    text: str
    resolved: bool
    replied_at: Local
    department: str | None


class RatingRead(BaseModel):
    rating: str
    visited_at: Local | None


class Deadlines(BaseModel):
    """When each current deadline ends (24:00 Asia/Shanghai of its last day, shown as 00:00+08:00 of the
    next day); null when there is none now or it cannot be computed (deadline_details says why)."""

    acknowledge: Local | None
    reply: Local | None
    return_visit: Local | None


class DeadlineRead(BaseModel):
    kind: str
    cycle: int
    opened_at: Local
    due_at: Local | None
    unknown_reason: str | None
    ended_at: Local | None
    end_reason: str | None
    supervised_at: Local | None
    overdue: bool
    explanation: dict[str, Any]


class TimelineRead(BaseModel):
    seq: int
    at: Local
    verb: str
    status: str
    department: str | None
    actor: str
    event_id: uuid.UUID
    details: dict[str, Any]


class PayableRead(BaseModel):
    payable_id: uuid.UUID
    contract_no: str
    buyer_code: str
    outstanding: str
    due_on: str


class TicketRead(BaseModel):
    id: uuid.UUID
    external_id: str
    channel: str
    received_at: Local
    category: str
    category_name: str
    title: str
    content: str
    status: str
    department: str | None
    department_name: str | None
    enterprise: EnterpriseRead
    contact: ContactRead
    buyer_code: str | None
    contract_no: str | None
    reply: ReplyRead | None
    rating: RatingRead | None
    reopen_count: int
    supervision_count: int
    extension_days: int
    merged_into: uuid.UUID | None
    end_reason: str | None
    ended_at: Local | None
    deadlines: Deadlines
    deadline_details: list[DeadlineRead]
    overdue: bool = Field(description="an open deadline has passed")
    overdue_payables: list[PayableRead] = Field(
        description="arrears: the overdue payables payments-watch reported for this contract (or buyer and seller)"
    )
    sequence: int = Field(description="one more per change of the ticket")
    timeline: list[TimelineRead] | None = Field(description="every change, in order (null in lists)")
    created_at: Local
    updated_at: Local
