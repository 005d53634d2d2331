"""The Open311 GeoReport v2 shapes (https://wiki.open311.org/GeoReport_v2), JSON format. The standard fixes
them: lists are bare JSON arrays (no page), fields keep its names, errors are `[{code, description}]`."""

from __future__ import annotations

from pydantic import BaseModel, Field

from zjtx.hotline.categories import CATEGORIES_SAID


class Open311Service(BaseModel):
    service_code: str = Field(description=f"the ticket category: {CATEGORIES_SAID}")
    service_name: str = Field(description="its name (拖欠中小企业账款, …)")
    description: str = Field(description="what complaints it takes")
    metadata: bool = Field(default=False, description="false: no extra attributes are asked (GeoReport v2)")
    type: str = Field(default="realtime", description="`realtime`: requests are tracked (GeoReport v2)")
    keywords: str = Field(description="words it is found by, comma-separated")
    group: str = Field(description="the group it belongs to: the 12345 enterprise desk")


class Open311Request(BaseModel):
    service_request_id: str = Field(description="the 12345 ticket number")
    status: str = Field(description="`open` or `closed` (closed, merged or withdrawn)")
    status_notes: str | None = Field(description="the status in words, made from the status alone (no personal data)")
    service_name: str = Field(description="the category's name")
    service_code: str = Field(description="the category")
    description: str = Field(description="the ticket's title, long digit runs (a phone, an ID number) masked")
    agency_responsible: str | None = Field(description="the department holding it")
    service_notice: str | None = Field(default=None, description="not used")
    requested_datetime: str = Field(description="when the 12345 desk took it (W3C, +08:00)")
    updated_datetime: str = Field(description="when it last changed (W3C, +08:00)")
    expected_datetime: str | None = Field(description="when the reply is due while it is open (A14.2)")
    address: str | None = Field(default=None, description="not given: a complaint has no location")
    address_id: str | None = Field(default=None, description="not given")
    zipcode: str | None = Field(default=None, description="not given")
    lat: float | None = Field(default=None, description="not given")
    long: float | None = Field(default=None, description="not given")
    media_url: str | None = Field(default=None, description="not given")


class Open311Error(BaseModel):
    code: int = Field(description="the HTTP status")
    description: str = Field(description="what was wrong")
