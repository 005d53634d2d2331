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
    bank_code: str = Field(description="the bank's code")
    name: str = Field(description="the bank's name")
    loans: int = Field(description="loans disbursed in the year")
    volume: FenAsYuan = Field(description="their principal")


class ZhubaodaiKpis(BaseModel):
    loans: int = Field(description="助保贷 loans disbursed in the year")
    volume: FenAsYuan = Field(description="助保贷 principal disbursed in the year")
    outstanding: FenAsYuan = Field(description="助保贷 principal outstanding now (loans not in default)")
    pool_balance: FenAsYuan = Field(description="the A5.3 risk pool's balance now")
    leverage: str | None = Field(description="outstanding ÷ pool balance (null when the pool is empty)")
    compensated: FenAsYuan = Field(description="compensations paid from the pool so far")
    awaiting: FenAsYuan = Field(description="compensations waiting for funds now")


class KpisRead(BaseModel):
    year: int = Field(description="the year of the figures")
    subsidies: SubsidyKpis = Field(description="A5.1 interest subsidies of interest paid in the year")
    banks: list[BankKpis] = Field(description="loans disbursed in the year, per bank")
    zhubaodai: ZhubaodaiKpis = Field(description="助保贷 (A5.2) against the risk pool (A5.3)")
