"""How the history says other services' events to a Chinese reader: the verbs of their contracts
(zjtx.common.events) in Chinese. A verb a producer adds later is said as its code rather than lost."""

from __future__ import annotations

VERBS_ZH: dict[str, str] = {
    # awards, interest subsidies (zjtx.common.workflow)
    "computed": "已核算",
    "reviewed": "已审核",
    "approved": "已批准",
    "rejected": "已驳回",
    "disbursed": "已拨付",
    "revoked": "已撤销",
    "recovery_due": "待追回",
    "recovery_cleared": "无需追回",
    "recovered": "已追回",
    "recovery_flagged": "标记待追回",
    # claims
    "filed": "已提交",
    "redecided": "已重新决定",
    # 12345 tickets
    "received": "已受理",
    "assigned": "已派单",
    "acknowledged": "已签收",
    "replied": "已答复",
    "rated": "已评价",
    "reopened": "已重新办理",
    "closed": "已办结",
    "supervised": "已督办",
    "merged": "已合并",
    "withdrawn": "已撤回",
    "extended": "已延期",
}


def verb_zh(verb: str) -> str:
    return VERBS_ZH.get(verb, verb)
