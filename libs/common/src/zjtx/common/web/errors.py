"""One handler renders every error as problem+json (RFC 9457); the error classes are zjtx.common.errors."""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope, Send

from zjtx.common.error_titles import chinese_title
from zjtx.common.errors import AppError, Conflict, Forbidden, NotFound, Unauthenticated, Unprocessable
from zjtx.common.logs import trace_id_from_traceparent
from zjtx.common.web.language import CHINESE, language_of, language_of_headers

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
PROBLEM_TYPE_BASE = "https://zjtx.huhhot.gov.cn/problems/"


def problem_document(
    *, status: int, code: str, title: str, detail: str | None, request_id: str | None, **extra: Any
) -> dict[str, Any]:
    """The problem+json body. Text that came from the caller may hold what JSON cannot carry (a lone
    surrogate); it is made safe here, so an error about bad input never fails on that input."""
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": title,
        "status": status,
        "code": code,
        "request_id": request_id,
    }
    if detail:
        body["detail"] = detail
    body.update(extra)
    return _safe(body)


def problem(
    request: Request,
    *,
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    language = language_of(request.headers.get("accept-language"))
    body = problem_document(
        status=status,
        code=code,
        title=_titled(code, title, language, getattr(request.app.state, "error_titles", None)),
        detail=detail,
        request_id=getattr(request.state, "request_id", None),
        **extra,
    )
    headers = dict(headers or {})
    headers["Content-Language"] = language
    if status == 401:
        headers.setdefault("WWW-Authenticate", "Bearer")
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers or None)


async def send_problem(
    send: Send,
    scope: Scope,
    *,
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    headers: list[tuple[bytes, bytes]] | None = None,
    **extra: Any,
) -> None:
    """The same answer from a pure ASGI middleware (before the application is reached)."""
    request_id = scope.get("state", {}).get("request_id")
    language = language_of_headers(scope.get("headers") or ())
    titles = getattr(getattr(scope.get("app"), "state", None), "error_titles", None)
    title = _titled(code, title, language, titles)
    body = json.dumps(
        problem_document(status=status, code=code, title=title, detail=detail, request_id=request_id, **extra),
        ensure_ascii=False,
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"content-language", language.encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _titled(code: str, english: str, language: str, titles: Any) -> str:
    """The title in the caller's language: the English one the error carries, or its code's Chinese title."""
    return chinese_title(code, english, titles) if language == CHINESE else english


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {_safe(k): _safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_safe(v) for v in value]
    return value


_HTTP_CODES = {
    400: ("bad_request", "Bad request"),
    401: ("unauthenticated", "An API key is required"),
    403: ("forbidden", "Forbidden"),
    404: ("not_found", "Not found"),
    405: ("method_not_allowed", "Method not allowed"),
    413: ("body_too_large", "The request body is too large"),
    415: ("unsupported_media_type", "Unsupported media type"),
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> JSONResponse:
        chinese = exc.detail_zh and language_of(request.headers.get("accept-language")) == CHINESE
        detail = exc.detail_zh if chinese else exc.detail
        return problem(request, status=exc.status, code=exc.code, title=exc.title, detail=detail, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(error.get("type") == "json_invalid" for error in errors):
            return problem(
                request,
                status=400,
                code="malformed_json",
                title="The body is not valid JSON",
                detail=str(errors[0].get("ctx", {}).get("error", "")) or None,
            )
        fields = [
            {"field": ".".join(str(part) for part in error["loc"] if part != "body"), "message": error["msg"]}
            for error in errors
        ]
        detail = "; ".join(f"{f['field']}: {f['message']}" for f in fields)
        return problem(
            request,
            status=422,
            code="validation_failed",
            title="The request is not valid",
            detail=detail,
            errors=fields,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, title = _HTTP_CODES.get(exc.status_code, ("http_error", "HTTP error"))
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail != title else None
        # A 405 says which methods there are (its Allow header), as HTTP wants.
        return problem(request, status=exc.status_code, code=code, title=title, detail=detail, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        request_id = getattr(request.state, "request_id", None)
        # Logged here, past the request middleware (which has left the request's log context): the
        # record carries the request's ids itself.
        client = request.scope.get("state", {}).get("client")
        log.exception(
            "unexpected error handling %s %s (request %s)",
            request.method,
            request.url.path,
            request_id,
            extra={
                "request_id": request_id,
                "correlation_id": request_id,
                "trace_id": trace_id_from_traceparent(request.headers.get("traceparent")),
                "client": getattr(client, "name", None),
            },
        )
        # The connection is closed after this answer, and the client is told so, not left to find out.
        # This answer is made outside the other middleware, so it carries the request id itself.
        headers = {"Connection": "close", **({"X-Request-ID": request_id} if request_id else {})}
        return problem(request, status=500, code="internal_error", title="Internal error", headers=headers)


__all__ = [
    "AppError",
    "Conflict",
    "Forbidden",
    "NotFound",
    "Unauthenticated",
    "Unprocessable",
    "problem",
    "problem_document",
    "send_problem",
]
