"""What the A5 rules know: plain values, from the service's tables or from a calculator request."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zjtx.common.reference import tier_zh

# A loan's purposes as the banks and the 工信局 name them (the answers' descriptions, the Chinese lines).
PURPOSE_NAMES = {
    "working_capital": "流动资金",
    "equipment": "设备购置",
    "production": "生产",
    "real_estate": "房地产",
    "securities": "证券投资",
    "refinancing": "借新还旧",
    "other": "其他",
}


@dataclass(frozen=True)
class RecognitionFact:
    tier: str
    recognized_on: date
    expires_on: date
    revoked_on: date | None = None
    recognition_id: uuid.UUID | None = None

    def valid_on(self, day: date) -> bool:
        """Held on `day`: from its date, before its expiry, and before a revocation."""
        if not (self.recognized_on <= day < self.expires_on):
            return False
        return self.revoked_on is None or day < self.revoked_on

    def describe(self) -> str:
        revoked = f", revoked on {self.revoked_on}" if self.revoked_on else ""
        return f"{self.tier} from {self.recognized_on} until {self.expires_on}{revoked}"

    def describe_zh(self) -> str:
        """`describe` as a Chinese line says it: the tier by its name."""
        revoked = f"，{self.revoked_on}撤销" if self.revoked_on else ""
        return f"{tier_zh(self.tier)}（{self.recognized_on}至{self.expires_on}{revoked}）"


@dataclass(frozen=True)
class LoanFact:
    bank_code: str
    loan_id: str
    uscc: str
    principal_fen: int
    annual_rate: Decimal  # percent a year: 3.85 means 3.85%
    disbursed_on: date
    maturity_on: date
    purpose: str
    product: str  # standard | zhubaodai

    @property
    def key(self) -> tuple[str, str]:
        return self.bank_code, self.loan_id


@dataclass(frozen=True)
class PeriodFact:
    """One interest period as the bank reported it. `closed_fen` is set when reviewers rejected the
    period's subsidy (at its current report): it keeps what was paid for it, and gets nothing more."""

    bank_code: str
    loan_id: str
    period_start: date
    period_end: date
    outstanding_fen: int
    interest_fen: int
    paid_on: date
    closed_fen: int | None = None
    closed_reason: str | None = None

    @property
    def loan_key(self) -> tuple[str, str]:
        return self.bank_code, self.loan_id

    @property
    def key(self) -> tuple[str, str, date, date]:
        return self.bank_code, self.loan_id, self.period_start, self.period_end

    @property
    def year(self) -> int:
        return self.paid_on.year

    @property
    def days(self) -> int:
        """RULES A5.1: end date − start date (the start day counted, the end day not)."""
        return (self.period_end - self.period_start).days


def payment_order(period: PeriodFact) -> tuple:
    """RULES A5.1: periods are capped in the order of payment. Periods paid on the same day are taken in
    the order of their ends, starts, banks and loans: an order of the facts, never of their arrival."""
    return period.paid_on, period.period_end, period.period_start, period.bank_code, period.loan_id
