"""The payments-watch service's own parameters (data/parameters.yaml) and the model each must fit; the
shared ones (the policy's start) are the kit's."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from zjtx.common.parameters import ParameterModel, ParameterSource, RateText, YuanText

BuyerKind = Literal["organ", "institution", "soe", "large_enterprise"]
Subject = Literal["goods", "services", "works"]
Days = Annotated[int, Field(ge=1, le=3650)]
Points = Annotated[str, StringConstraints(pattern=r"^\d{1,3}(\.\d{1,2})?$")]


class RegulationVersion(ParameterModel):
    version_label: Literal["2020", "2025"]
    document: str


class PaymentTerm(ParameterModel):
    """A10.1 / A10.2: the term from the start of the clock, the longest term a contract may agree (None:
    no cap), and the term watched when the text gives none (RULES decision: a reference)."""

    buyer_kinds: list[BuyerKind]
    default_days: Days | None = None
    max_days: Days | None = None
    reference_days: Days | None = None

    @model_validator(mode="after")
    def _a_term(self) -> PaymentTerm:
        if self.default_days is None and self.reference_days is None:
            raise ValueError("a term needs default_days or reference_days")
        return self


class PayWhenPaidBan(ParameterModel):
    buyer_kinds: list[BuyerKind]


class OverdueInterest(ParameterModel):
    default_daily_rate: RateText
    agreed_rate_day_count: Annotated[int, Field(ge=360, le=366)]
    lpr_horizon_days: Annotated[int, Field(ge=0, le=366)]


class _Term(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    weight: Annotated[int, Field(ge=0, le=100)]


class AmountTerm(_Term):
    scale: YuanText


class CountTerm(_Term):
    scale: Annotated[int, Field(ge=1)]


class BuyerRiskScore(ParameterModel):
    overdue_amount: AmountTerm
    longest_days_overdue: CountTerm
    overdue_contracts: CountTerm
    arrears_complaints: CountTerm
    complaint_window_months: Annotated[int, Field(ge=1, le=120)]
    medium_from: Points
    high_from: Points

    @model_validator(mode="after")
    def _levels(self) -> BuyerRiskScore:
        weights = (
            self.overdue_amount.weight
            + self.longest_days_overdue.weight
            + self.overdue_contracts.weight
            + self.arrears_complaints.weight
        )
        if weights != 100:
            raise ValueError(f"the weights add up to {weights}, not 100")
        if not float(self.medium_from) < float(self.high_from) <= 100:
            raise ValueError("medium_from < high_from ≤ 100")
        return self


class Disclosure(ParameterModel):
    buyer_kinds: list[BuyerKind]
    publish_by_month: Annotated[int, Field(ge=1, le=12)]
    publish_by_day: Annotated[int, Field(ge=1, le=31)]


class ProcurementReserve(ParameterModel):
    sme_share: RateText
    small_micro_share: RateText


class SmeOnlyProcurement(ParameterModel):
    thresholds: dict[Subject, YuanText]
    ceilings: dict[Subject, YuanText]

    @model_validator(mode="after")
    def _every_subject(self) -> SmeOnlyProcurement:
        for name in ("thresholds", "ceilings"):
            missing = {"goods", "services", "works"} - set(getattr(self, name))
            if missing:
                raise ValueError(f"{name} lacks {', '.join(sorted(missing))}")
        return self


PAYMENTS_WATCH_PARAMETERS = ParameterSource(
    "payments-watch",
    Path(str(resources.files("zjtx.payments_watch") / "data" / "parameters.yaml")),
    {
        "payment_regulation": RegulationVersion,
        "public_buyer_payment_term": PaymentTerm,
        "large_buyer_payment_term": PaymentTerm,
        "pay_when_paid_ban": PayWhenPaidBan,
        "overdue_interest": OverdueInterest,
        "buyer_risk_score": BuyerRiskScore,
        "disclosure": Disclosure,
        "procurement_reserve": ProcurementReserve,
        "sme_only_procurement": SmeOnlyProcurement,
    },
)
