"""The Chinese title of each error code of the hotline (the English one is on the error class); the kit
answers with it unless the caller's Accept-Language prefers English."""

ERROR_TITLES: dict[str, str] = {
    "callback_not_failed": "只有投递失败（进入死信）的回调可以重新投递",
    "callback_not_found": "未找到该回调",
    "category_unknown": "未知的工单类别",
    "deadline_passed": "时限已过，不能再延期",
    "department_exists": "该代码的部门已存在",
    "department_not_found": "该客户端没有此部门",
    "department_unknown": "未知的部门",
    "extension_not_allowed": "只有拖欠账款投诉的答复时限可以延期",
    "extension_too_long": "延期超过允许的最长期限",
    "handler_without_department": "该办理客户端未绑定部门",
    "invalid_transition": "工单当前状态不允许此操作",
    "merge_invalid": "该工单不能合并到那张工单",
    "not_allowed_for_department": "部门客户端不能执行此操作",
    "rating_before_reply": "工单须在答复后评价",
    "reason_required": "此操作须说明原因",
    "received_at_in_future": "受理时间（received_at）晚于现在",
    "routing_incomplete": "派单规则须把每个类别派给一个部门",
    "same_department": "工单已在该部门",
    "ticket_not_found": "未找到该工单",
    "visited_at_invalid": "回访须在答复之后，且不晚于现在",
    "window_invalid": "日期区间无效",
}
