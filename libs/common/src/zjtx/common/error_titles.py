"""The Chinese title of each error code the kit answers with (zjtx.common.errors and the web layer's own
answers). The English title stays on the error class; a service adds the Chinese titles of its own codes
in its definition (`error_titles`). Keyed by code: a title is the same for every problem of a code."""

from __future__ import annotations

from collections.abc import Mapping

KIT_TITLES: dict[str, str] = {
    # zjtx.common.errors and the HTTP answers of zjtx.common.web.errors
    "bad_request": "请求有误",
    "unauthenticated": "需要API密钥",
    "forbidden": "API密钥无此操作权限",
    "not_found": "未找到",
    "conflict": "冲突",
    "validation_failed": "请求内容不符合要求",
    "method_not_allowed": "不支持该请求方法",
    "body_too_large": "请求体过大",
    "unsupported_media_type": "不支持该媒体类型",
    "http_error": "HTTP错误",
    "internal_error": "服务内部错误",
    "malformed_json": "请求体不是有效的JSON",
    # the web layer's middleware and routes
    "headers_too_large": "请求头过大",
    "invalid_text": "请求中含有无法保存的文字",
    "unknown_parameter": "请求含有本操作不接受的查询参数",
    "rate_limited": "请求过于频繁",
    "idempotency_key_invalid": "Idempotency-Key无效",
    "idempotency_key_reused": "该Idempotency-Key已用于另一个请求",
    "idempotency_in_progress": "使用该Idempotency-Key的首个请求仍在处理中",
    "cursor_invalid": "分页游标无效",
    "window_invalid": "日期区间无效：`to`早于`from`",
    "not_acceptable": "无法以Accept请求头接受的格式作答",
    "export_too_large": "导出行数超过文件上限，请缩小筛选范围",
    "already_redriven": "该死信已重新投递",
    "redrive_failed": "事件仍然处理失败",
    "signature_invalid": "请求签名缺失或错误",
    "signature_expired": "请求时间戳超出允许范围",
    # the kit's rules and types
    "uscc_invalid": "统一社会信用代码无效",
    "date_in_future": "日期晚于今天：事实发生后再记录",
    "date_too_early": "日期早于1949-10-01",
    "calendar_not_known": "该年度的法定节假日尚未收录",
    "lpr_unknown": "该日期的贷款市场报价利率（LPR）未知",
    "invalid_transition": "记录当前状态不允许此操作",
    "approver_is_reviewer": "拨付须由审核人以外的另一客户端批准",
    "payment_invalid": "拨付信息无效",
}


def chinese_title(code: str, english: str, titles: Mapping[str, str] | None = None) -> str:
    """The Chinese title of `code`: the service's, else the kit's; the English one for a code with none
    (a test keeps every code of every service in a catalog, so this is a safety net, not a habit)."""
    return (titles or KIT_TITLES).get(code) or KIT_TITLES.get(code) or english
