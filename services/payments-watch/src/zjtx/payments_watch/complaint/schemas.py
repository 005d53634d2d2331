from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field


class ComplaintRead(BaseModel):
    ticket_id: uuid.UUID = Field(description="the hotline's ticket that opened the case")
    external_id: str = Field(description="the 12345 ticket number")
    buyer_code: str = Field(description="the buyer complained about (its 统一社会信用代码)")
    contract_no: str | None = Field(description="the contract named in the complaint, if any")
    seller_uscc: str | None = Field(description="the complaining enterprise's 统一社会信用代码, if given")
    enterprise_name: str = Field(description="the complaining enterprise's name as given")
    title: str = Field(description="the ticket's title")
    received_at: datetime = Field(description="when the 12345 desk took it")
    received_on: date = Field(description="its day in Asia/Shanghai: what A10.5's 12-month window counts")
    counted: bool = Field(description="whether it counts in the buyer's A10.5 score (not merged or withdrawn)")
    excluded_reason: str | None = Field(
        description="why it does not count (已合并到其他工单, 来电人已撤回; in English with `Accept-Language: en` "
        '"merged into another ticket", "withdrawn by the caller"); null if it does'
    )
