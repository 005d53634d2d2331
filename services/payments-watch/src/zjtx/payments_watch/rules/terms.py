"""A contract under the payment regulation (RULES A10): which version applies (the one in force on the
signing date), whether it is monitored (signed on or after 2020-09-01, with an SME as seller at
signing), the payment term (A10.1, A10.2), the overdue interest rate (A10.4) and the flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from zjtx.common.lpr import LprPublication, LprTable, LprUnknown
from zjtx.common.parameters import ParameterFile, ParameterNotInForce
from zjtx.common.reference import SIZE_NAMES
from zjtx.common.rules import Explanation, RuleContext
from zjtx.payments_watch.rules.facts import PUBLIC_KINDS, ContractTerms

TERM_OVER_60 = "term_over_60"
TERM_MISSING = "term_missing"
PAY_WHEN_PAID = "pay_when_paid"
RATE_BELOW_LPR = "overdue_rate_below_lpr"
ACCEPTANCE_PERIOD_MISSING = "acceptance_period_missing"

SIGNED_BEFORE_REGULATION = "signed_before_regulation"
SELLER_NOT_SME = "seller_not_sme"


@dataclass
class Classification:
    regulation_version: str | None
    monitored: bool
    not_monitored_reason: str | None
    flags: list[str]
    term_rule: str  # A10.1 or A10.2 (A10 when not monitored)
    term_days: int | None
    due_is_reference: bool
    daily_rate: Decimal | None  # a fraction per day: 0.0005
    rate_basis: str | None  # statutory | agreed | lpr_floor | agreed_lpr_unknown
    lpr: LprPublication | None
    explanation: Explanation
    provisional: list[str] = field(default_factory=list)  # why a figure may still change

    def as_dict(self) -> dict:
        return {
            "regulation_version": self.regulation_version,
            "monitored": self.monitored,
            "not_monitored_reason": self.not_monitored_reason,
            "flags": self.flags,
            "term_days": self.term_days,
            "due_is_reference": self.due_is_reference,
            "daily_rate": None if self.daily_rate is None else str(self.daily_rate),
            "rate_basis": self.rate_basis,
        }


def term_rule(buyer_kind: str) -> str:
    return "A10.1" if buyer_kind in PUBLIC_KINDS else "A10.2"


def classify(terms: ContractTerms, *, parameters: ParameterFile, lpr: LprTable) -> Classification:
    """A10: the version, the term, the rate and the flags of a contract, each step explained."""
    try:
        parameters.in_force("payment_regulation", terms.signed_on)
    except ParameterNotInForce:
        return _before_regulation(terms, parameters)
    rule = term_rule(terms.buyer_kind)
    ctx = RuleContext(rule, parameters, terms.signed_on)
    term_name = "public_buyer_payment_term" if terms.buyer_kind in PUBLIC_KINDS else "large_buyer_payment_term"
    kinds = ctx.value(term_name, "buyer_kinds")  # first read: the article of the version that applies
    assert terms.buyer_kind in kinds, f"{term_name} does not cover {terms.buyer_kind}"
    version = str(ctx.value("payment_regulation", "version_label"))
    document = ctx.value("payment_regulation", "document")
    _inputs(ctx, terms)
    ctx.step(
        f"signed on {terms.signed_on}: the {version} text of the payment regulation applies ({document})",
        zh=f"合同签订于{terms.signed_on}：适用{version}年版《保障中小企业款项支付条例》（{document}）",
    )
    seller = terms.seller_size
    if seller is None or not seller.is_sme:
        size = "unknown" if seller is None else seller.size_class
        ctx.explanation.say(
            "reasons",
            f"the seller was {size} on the signing date: the regulation protects small and medium enterprises",
            f"签订合同之日卖方规模为{SIZE_NAMES.get(size, '未知')}：条例保护的是中小企业，不纳入监测",
        )
        return Classification(version, False, SELLER_NOT_SME, [], rule, None, False, None, None, None, ctx.explanation)
    basis = "" if seller.basis == "in_force" else f" (its earliest size on record, effective {seller.effective_on})"
    basis_zh = "" if seller.basis == "in_force" else f"（以最早记录的规模为准，{seller.effective_on}起）"
    size_zh = SIZE_NAMES.get(seller.size_class, seller.size_class)
    ctx.step(
        f"the seller was {seller.size_class} on {terms.signed_on}{basis}: an SME, monitored",
        zh=f"{terms.signed_on}卖方规模为{size_zh}{basis_zh}：属中小企业，纳入监测",
    )
    flags: list[str] = []
    term_days, reference = _term(ctx, terms, term_name, flags)
    _pay_when_paid(ctx, terms, flags)
    if terms.acceptance_required and terms.acceptance_period_days is None:
        flags.append(ACCEPTANCE_PERIOD_MISSING)
        ctx.step(
            "acceptance is a condition but no acceptance period is agreed (the regulation requires a clear one): "
            "the clock starts only on acceptance",
            zh="约定以验收为付款条件但未约定验收期限（条例要求明确约定）：账期自验收之日起算",
        )
    classification = Classification(
        version, True, None, flags, rule, term_days, reference, None, None, None, ctx.explanation
    )
    _rate(ctx, terms, lpr, classification)
    return classification


def _before_regulation(terms: ContractTerms, parameters: ParameterFile) -> Classification:
    first = parameters.values("payment_regulation")[0]
    explanation = Explanation(rule="A10", article=first.article)
    explanation.inputs = {"contract_no": terms.contract_no, "signed_on": terms.signed_on.isoformat()}
    explanation.say(
        "reasons",
        f"signed on {terms.signed_on}, before the payment regulation applies ({first.valid_from}): recorded, "
        "not monitored",
        f"合同签订于{terms.signed_on}，早于条例施行之日（{first.valid_from}）：仅登记，不监测",
    )
    return Classification(None, False, SIGNED_BEFORE_REGULATION, [], "A10", None, False, None, None, None, explanation)


def _inputs(ctx: RuleContext, terms: ContractTerms) -> None:
    ctx.inputs(
        contract_no=terms.contract_no,
        buyer_kind=terms.buyer_kind,
        signed_on=terms.signed_on,
        agreed_term_days=terms.agreed_term_days,
        acceptance_required=terms.acceptance_required,
        acceptance_period_days=terms.acceptance_period_days,
        periodic_settlement=terms.periodic_settlement,
        agreed_overdue_rate=None if terms.agreed_overdue_rate is None else str(terms.agreed_overdue_rate),
        pay_when_paid_clause=terms.pay_when_paid_clause,
        seller_size_at_signing=None if terms.seller_size is None else terms.seller_size.size_class,
    )


def _term(ctx: RuleContext, terms: ContractTerms, name: str, flags: list[str]) -> tuple[int, bool]:
    """A10.1: 30 days, an agreed term at most 60 (over 60 flagged and capped). A10.2: the agreed term; with
    none, 60 days (2025), or under the 2020 text flagged term_missing and watched against 60 as a reference."""
    figures = ctx.parameters.in_force(name, terms.signed_on).body
    agreed = terms.agreed_term_days
    if agreed is not None:
        cap = ctx.integer(name, "max_days") if "max_days" in figures else None
        if cap is not None and agreed > cap:
            flags.append(TERM_OVER_60)
            ctx.step(
                f"agreed term {agreed} days > the longest allowed {cap}: a violation, the due date is day {cap}",
                zh=f"约定账期{agreed}天 > 最长{cap}天：违规，按第{cap}天到期",
            )
            return cap, False
        limit = f" ≤ {cap}" if cap is not None else ""
        limit_zh = f" ≤ {cap}天" if cap is not None else ""
        ctx.step(
            f"agreed term {agreed} days{limit}: the due date is day {agreed}",
            zh=f"约定账期{agreed}天{limit_zh}：第{agreed}天到期",
        )
        return agreed, False
    if "default_days" in figures:
        days = ctx.integer(name, "default_days")
        ctx.step(f"no term agreed: {days} days from the start of the clock", zh=f"未约定账期：自账期起算日起{days}天")
        return days, False
    days = ctx.integer(name, "reference_days")
    flags.append(TERM_MISSING)
    ctx.step(
        f"no term agreed and this text sets none for a large enterprise: flagged, watched against {days} days "
        "as a reference, not a legal due date (no overdue interest accrues on it)",
        zh=f"未约定账期且该版条例对大型企业未作规定：予以标记，按{days}天参考监测，并非法定到期日（不计逾期利息）",
    )
    return days, True


def _pay_when_paid(ctx: RuleContext, terms: ContractTerms, flags: list[str]) -> None:
    if not terms.pay_when_paid_clause:
        return
    banned = ctx.value("pay_when_paid_ban", "buyer_kinds")
    if terms.buyer_kind in banned:
        flags.append(PAY_WHEN_PAID)
        ctx.step(
            "payment depends on a third party paying first: a violation of this text",
            zh="以第三方支付作为付款条件：违反该版条例",
        )
    else:
        ctx.step(
            "payment depends on a third party paying first: not forbidden by this text for this buyer",
            zh="以第三方支付作为付款条件：该版条例对此类买方未禁止",
        )


def _rate(ctx: RuleContext, terms: ContractTerms, lpr: LprTable, classification: Classification) -> None:
    """A10.4: the agreed rate, not below the 1-year LPR on the signing date (flagged, the LPR used);
    none agreed: 0.05% a day."""
    if classification.due_is_reference:
        ctx.step("a reference due date bears no overdue interest", zh="参考到期日不计逾期利息")
        return
    if terms.agreed_overdue_rate is None:
        daily = ctx.rate("overdue_interest", "default_daily_rate")
        ctx.step(f"no overdue rate agreed: {percent(daily)} a day", zh=f"未约定逾期利率：按每日{percent(daily)}计")
        classification.daily_rate, classification.rate_basis = daily, "statutory"
        return
    year = ctx.integer("overdue_interest", "agreed_rate_day_count")
    horizon = ctx.integer("overdue_interest", "lpr_horizon_days")
    agreed = terms.agreed_overdue_rate
    try:
        publication = lpr.on(terms.signed_on, horizon_days=horizon)
    except LprUnknown as exc:
        classification.daily_rate, classification.rate_basis = agreed / year, "agreed_lpr_unknown"
        classification.provisional.append(f"the 1-year LPR on {terms.signed_on} is not known yet: {exc.detail}")
        ctx.step(
            f"agreed {percent(agreed)} a year ÷ {year} = {percent(agreed / year)} a day; the 1-year LPR on "
            f"{terms.signed_on} is not known yet, so the floor is checked once it is published",
            zh=f"约定年利率{percent(agreed)} ÷ {year} = 每日{percent(agreed / year)}；{terms.signed_on}的1年期LPR"
            "尚未获取，待公布后核对下限",
        )
        return
    floor = publication.one_year / 100
    classification.lpr = publication
    ctx.inputs(lpr_1y=f"{publication.one_year}% (published {publication.published_on})")
    if agreed < floor:
        classification.flags.append(RATE_BELOW_LPR)
        classification.daily_rate, classification.rate_basis = floor / year, "lpr_floor"
        ctx.step(
            f"agreed {percent(agreed)} a year < the 1-year LPR {publication.one_year}% on {terms.signed_on}: flagged, "
            f"the LPR is used: {publication.one_year}% ÷ {year} = {percent(floor / year)} a day",
            zh=f"约定年利率{percent(agreed)} < {terms.signed_on}的1年期LPR {publication.one_year}%：予以标记，"
            f"按LPR计：{publication.one_year}% ÷ {year} = 每日{percent(floor / year)}",
        )
        return
    classification.daily_rate, classification.rate_basis = agreed / year, "agreed"
    ctx.step(
        f"agreed {percent(agreed)} a year ≥ the 1-year LPR {publication.one_year}% on {terms.signed_on}: "
        f"{percent(agreed)} ÷ {year} = {percent(agreed / year)} a day",
        zh=f"约定年利率{percent(agreed)} ≥ {terms.signed_on}的1年期LPR {publication.one_year}%："
        f"{percent(agreed)} ÷ {year} = 每日{percent(agreed / year)}",
    )


def percent(fraction: Decimal) -> str:
    """A rate as people read it: 0.0005 → 0.05%; a daily share of a yearly rate to six places."""
    text = f"{(fraction * 100).quantize(Decimal('0.000001')).normalize():f}"
    return f"{text}%"
