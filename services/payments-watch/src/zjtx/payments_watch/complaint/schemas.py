from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel


class ComplaintRead(BaseModel):
    ticket_id: uuid.UUID
    external_id: str
    buyer_code: str
    contract_no: str | None
    seller_uscc: str | None
    enterprise_name: str
    title: str
    received_at: datetime
    received_on: date
    counted: bool
    excluded_reason: str | None
