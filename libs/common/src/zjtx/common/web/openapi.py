"""The OpenAPI document as the contract: what the kit adds to every service's document so that it says
what the API really does — the bearer scheme and the scope each operation needs, the Idempotency-Key
header of writes, and every problem an operation can answer with (application/problem+json, with its
codes), beside those each route declares (zjtx.common.web.routing.problems)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts

from zjtx.common.web.auth import ANY_KEY
from zjtx.common.web.routing import problem_response

WRITES = {"post", "put", "patch", "delete"}
UNLIMITED = {"/healthz", "/readyz", "/metrics"}

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "An error (RFC 9457): `code` is stable, `title` and `detail` are for people.",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {"type": "string", "description": "a URI naming the kind of problem"},
        "title": {
            "type": "string",
            "description": "the kind of problem, in words (the same for every one of a code): in Chinese, or "
            "in English when the request's Accept-Language prefers `en`",
        },
        "status": {"type": "integer", "description": "the HTTP status"},
        "code": {"type": "string", "description": "the stable code a client acts on: `uscc_invalid`, …"},
        "detail": {"type": "string", "description": "what was wrong with this request, for people"},
        "request_id": {
            "type": ["string", "null"],
            "description": "the service's id of the request, as in its logs and audit records",
        },
        "errors": {
            "type": "array",
            "description": "each field at fault, when the problem is about fields",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string", "description": "where: `body.amount`, `query.limit`, …"},
                    "message": {"type": "string", "description": "what is wrong with it"},
                },
            },
        },
    },
    "additionalProperties": True,
}

IDEMPOTENCY_HEADER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Any token of 1 to 200 visible ASCII characters naming this request: a repeat with the same "
    "key and body gets the first answer (`Idempotent-Replayed: true`), never a second effect. A key is kept "
    "24 hours by default (the setting IDEMPOTENCY_RETENTION_HOURS); used again after that, it is a new request.",
    "schema": {"type": "string", "pattern": "^[!-~]{1,200}$"},
}

# What every operation can answer with, whatever it is.
EVERY = {
    422: [
        ("validation_failed", "The request is not valid"),
        ("invalid_text", "The request holds text that cannot be stored"),
        ("unknown_parameter", "The request has a query parameter this operation does not take"),
    ],
    431: [("headers_too_large", "The request's headers are too large")],
}
LIMITED = {429: [("rate_limited", "Too many requests")]}
# A path whose parameters do not fit the route's template (a newline in a `{...:path}` part, say) matches
# no route: the router's own 404.
WITH_PATH_PARAMETERS = {404: [("not_found", "Not found")]}
WITH_BODY = {
    400: [("malformed_json", "The body is not valid JSON")],
    413: [("body_too_large", "The request body is too large")],
}
AUTHENTICATED = {
    401: [("unauthenticated", "An API key is required")],
    403: [("forbidden", "The API key lacks the scope for this")],
}
IDEMPOTENT = {
    400: [("idempotency_key_invalid", "The Idempotency-Key is not valid")],
    409: [("idempotency_in_progress", "The first request with this key is still running")],
    422: [("idempotency_key_reused", "The Idempotency-Key was used for another request")],
}


def install_openapi(app: FastAPI) -> None:
    """Make the app's OpenAPI document (built once, on first request) say what the kit does."""

    def document() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            complete(schema, app)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = document  # type: ignore[method-assign]


def complete(schema: dict[str, Any], app: FastAPI) -> None:
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    components["securitySchemes"] = {
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "The client's API key: `Authorization: Bearer <key>`",
        }
    }
    for schema_name in ("HTTPValidationError", "ValidationError"):
        components["schemas"].pop(schema_name, None)
    scopes = _scopes_by_operation(app)
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            scope = scopes.get((path, method.upper()))
            _complete_operation(operation, path=path, method=method, scope=scope)


