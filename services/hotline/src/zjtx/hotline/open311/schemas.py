"""The Open311 GeoReport v2 shapes (https://wiki.open311.org/GeoReport_v2), JSON format."""

from __future__ import annotations

from pydantic import BaseModel


class Open311Service(BaseModel):
    service_code: str
    service_name: str
    description: str
    metadata: bool = False
    type: str = "realtime"
    keywords: str
    group: str


class Open311Request(BaseModel):
    service_request_id: str
    status: str  # open | closed
    status_notes: str | None
    service_name: str
    service_code: str
    description: str
    agency_responsible: str | None
    service_notice: str | None = None
    requested_datetime: str
    updated_datetime: str
    expected_datetime: str | None
    address: str | None = None
    address_id: str | None = None
    zipcode: str | None = None
    lat: float | None = None
    long: float | None = None
    media_url: str | None = None


class Open311Error(BaseModel):
    code: int
    description: str
