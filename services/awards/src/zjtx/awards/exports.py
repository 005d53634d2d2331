"""The awards service's lists as files (issue 12, item 11: zjtx.common.web.exports): each table's Chinese
headers, its columns read from the rows the JSON list is made of, and an example row for the document.
Codes are said by their Chinese names (districts and zones from the reference data, the city as funder:
市本级); a rule, a status and a refusal's reason keep their code column, which the API and the policy's
articles name, with the Chinese name beside it (政策名称, 状态名称, 原因名称) for the person reading."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace

from zjtx.awards.appropriation.schemas import FUNDER_NAMES
from zjtx.awards.claim.schemas import CLAIM_STATUS_NAMES, chinese_reason
from zjtx.awards.rules.reasons import REASON_NAMES
from zjtx.common.articles import RULE_NAMES
from zjtx.common.clock import CHINA
from zjtx.common.funding import CITY
from zjtx.common.reference import load_reference
from zjtx.common.web.exports import Column, Table, named
from zjtx.common.workflow import STATUS_NAMES

district_name = named(load_reference().divisions)
funder_name = named(FUNDER_NAMES)
rule_name = named(RULE_NAMES)
status_name = named(STATUS_NAMES)
claim_status_name = named(CLAIM_STATUS_NAMES)
reason_name = named(REASON_NAMES)


def _share(award, city: bool) -> int | None:
    """The city's share of an award (F.1), or its district's; None for one with no funding (a plaque)."""
    shares = [f.amount_fen for f in award.funding if (f.funder == CITY) == city]
    return sum(shares) if shares else None


AWARDS = Table(
    "awards",
    "奖励清单",
    (
        Column("奖励编号", lambda a: a.id),
        Column("统一社会信用代码", lambda a: a.uscc),
        Column("企业（园区）名称", lambda a: a.subject_name),
        Column("所属旗县区", lambda a: district_name(a.district_code)),
        Column("政策条款", lambda a: a.rule),
        Column("政策名称", lambda a: rule_name(a.rule)),
        Column("奖励金额（元）", lambda a: a.amount_fen, "money"),
        Column("市本级承担（元）", lambda a: _share(a, city=True), "money"),
        Column("旗县区承担（元）", lambda a: _share(a, city=False), "money"),
        Column("状态", lambda a: a.status),
        Column("状态名称", lambda a: status_name(a.status)),
        Column("依据日期", lambda a: a.reference_date, "date"),
        Column("公示开始日", lambda a: a.notice_starts_on, "date"),
        Column("公示截止日", lambda a: a.notice_ends_on, "date"),
        Column("审核人", lambda a: a.reviewed_by),
        Column("批准人", lambda a: a.approved_by),
        Column("拨付日期", lambda a: a.paid_on, "date"),
        Column("拨付凭证号", lambda a: a.payment_reference),
        Column("应追回金额（元）", lambda a: a.recovery_due_fen, "money"),
        # A file is read in Chinese: the reason in Chinese where the service wrote it, else as typed.
        Column("办结原因", lambda a: a.closed_reason_zh or a.closed_reason),
        Column("计算时间", lambda a: a.created_at, "instant"),
    ),
)

_EXAMPLE_AWARD = SimpleNamespace(
    id=uuid.UUID("0b8f0c55-3c39-4c43-8a1e-4f3a4b8f9a11"),
    uscc="91150105MA0Q4LJX27",
    subject_name="内蒙古示例乳业科技有限公司",
    district_code="150105",
    rule="A2.2",
    amount_fen=50_000_000,
    funding=[
        SimpleNamespace(funder=CITY, amount_fen=25_000_000),
        SimpleNamespace(funder="150105", amount_fen=25_000_000),
    ],
    status="approved",
    reference_date=date(2025, 5, 31),
    notice_starts_on=date(2025, 9, 26),
    notice_ends_on=date(2025, 10, 10),
    reviewed_by="saihan-reviewer",
    approved_by="gxj-approver",
    paid_on=None,
    payment_reference=None,
    recovery_due_fen=None,
    closed_reason=None,
    closed_reason_zh=None,
    created_at=datetime(2025, 9, 1, 10, 0, tzinfo=CHINA),
)
AWARDS_EXAMPLE = [_EXAMPLE_AWARD]

CLAIMS = Table(
    "claims",
    "申报清单",
    (
        Column("申报编号", lambda c: c.id),
        Column("政策条款", lambda c: c.rule),
        Column("政策名称", lambda c: rule_name(c.rule)),
        Column("统一社会信用代码", lambda c: c.uscc),
        Column("状态", lambda c: c.status),
        Column("状态名称", lambda c: claim_status_name(c.status)),
        Column("不予支持原因", lambda c: chinese_reason(c.status, c.explanation) or c.reason),
        Column("原因代码", lambda c: c.reason_code),
        Column("原因名称", lambda c: reason_name(c.reason_code)),
        Column("奖励编号", lambda c: c.award_id),
        Column("提交方", lambda c: c.submitted_by),
        Column("申报时间", lambda c: c.created_at, "instant"),
    ),
)
CLAIMS_EXAMPLE = [
    SimpleNamespace(
        id=uuid.UUID("7d6f0c55-3c39-4c43-8a1e-4f3a4b8f9a10"),
        rule="A2.2",
        uscc="91150105MA0Q4LJX27",
        status="accepted",
        reason=None,
        reason_code=None,
        explanation={},
        award_id=uuid.UUID("0b8f0c55-3c39-4c43-8a1e-4f3a4b8f9a11"),
        submitted_by="platform",
        created_at=datetime(2025, 9, 1, 10, 0, tzinfo=CHINA),
    )
]


@dataclass(frozen=True)
class FunderYear:
    """One funder's line of a budget year, as GET /v1/budget shows it in `by_funder` and
    `appropriations` (either may lack the funder: None)."""

    year: int
    funder: str
    count: int
    committed_fen: int
    paid_fen: int
    recovery_due_fen: int
    recovered_fen: int
    appropriated_fen: int | None
    remaining_fen: int | None


def funder_years(budget) -> list[FunderYear]:
    """The budget's funders (the city first, then by code), each with its amounts and appropriation."""
    lines = {line.key: line for line in budget.by_funder}
    standings = {standing.funder: standing for standing in budget.appropriations}
    funders = sorted(set(lines) | set(standings), key=lambda funder: (funder != CITY, funder))
    rows = []
    for funder in funders:
        line, standing = lines.get(funder), standings.get(funder)
        rows.append(
            FunderYear(
                year=budget.year,
                funder=funder,
                count=line.count if line else 0,
                committed_fen=line.committed_fen if line else 0,
                paid_fen=line.paid_fen if line else 0,
                recovery_due_fen=line.recovery_due_fen if line else 0,
                recovered_fen=line.recovered_fen if line else 0,
                appropriated_fen=standing.appropriated_fen if standing else None,
                remaining_fen=standing.remaining_fen if standing else None,
            )
        )
    return rows


