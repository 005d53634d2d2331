"""What the 工信局 calls each reason a claim or an award is refused for, by its stable code (the answers'
and events' `reason_code`): the Chinese name a person reads beside the code, in a file or in the
registry's history (issue 12, item 1). The codes are the rules'; a code not here is said as it is."""

from __future__ import annotations

from zjtx.awards.rules.procedure import ALREADY_AWARDED, CREDIT_BLACK_LIST, RECOGNITION_WITHDRAWN
from zjtx.awards.rules.supply import NOT_SME
from zjtx.common.dates import DateInFuture
from zjtx.common.rules import BEFORE_POLICY, NOT_ELIGIBLE

REASON_NAMES: dict[str, str] = {
    NOT_ELIGIBLE: "不符合条件",
    BEFORE_POLICY: "早于政策施行",
    DateInFuture.code: "日期晚于今天",
    "parameter_not_in_force": "当时政策未施行",
    "evidence_incomplete": "申请材料不全",
    "rejected_on_review": "审核驳回",  # the settlement's code for a reviewer's rejection
    ALREADY_AWARDED: "同一事项已奖励",
    CREDIT_BLACK_LIST: "列入严重失信主体名单",
    RECOGNITION_WITHDRAWN: "认定因登记错误撤回",
    NOT_SME: "非中小企业",
    "not_recognised": "未获认定",
    "revoked": "认定已撤销",
    "renewal": "复核延续，非新认定",
    "held_before": "此前已获同级认定",
    "relocation": "迁入前获认定，适用A1.3",
    "origin_unknown": "迁出地不明",
    "within_city": "市内迁移",
    "not_own_product": "非自主研发产品",
    "no_new_supply": "无新增配套额",
    "below_minimum": "低于最低投资额",
    "premises_use": "用房用途不符",
    "outside_run": "不在连续补贴年度内",
    "below_scale": "未达规模以上",
    "no_move": "非升规企业",
    "run_too_short": "连续规上年数不足",
    "fair_level": "展会级别不符",
    "no_cluster": "不属于六大产业集群",
    "cap_used": "年度补贴上限已用完",
}


def reason_name(code: str | None) -> str | None:
    """The Chinese name of a refusal's code; None for none, or for a code the table does not have."""
    return REASON_NAMES.get(code) if code else None
