"""The life of a ticket (A14.1), pure: which action is allowed from which status, and where it leads.

    received ─(routing)→ assigned ─acknowledge→ acknowledged ─reply→ replied ─rate→ rated ─close→ closed
                            ↑ reassign (with a reason; from received, assigned, acknowledged, reopened)
    rated `unsatisfied` (once) → reopened ─acknowledge→ acknowledged → …
    merged (a duplicate, into the ticket kept) and withdrawn are end states; so is closed.

A replied ticket that could not be visited is closed by the 12345 centre (admin) with a reason."""

from __future__ import annotations

from zjtx.hotline.errors import InvalidTransition, RatingBeforeReply

RECEIVED, ASSIGNED, ACKNOWLEDGED, REPLIED = "received", "assigned", "acknowledged", "replied"
RATED, REOPENED, CLOSED, MERGED, WITHDRAWN = "rated", "reopened", "closed", "merged", "withdrawn"
STATUSES = (RECEIVED, ASSIGNED, ACKNOWLEDGED, REPLIED, RATED, REOPENED, CLOSED, MERGED, WITHDRAWN)
# What the 12345 desk calls each status (reference.md: the ticket loop).
STATUS_NAMES = {
    RECEIVED: "受理 (taken by the desk)",
    ASSIGNED: "派单 (sent to a department)",
    ACKNOWLEDGED: "签收 (the department took it on)",
    REPLIED: "办结 (answered)",
    RATED: "评价 (rated on the return visit, 回访)",
    REOPENED: "重办 (rated unsatisfied: handled again, once)",
    CLOSED: "关闭",
    MERGED: "合并 (a duplicate)",
    WITHDRAWN: "撤回 (withdrawn by the caller)",
}
# The Chinese name alone, as an answer shows it beside the code (`status_name`).
STATUS_NAMES_ZH = {code: said.split(" ", 1)[0] for code, said in STATUS_NAMES.items()}
FINAL = (CLOSED, MERGED, WITHDRAWN)
# Duplicates and invalid tickets: left out of the three rates (RULES A14.2).
EXCLUDED_FROM_RATES = (MERGED, WITHDRAWN)
# Where the department is still working on it: the answer is not given yet.
BEFORE_REPLY = (RECEIVED, ASSIGNED, ACKNOWLEDGED, REOPENED)

# action -> (the statuses it is allowed from, the status it leads to)
MOVES: dict[str, tuple[tuple[str, ...], str | None]] = {
    "acknowledge": ((ASSIGNED, REOPENED), ACKNOWLEDGED),
    "reply": ((ACKNOWLEDGED,), REPLIED),
    "rate": ((REPLIED,), RATED),
    "reassign": (BEFORE_REPLY, ASSIGNED),
    "merge": ((RECEIVED, ASSIGNED, ACKNOWLEDGED), MERGED),
    "withdraw": (BEFORE_REPLY, WITHDRAWN),
    "close": ((RATED, REPLIED), CLOSED),
    "extend": ((ASSIGNED, ACKNOWLEDGED), None),  # the status stays; only the answer deadline moves
}
# The actions as a refusal names them to a Chinese reader.
ACTION_NAMES_ZH = {
    "acknowledge": "签收",
    "reply": "答复",
    "rate": "评价",
    "reassign": "改派",
    "merge": "合并",
    "withdraw": "撤回",
    "close": "关闭",
    "extend": "延期",
}


def check_move(action: str, status: str) -> str:
    """The status `action` leads to from `status`, or the error naming both states."""
    allowed, target = MOVES[action]
    target = target or status
    if status in allowed:
        return target
    if action == "rate" and status in BEFORE_REPLY:
        raise RatingBeforeReply(
            f"the ticket is {status}: it can be rated once it is replied",
            detail_zh=f"工单状态为{_zh(status)}：办结（答复）后才能评价",
            from_status=status,
            to_status=target,
            action=action,
        )
    raise InvalidTransition(
        f"cannot {action} a ticket that is {status} (to {target}; allowed from {', '.join(allowed)})",
        detail_zh=f"状态为{_zh(status)}的工单不能{ACTION_NAMES_ZH.get(action, action)}（目标状态{_zh(target)}；"
        f"允许的状态：{'、'.join(_zh(s) for s in allowed)}）",
        from_status=status,
        to_status=target,
        action=action,
    )


def reopens(rating: str, *, reopened_before: int, times: int) -> bool:
    """An unsatisfied return visit sends the ticket back to its department, at most `times` times."""
    return rating == "unsatisfied" and reopened_before < times


def _zh(status: str) -> str:
    return f"{STATUS_NAMES_ZH.get(status, status)}（{status}）"
