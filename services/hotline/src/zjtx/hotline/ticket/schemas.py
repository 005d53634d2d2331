from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field

from zjtx.common.clock import CHINA
from zjtx.common.reference import describe_codes, load_reference
from zjtx.hotline.categories import CATEGORIES_SAID
from zjtx.hotline.transition.rules import STATUS_NAMES

# An instant as the API shows it: with the offset of Asia/Shanghai (+08:00), whatever the database returned.
Local = Annotated[datetime, AfterValidator(lambda at: at.astimezone(CHINA))]
STATUSES_SAID = "; ".join(f"`{code}` {name}" for code, name in STATUS_NAMES.items())
RATINGS_SAID = "`satisfied` 满意, `basically_satisfied` 基本满意, `unsatisfied` 不满意 (reopens the ticket, once)"
DEADLINE_KINDS_SAID = (
    "`acknowledge` (签收, 1 working day; arrears: forwarded within 10), `reply` (办结, 5 working days; arrears: "
    "30 days, extendable to 90), `return_visit` (回访, 3 working days after the reply): A14.2"
)


class EnterpriseRead(BaseModel):
    uscc: str | None = Field(description="the caller's credit code when it is a valid one")
    uscc_given: str | None = Field(description="what the caller gave when it is not a valid credit code")
    name: str = Field(description="the enterprise's name as the caller gave it")
    match: str = Field(description="registered | unregistered | invalid_uscc | none (no code given)")
    known: bool = Field(description="the registry knows the enterprise")
    registered_name: str | None = Field(description="its name as the registry has it; null if unknown")
    district_code: str | None = Field(
        description=f"its district or zone code, from the registry: {describe_codes(load_reference().divisions)}"
    )
    district_name: str | None = Field(description="the district's or zone's name (赛罕区, …)")


class ContactRead(BaseModel):
    name: str = Field(description="the caller's name (masked: its first character and *)")
    phone: str = Field(description="the caller's phone (masked: 138****1234)")
    masked: bool = Field(description="true unless the caller is the department handling the ticket")


class ReplyRead(BaseModel):
    text: str = Field(description="the department's answer")
    resolved: bool = Field(description="the department says the matter is resolved (A14.2's resolution rate)")
    replied_at: Local = Field(description="when it was replied (办结)")
    department: str | None = Field(description="the department that replied: the one the rates count it for")


class RatingRead(BaseModel):
    rating: str = Field(description=RATINGS_SAID)
    visited_at: Local | None = Field(description="when the return visit (回访) took place")


class Deadlines(BaseModel):
    """When each current deadline ends (24:00 Asia/Shanghai of its last day, shown as 00:00+08:00 of the
    next day); null when there is none now or it cannot be computed (deadline_details says why)."""

    acknowledge: Local | None = Field(description="the acknowledgement (签收) is due by then")
    reply: Local | None = Field(description="the reply (办结) is due by then")
    return_visit: Local | None = Field(description="the return visit (回访) is due by then")


class DeadlineRead(BaseModel):
    kind: str = Field(description=DEADLINE_KINDS_SAID)
    cycle: int = Field(description="0, and one more for each reopening")
    opened_at: Local = Field(description="when it started to run")
    due_at: Local | None = Field(
        description="24:00 Asia/Shanghai of its N-th working day after the day it counts from (that day not "
        "counted); null when unknown"
    )
    unknown_reason: str | None = Field(
        description="why it is not known: `before_policy` (received before 2022-01-01) or `calendar_not_known` "
        "(its year's holidays are not on record: computed once they are)"
    )
    ended_at: Local | None = Field(description="when it stopped running; null while it runs")
    end_reason: str | None = Field(description="`met`, `extended`, `reassigned` or `cancelled`")
    supervised_at: Local | None = Field(description="when it was found passed and supervised (督办)")
    overdue: bool = Field(description="it runs and has passed")
    explanation: dict[str, Any] = Field(
        description="how it was counted: the term, the working days, the holidays; its lines in Chinese, in "
        "English with `Accept-Language: en`"
    )


class TimelineRead(BaseModel):
    seq: int = Field(description="its place in the ticket's life: 1, 2, …")
    at: Local = Field(description="when it happened")
    verb: str = Field(description="what happened: received, assigned, acknowledged, replied, …")
    status: str = Field(description="the ticket's status after it")
    status_name: str = Field(description="that status's Chinese name (办结, …)")
    department: str | None = Field(description="the department holding the ticket after it")
    actor: str = Field(description="who did it: the client's name")
    event_id: uuid.UUID = Field(description="the `hotline.ticket.*` event it was published as")
    details: dict[str, Any] = Field(
        description="what it carried: a reason (as typed; one the service wrote in Chinese, in English with "
        "`Accept-Language: en`), a rating, the days extended, …"
    )


class PayableRead(BaseModel):
    payable_id: uuid.UUID = Field(description="the payable's id at payments-watch")
    contract_no: str = Field(description="its contract's number")
    buyer_code: str = Field(description="the buyer who owes it")
    outstanding: str = Field(description="what is still owed, yuan with two decimals")
    due_on: str = Field(description="its due date, YYYY-MM-DD")


class TicketRead(BaseModel):
    id: uuid.UUID = Field(description="the ticket's id")
    external_id: str = Field(description="the 12345 ticket number")
    channel: str = Field(
        description="how the complaint came to the 12345 desk: phone, web, app, wechat, sms, email, other"
    )
    received_at: Local = Field(description="when the 12345 desk took it (+08:00)")
    category: str = Field(description=CATEGORIES_SAID)
    category_name: str = Field(description="the category's name (拖欠中小企业账款, …)")
    title: str = Field(description="the complaint's title")
    content: str = Field(description="the complaint")
    status: str = Field(description=STATUSES_SAID)
    status_name: str = Field(description="the status's Chinese name (受理, 派单, 签收, 办结, …)")
    department: str | None = Field(description="the department holding it; null: no route for its category")
    department_name: str | None = Field(description="the department's name")
    enterprise: EnterpriseRead = Field(description="the complaining enterprise, as given and as the registry knows it")
    contact: ContactRead = Field(description="the caller, masked but for the handling department")
    buyer_code: str | None = Field(description="arrears: who owes, as the caller gave it")
    contract_no: str | None = Field(description="arrears: the contract, as the caller gave it")
    reply: ReplyRead | None = Field(description="the latest reply; null before one")
    rating: RatingRead | None = Field(description="the latest rating; null before one")
    reopen_count: int = Field(description="times it was reopened (at most once)")
    supervision_count: int = Field(description="deadlines passed and supervised (督办)")
    extension_days: int = Field(description="calendar days the answer deadline was extended (arrears only)")
    merged_into: uuid.UUID | None = Field(description="the ticket it is a duplicate of; null unless merged")
    end_reason: str | None = Field(
        description="why it ended (withdrawn, merged, closed without a visit): as typed; a merge's own reason in "
        "Chinese, in English with `Accept-Language: en`"
    )
    ended_at: Local | None = Field(description="when it ended; null while open")
    deadlines: Deadlines = Field(description="when each current deadline ends")
    deadline_details: list[DeadlineRead] = Field(description="every deadline, past and current, explained")
    overdue: bool = Field(description="an open deadline has passed")
    overdue_payables: list[PayableRead] = Field(
        description="arrears: the overdue payables payments-watch reported for this contract (or buyer and seller)"
    )
    sequence: int = Field(description="one more per change of the ticket")
    timeline: list[TimelineRead] | None = Field(description="every change, in order (null in lists)")
    created_at: Local = Field(description="when the service recorded it")
    updated_at: Local = Field(description="when it last changed")
