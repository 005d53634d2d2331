from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from zjtx.hotline.categories import CATEGORIES, CATEGORIES_SAID

Channel = Literal["phone", "web", "app", "wechat", "sms", "email", "other"]
CHANNELS_SAID = "`phone` 电话, `web` 网站, `app` 手机应用, `wechat` 微信, `sms` 短信, `email` 电子邮件, `other` 其他"


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
                    "buyer_code": "11150100011526044W",
                    "contract_no": "HHHT-GXJ-2025-0137",
                }
            ]
        },
    )

    external_id: str = Field(
        min_length=1,
        max_length=64,
        pattern=r"^[\x21-\x7e]+$",
        description="the 12345 ticket number (visible ASCII, up to 64): a number seen before answers 200 with its "
        "ticket, nothing new",
    )
    received_at: AwareDatetime = Field(
        description="when the 12345 desk took it, with its offset; not in the future (`received_at_in_future`): the "
        "deadlines count in working days from its day (A14.2)"
    )
    channel: Channel = Field(description=f"how it came: {CHANNELS_SAID}")
    uscc: str | None = Field(
        default=None,
        max_length=40,
        description="the enterprise's 统一社会信用代码, optional. Not held to the code's pattern here: what the "
        "caller said is kept even when unknown or invalid (`enterprise.match`: registered, unregistered, "
        "invalid_uscc), for the department to sort out. The 18th character is a check character (GB 32100-2015): "
        "a code of 18 characters that fails it is kept as given and marked invalid_uscc.",
        examples=["91150105MA0Q4LJX27"],
    )
    enterprise_name: str = Field(
        min_length=1, max_length=200, description="the enterprise's name as the caller gave it"
    )
    contact_name: str = Field(min_length=1, max_length=50, description="the caller's name (masked on reads)")
    contact_phone: str = Field(
        pattern=r"^\+?[0-9][0-9-]{5,28}$", max_length=30, description="the caller's phone (masked on reads)"
    )
    category: str = Field(
        json_schema_extra={"enum": list(CATEGORIES)},
        description=f"the category, which decides the department (the routing): {CATEGORIES_SAID}",
    )
    title: str = Field(min_length=1, max_length=200, description="the complaint's title (public, digits masked)")
    content: str = Field(min_length=1, max_length=10_000, description="the complaint")
    buyer_code: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="arrears: who owes, as the caller gave it (payments-watch opens a case on a buyer of this code)",
    )
    contract_no: str | None = Field(
        default=None, min_length=1, max_length=100, description="arrears: the contract, as the caller gave it"
    )