BUDGET = Table(
    "budget",
    "预算执行",
    (
        Column("年度", lambda r: r.year, "count"),
        Column("出资方代码", lambda r: r.funder),
        Column("出资方", lambda r: funder_name(r.funder)),
        Column("笔数", lambda r: r.count, "count"),
        Column("已承诺金额（元）", lambda r: r.committed_fen, "money"),
        Column("已拨付金额（元）", lambda r: r.paid_fen, "money"),
        Column("应追回金额（元）", lambda r: r.recovery_due_fen, "money"),
        Column("已追回金额（元）", lambda r: r.recovered_fen, "money"),
        Column("预算安排（元）", lambda r: r.appropriated_fen, "money"),
        Column("预算结余（元）", lambda r: r.remaining_fen, "money"),
    ),
)
BUDGET_EXAMPLE = [
    FunderYear(2025, CITY, 2, 25_000_000, 10_000_000, 0, 0, 300_000_000, 290_000_000),
    FunderYear(2025, "150105", 2, 25_000_000, 10_000_000, 0, 0, 100_000_000, 90_000_000),
]

NOTICES = Table(
    "notices",
    "公示名单",
    (
        Column("企业（园区）名称", lambda a: a.subject_name),
        Column("政策条款", lambda a: a.rule),
        Column("政策名称", lambda a: rule_name(a.rule)),
        Column("奖励金额（元）", lambda a: a.amount_fen, "money"),
        Column("公示开始日", lambda a: a.notice_starts_on, "date"),
        Column("公示截止日", lambda a: a.notice_ends_on, "date"),
    ),
)
NOTICES_EXAMPLE = [_EXAMPLE_AWARD]

SCALE_UP_LIST = Table(
    "scale-up-list",
    "小升规企业名单",
    (
        Column("年度", lambda e: e.year, "count"),
        Column("统一社会信用代码", lambda e: e.uscc),
        Column("企业名称", lambda e: e.name),
    ),
)
SCALE_UP_EXAMPLE = [SimpleNamespace(year=2024, uscc="91150105MA0Q4LJX27", name="内蒙古示例乳业科技有限公司")]
