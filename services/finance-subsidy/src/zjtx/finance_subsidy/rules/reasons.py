"""What the 工信局 calls each reason an interest period, a 助保贷 loan or a default is refused for, by its
stable code (the answers' `code`, a loan's ceiling status): the Chinese name a Chinese line says where the
English one says the code (issue 12, item 1). The codes are the rules'; a code not here is said as it is."""

from __future__ import annotations

from zjtx.common.rules import Decision, RuleContext

REASON_NAMES: dict[str, str] = {
    "before_policy": "早于政策施行",
    "purpose_not_production": "非生产经营性贷款",
    "not_little_giant": "未持有小巨人认定",
    "recognition_revoked": "认定已撤销",
    "no_interest_paid": "本期未付利息",
    "yearly_cap_reached": "年度贴息上限已用完",
    "closed_by_review": "审核已结案",
    "lpr_unknown": "LPR尚未获取",
    "not_covered": "不享受风险补偿",
    "rate_above_ceiling": "利率超过上限",
    "not_zhubaodai_partner": "非助保贷合作银行",
}


# What the 工信局 calls each A5.1 decision of an interest period (its `decision`; a simulated period's `status`).
DECISION_NAMES: dict[str, str] = {
    "subsidised": "予以贴息",
    "refused": "不予贴息",
    "waiting_lpr": "待LPR公布后决定",
    "closed": "审核已结案",
    "pending": "待决定",
}

# What the 工信局 calls what a 助保贷 loan's A5.2 check came to (the loan's `ceiling.status`).
CEILING_NAMES: dict[str, str] = {
    "within_ceiling": "未超过利率上限",
    "rate_above_ceiling": REASON_NAMES["rate_above_ceiling"],
    "not_zhubaodai_partner": REASON_NAMES["not_zhubaodai_partner"],
    "before_policy": REASON_NAMES["before_policy"],
    "waiting_lpr": "待LPR公布后核定",
}


def reason_name(code: str) -> str:
    """The Chinese name of a refusal's code; the code itself for one the table does not have."""
    return REASON_NAMES.get(code, code)


def refuse(ctx: RuleContext, code: str, reason: str, zh: str) -> Decision:
    """A refusal that says its code in English (`code: reason`) and its name in Chinese (`name：zh`): the
    code stays in its own field (the outcome's `code`) for a client to act on."""
    return ctx.refuse(f"{code}: {reason}", zh=f"{reason_name(code)}：{zh}")
