"""The ticket categories the 12345 enterprise desk files complaints under (issue: arrears, finance,
awards_policy, inspection, permits, other). `arrears` (拖欠中小企业账款) follows the payment regulation's
terms (RULES A14.2) and is what payments-watch opens cases from."""

from __future__ import annotations

from zjtx.common.reference import describe_codes

ARREARS = "arrears"

# code -> the name shown to people (and as the Open311 service name)
CATEGORIES: dict[str, str] = {
    ARREARS: "拖欠中小企业账款",
    "finance": "融资与财政资金",
    "awards_policy": "惠企政策与奖补",
    "inspection": "涉企检查",
    "permits": "审批与证照",
    "other": "其他",
}

DESCRIPTIONS: dict[str, str] = {
    ARREARS: "Overdue payments owed to an SME by a government organ, public institution or large enterprise",
    "finance": "Loans, interest subsidies, guarantees and public funds",
    "awards_policy": "The policy's awards and support measures: eligibility, amounts, payment",
    "inspection": "Inspections of enterprises: frequency, conduct, results",
    "permits": "Approvals, licences and permits",
    "other": "Anything else an enterprise raises with the city",
}

CATEGORIES_SAID = describe_codes(CATEGORIES)
