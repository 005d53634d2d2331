from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from zjtx.hotline.categories import CATEGORIES

Channel = Literal["phone", "web", "app", "wechat", "sms", "email", "other"]


class TicketCreate(BaseModel):
    """A complaint or suggestion as the 12345 system posts it (signed; idempotent by external_id)."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "external_id": "12345-QY-20250901-000123",
                    "received_at": "2025-09-01T09:12:00+08:00",
                    "channel": "phone",
                    "uscc": "91150105MA0Q4LJX27",
                    "enterprise_name": "内蒙古示例乳业科技有限公司",
                    "contact_name": "王小明",
                    "contact_phone": "13812341234",
                    "category": "arrears",
                    "title": "反映某单位拖欠货款",
                    "content": "2025年3月交付的设备已验收，合同约定30日内付款，至今未付。",
                    "buyer_code": "HS-JYJ-001",
                    "contract_no": "HT-2025-0042",
                }
            ]
        },
    )

    external_id: str = Field(
        min_length=1, max_length=64, pattern=r"^[\x21-\x7e]+$", description="the 12345 ticket number"
    )
    received_at: AwareDatetime = Field(description="when the 12345 desk took it, with its offset")
    channel: Channel
    uscc: str | None = Field(default=None, max_length=40, description="optional; kept even if unknown or invalid")
    enterprise_name: str = Field(min_length=1, max_length=200)
    contact_name: str = Field(min_length=1, max_length=50)
    contact_phone: str = Field(pattern=r"^\+?[0-9][0-9-]{5,28}$", max_length=30)
    category: str = Field(json_schema_extra={"enum": list(CATEGORIES)})
    title: str = Field(min_length=1, max_length=200)
    content: str = Field(min_length=1, max_length=10_000)
    buyer_code: str | None = Field(default=None, min_length=1, max_length=64, description="arrears: who owes")
    contract_no: str | None = Field(default=None, min_length=1, max_length=100, description="arrears: the contract")
