from __future__ import annotations

from pydantic import BaseModel, Field

from zjtx.common.money import FenAsYuan


class SubsidyKpis(BaseModel):
    computed: FenAsYuan = Field(description="subsidies of interest paid in the year, not rejected or revoked")
    paid: FenAsYuan = Field(description="of which disbursed")
    recovery_due: FenAsYuan = Field(description="flagged for recovery on disbursed ones")
    awaiting_review: FenAsYuan = Field(description="computed or reviewed, not approved yet")
    enterprises_reached: int = Field(description="enterprises with a subsidy disbursed for the year")
    enterprises_entitled: int = Field(description="enterprises with a subsidy computed for the year")


class BankKpis(BaseModel):
    bank_code: str
    name: str
    loans: int = Field(description="loans disbursed in the year")
    volume: FenAsYuan


class ZhubaodaiKpis(BaseModel):
    loans: int
    volume: FenAsYuan = Field(description="助保贷 principal disbursed in the year")
    outstanding: FenAsYuan = Field(description="助保贷 principal outstanding now (loans not in default)")
    pool_balance: FenAsYuan
    leverage: str | None = Field(description="outstanding ÷ pool balance (null when the pool is empty)")
    compensated: FenAsYuan
    awaiting: FenAsYuan


class KpisRead(BaseModel):
    year: int
    subsidies: SubsidyKpis
    banks: list[BankKpis]
    zhubaodai: ZhubaodaiKpis
