from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from zjtx.awards.appropriation.schemas import AppropriationStanding
from zjtx.common.money import FenAsYuan


class Amounts(BaseModel):
    count: int = Field(description="awards (for a funder: shares) committed or paid")
    committed: FenAsYuan = Field(description="computed + reviewed + approved")
    paid: FenAsYuan = Field(description="disbursed + recovery_due + recovered: what was paid out")
    recovery_due: FenAsYuan = Field(
        description="of the paid, what the facts no longer support and is due back (awards in recovery_due)"
    )
    recovered: FenAsYuan = Field(description="of the paid, what has come back (awards in recovered)")


class RuleLine(Amounts):
    rule: str = Field(description="the rule: A1.1, A1.2, A1.3, A2.1, A2.2, A3.rent, A4.1, A6.1")


class FunderLine(Amounts):
    funder: str = Field(description="`city`, or the district/zone code (F.1)")


class StatusLine(BaseModel):
    status: str = Field(
        description="an award's status: computed, reviewed, approved, disbursed, recovery_due, "
        "recovered, rejected or revoked"
    )
    count: int = Field(description="awards in this status")
    amount: FenAsYuan = Field(description="their amount")
    committed: FenAsYuan = Field(description="their amount if the status commits it (computed, reviewed, approved)")
    paid: FenAsYuan = Field(description="their amount if the status is paid (disbursed, recovery_due, recovered)")


class BudgetRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "year": 2025,
                    "total": {
                        "count": 2,
                        "committed": "500000.00",
                        "paid": "200000.00",
                        "recovery_due": "0.00",
                        "recovered": "0.00",
                    },
                    "by_rule": [
                        {
                            "rule": "A1.1",
                            "count": 1,
                            "committed": "0.00",
                            "paid": "200000.00",
                            "recovery_due": "0.00",
                            "recovered": "0.00",
                        },
                        {
                            "rule": "A2.2",
                            "count": 1,
                            "committed": "500000.00",
                            "paid": "0.00",
                            "recovery_due": "0.00",
                            "recovered": "0.00",
                        },
                    ],
                    "by_status": [
                        {
                            "status": "computed",
                            "count": 1,
                            "amount": "500000.00",
                            "committed": "500000.00",
                            "paid": "0.00",
                        },
                        {"status": "reviewed", "count": 0, "amount": "0.00", "committed": "0.00", "paid": "0.00"},
                        {"status": "approved", "count": 0, "amount": "0.00", "committed": "0.00", "paid": "0.00"},
                        {
                            "status": "disbursed",
                            "count": 1,
                            "amount": "200000.00",
                            "committed": "0.00",
                            "paid": "200000.00",
                        },
                        {"status": "recovery_due", "count": 0, "amount": "0.00", "committed": "0.00", "paid": "0.00"},
                        {"status": "recovered", "count": 0, "amount": "0.00", "committed": "0.00", "paid": "0.00"},
                        {"status": "rejected", "count": 0, "amount": "0.00", "committed": "0.00", "paid": "0.00"},
                        {"status": "revoked", "count": 0, "amount": "0.00", "committed": "0.00", "paid": "0.00"},
                    ],
                    "by_funder": [
                        {
                            "funder": "city",
                            "count": 2,
                            "committed": "250000.00",
                            "paid": "100000.00",
                            "recovery_due": "0.00",
                            "recovered": "0.00",
                        },
                        {
                            "funder": "150105",
                            "count": 2,
                            "committed": "250000.00",
                            "paid": "100000.00",
                            "recovery_due": "0.00",
                            "recovered": "0.00",
                        },
                    ],
                    "appropriations": [
                        {
                            "funder": "city",
                            "fiscal_year": 2025,
                            "appropriated": "3000000.00",
                            "paid": "100000.00",
                            "remaining": "2900000.00",
                        },
                        {
                            "funder": "150105",
                            "fiscal_year": 2025,
                            "appropriated": "1000000.00",
                            "paid": "100000.00",
                            "remaining": "900000.00",
                        },
                    ],
                }
            ]
        }
    )

    year: int = Field(
        description="the budget year: paid amounts by the year of payment, committed ones by the year of the "
        "award's reference date"
    )
    total: Amounts = Field(description="all the year's awards")
    by_rule: list[RuleLine] = Field(description="by rule, in the order of the rules' ids")
    by_status: list[StatusLine] = Field(description="by status, every status listed")
    by_funder: list[FunderLine] = Field(description="the funders' amounts add up to the rules' to the fen")
    appropriations: list[AppropriationStanding] = Field(
        description="each funder with an appropriation or a payment in the year (the city first): appropriated, "
        "paid in the year, remaining"
    )