def _complete_operation(
    operation: dict[str, Any], *, path: str, method: str, scope: str | tuple[str, ...] | None
) -> None:
    responses = operation.setdefault("responses", {})
    if "application/problem+json" not in responses.get("422", {}).get("content", {}):
        responses.pop("422", None)  # FastAPI's own validation answer; ours is problem+json (a route's own kept)
    added: dict[int, list[tuple[str, str]]] = {}
    for group in (
        EVERY,
        LIMITED if path not in UNLIMITED else {},
        WITH_BODY if "requestBody" in operation else {},
        WITH_PATH_PARAMETERS if "{" in path else {},
    ):
        _merge(added, group)
    if scope == ANY_KEY:
        # Open to every client: a key is needed, no scope, so there is no 403 to document.
        operation["security"] = [{"bearer": []}]
        operation["description"] = (operation.get("description") or "").rstrip() + "\n\nNeeds an API key, of any scope."
        _merge(added, {401: AUTHENTICATED[401]})
    elif scope is not None:
        operation["security"] = [{"bearer": []}]
        operation["x-scope"] = scope if isinstance(scope, str) else list(scope)
        operation["description"] = (operation.get("description") or "").rstrip() + f"\n\n{_needs(scope)}"
        _merge(added, AUTHENTICATED)
        if method in WRITES:
            _merge(added, IDEMPOTENT)
            operation.setdefault("parameters", []).append(IDEMPOTENCY_HEADER)
    for status, pairs in added.items():
        existing = responses.get(str(status))
        problems = problem_response(sorted(set(pairs) | set(_declared_codes(existing))))
        other = {
            media: body
            for media, body in (existing or {}).get("content", {}).items()
            if media != "application/problem+json"
        }
        if other:
            # A route's own answer in a format a standard fixes (Open311's errors) stays documented beside
            # the kit's problems, which the same status can also be (the router's 404 for a path that fits
            # no route).
            problems["content"] = {**other, **problems["content"]}
            problems["description"] = f"{existing.get('description', '').rstrip('.')}; or {problems['description']}"
        responses[str(status)] = problems


def _needs(scope: str | tuple[str, ...]) -> str:
    """The sentence an operation's description ends with: the scope it needs, or the ones it takes."""
    if isinstance(scope, str):
        return f"Needs the scope `{scope}`."
    return f"Needs one of the scopes {', '.join(f'`{one}`' for one in scope)}."


def _merge(into: dict[int, list[tuple[str, str]]], group: dict[int, list[tuple[str, str]]]) -> None:
    for status, pairs in group.items():
        into.setdefault(status, []).extend(pairs)


def _declared_codes(response: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The (code, title) pairs a route's own `problems(...)` put in a response, to keep them when merging."""
    if not response:
        return []
    schema = response.get("content", {}).get("application/problem+json", {}).get("schema", {})
    codes = schema.get("properties", {}).get("code", {}).get("enum", [])
    titles = dict(
        part.strip().removeprefix("`").split("`: ", 1)
        for part in response.get("description", "").split("; ")
        if "`: " in part
    )
    return [(code, titles.get(code, code)) for code in codes]


def _scopes_by_operation(app: FastAPI) -> dict[tuple[str, str], str | tuple[str, ...]]:
    """(path, method) -> the scope its dependencies check (a dependency that takes any of several names them
    all, as a tuple in its `zjtx_scope`), for the routes that check one."""
    found: dict[tuple[str, str], str | tuple[str, ...]] = {}
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute):
            continue
        scope = next(
            (
                getattr(dependency.call, "zjtx_scope", None)
                for dependency in _all_dependencies(route)
                if getattr(dependency.call, "zjtx_scope", None)
            ),
            None,
        )
        if scope is not None:
            for method in context.methods or ():
                found[(context.path_format, method)] = scope
    return found


def _all_dependencies(route: APIRoute):
    stack = list(route.dependant.dependencies)
    while stack:
        dependency = stack.pop()
        yield dependency
        stack.extend(dependency.dependencies)


__all__ = ["complete", "install_openapi"]
