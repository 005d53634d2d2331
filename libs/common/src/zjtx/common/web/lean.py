"""A request handler for the kit's ordinary routes that does what FastAPI's does for them, for far less.

FastAPI's handler (fastapi.routing.get_request_handler) serves every kind of route: forms, streams,
server-sent events, dependencies with `yield`, security scopes, overrides. For each request it walks the
dependency tree through solve_dependencies (a cache key, scope checks and a classification of every
dependency's callable), parses the content type with the email package and opens telemetry operations:
for a registration, some 510 Python calls around an endpoint whose own work is about 550, of which this
handler leaves about 220 (counted with sys.setprofile, the dependencies' own calls included). The kit's
routes are nearly all of one plain shape: a JSON body model or none; path, query and header parameters;
the request, and the response to set a status or a header on; dependencies that take the request or
other such dependencies (the scope-checked context, the reader's language, a service's viewer). For that
shape this handler resolves the same values in the same order, with FastAPI's own functions for the
parameters, the body and the response (so a 422 lists the same errors and an answer has the same
bytes), and nothing else.

A route of any other shape keeps FastAPI's handler (`request_handler` answers None), and so does every
request made while the app has dependency overrides (tests). Two differences, both intended: a JSON body
is read as UTF-8, as RFC 8259 has it (json.loads would guess UTF-16 or -32 from leading NULs, and FastAPI
answers a failed guess with a 400 that no operation documents); FastAPI's own telemetry operations
(`FastAPI(telemetry=...)`) are not opened: the platform does not use them, its tracing is
zjtx.common.tracing's."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, Request, Response, params
from fastapi._body_limit import get_body_limit_error
from fastapi._compat import Undefined
from fastapi.datastructures import DefaultPlaceholder
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import request_body_to_args, request_params_to_args
from fastapi.exceptions import RequestValidationError
from fastapi.routing import _effective_route_context_var, serialize_response
from fastapi.utils import is_body_allowed_for_status_code
from starlette.middleware.body_limit import MAX_BODY_SIZE_SCOPE_KEY
from starlette.responses import JSONResponse

from zjtx.common import jsontext

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def request_handler(route: Any, fallback: Handler) -> Handler | None:
    """The lean handler of `route` (an APIRoute), or None when the route is not of the plain shape. Each
    request made while its app has dependency overrides goes to `fallback` (FastAPI's handler)."""
    route = _effective(route)
    dependencies = _request_dependencies(route.dependant)
    if dependencies is None or not _plain(route):
        return None
    dependant: Dependant = route.dependant
    call = dependant.call
    body_fields = dependant.body_params
    embed = route._embed_body_fields
    strict_content_type = _value(route.strict_content_type)
    status_code = route.status_code
    response_field = route.response_field
    overrides = route.dependency_overrides_provider
    serialization = {
        "include": route.response_model_include,
        "exclude": route.response_model_exclude,
        "by_alias": route.response_model_by_alias,
        "exclude_unset": route.response_model_exclude_unset,
        "exclude_defaults": route.response_model_exclude_defaults,
        "exclude_none": route.response_model_exclude_none,
    }
    request_name = dependant.request_param_name
    response_name = dependant.response_param_name

    async def lean(request: Request) -> Response:
        if overrides is not None and overrides.dependency_overrides:
            return await fallback(request)
        body = await _json_body(request, strict_content_type) if body_fields else Undefined
        values = await _solve(dependencies, request, {}) if dependencies else {}
        errors: list[Any] = []
        for fields, received in (
            (dependant.path_params, request.path_params),
            (dependant.query_params, request.query_params),
            (dependant.header_params, request.headers),
        ):
            if fields:
                found, wrong = request_params_to_args(fields, received)
                values.update(found)
                errors += wrong
        if body_fields:
            found, wrong = await request_body_to_args(body_fields, body, embed)
            values.update(found)
            errors += wrong
        if errors:
            raise RequestValidationError(errors, body=None if body is Undefined else body)
        if request_name:
            values[request_name] = request
        said = None  # the endpoint's `response: Response`, whose status and headers the answer takes
        if response_name:
            said = values[response_name] = Response()
            del said.headers["content-length"]
            said.status_code = None  # type: ignore[assignment]
        answer = await call(**values)
        if isinstance(answer, Response):
            return answer
        content = await serialize_response(
            field=response_field, response_content=answer, dump_json=response_field is not None, **serialization
        )
        chosen = said.status_code if said is not None and said.status_code else status_code
        status = {"status_code": chosen} if chosen is not None else {}
        response = (
            Response(content=content, media_type="application/json", **status)
            if response_field is not None
            else JSONResponse(content, **status)
        )
        if not is_body_allowed_for_status_code(response.status_code):
            response.body = b""
        if said is not None:
            response.headers.raw.extend(said.headers.raw)
        return response

    return lean


def _effective(route: Any) -> Any:
    """The route as its inclusion sees it (prefix, dependencies, responses of the routers that include
    it), as APIRoute.get_route_handler reads it."""
    context = _effective_route_context_var.get()
    return context if context is not None and context.original_route is route else route


def _plain(route: Any) -> bool:
    dependant: Dependant = route.dependant
    return (
        inspect.iscoroutinefunction(dependant.call)
        and isinstance(route.response_class, DefaultPlaceholder)
        and route.response_class.value is JSONResponse
        and route.stream_item_field is None
        and not route.is_json_stream
        and not dependant.cookie_params
        and not dependant.background_tasks_param_name
        and not dependant.security_scopes_param_name
        and not dependant.http_connection_param_name
        and not dependant.websocket_param_name
        and _json_body_only(route)
    )


def _json_body_only(route: Any) -> bool:
    """No body, or one body model that is not a form and not embedded under its name."""
    fields = route.dependant.body_params
    if not fields:
        return True
    return len(fields) == 1 and not route._embed_body_fields and not isinstance(fields[0].field_info, params.Form)


@dataclass(frozen=True)
class _Dependency:
    """A dependency of the plain kind: an `async def` taking the request, other such dependencies, or
    both, and nothing else."""

    name: str
    call: Callable[..., Coroutine[Any, Any, Any]]
    request_name: str | None
    needs: tuple[_Dependency, ...]


def _request_dependencies(dependant: Dependant) -> tuple[_Dependency, ...] | None:
    """The dependencies of `dependant` in FastAPI's order, each with its own; None when one is of another
    kind (a generator, a plain `def`, one with parameters of the request or security scopes)."""
    found = []
    for sub in dependant.dependencies:
        needs = _request_dependencies(sub)
        call = sub.call
        plain = (
            needs is not None
            and sub.name is not None
            and inspect.iscoroutinefunction(call)
            and sub.use_cache
            and sub.concurrency is None
            and not (sub.path_params or sub.query_params or sub.header_params or sub.cookie_params)
            and not sub.body_params
            and not sub.own_oauth_scopes
            and not (
                sub.response_param_name
                or sub.background_tasks_param_name
                or sub.security_scopes_param_name
                or sub.http_connection_param_name
                or sub.websocket_param_name
            )
            # every parameter is the request or a dependency: nothing FastAPI would fill otherwise
            and len(inspect.signature(call).parameters) == len(needs) + (1 if sub.request_param_name else 0)
        )
        if not plain:
            return None
        found.append(_Dependency(sub.name, call, sub.request_param_name, needs))  # type: ignore[arg-type]
    return tuple(found)


async def _solve(dependencies: tuple[_Dependency, ...], request: Request, solved: dict[Any, Any]) -> dict[str, Any]:
    """The values of `dependencies`, each run once a request (FastAPI's dependency cache), each after
    its own, in order."""
    values = {}
    for dependency in dependencies:
        if dependency.call not in solved:
            arguments = await _solve(dependency.needs, request, solved) if dependency.needs else {}
            if dependency.request_name:
                arguments[dependency.request_name] = request
            solved[dependency.call] = await dependency.call(**arguments)
        values[dependency.name] = solved[dependency.call]
    return values


async def _json_body(request: Request, strict_content_type: bool) -> Any:
    """The body as FastAPI reads it for a JSON body model: parsed when its content type is JSON
    (`application/json`, `application/…+json`) or, when not strict, when it has none; else its bytes,
    which the model then refuses. Invalid JSON, or a JSON body that is not UTF-8, is a 422 `json_invalid`
    (the kit answers it as 400 `malformed_json`); a body that cannot be read a 400, and one over the
    size limit its 413, as FastAPI answers."""
    try:
        raw = await request.body()
        if not raw:
            return Undefined  # the model's fields are missing, not null
        content_type = request.headers.get("content-type")
        if content_type:
            maintype, _, subtype = _content_type(content_type).partition("/")
            wanted = maintype == "application" and (subtype == "json" or subtype.endswith("+json"))
        else:
            wanted = not strict_content_type
        # JSON is UTF-8 (RFC 8259, 8.1; the kit's guard refuses any other body as `malformed_json`).
        # Decoded first, so that text beginning with a NUL or a byte-order mark is invalid JSON, not a
        # guess at UTF-16 or -32 by json.loads (whose failure FastAPI answers with a 400 that no
        # operation documents).
        return jsontext.loads(raw.decode("utf-8")) if wanted else raw
    except json.JSONDecodeError as exc:
        raise _invalid_json(exc.pos, exc.msg, exc.doc) from exc
    except UnicodeDecodeError as exc:
        raise _invalid_json(exc.start, f"not UTF-8 ({exc.reason})", raw) from exc
    except HTTPException:
        raise
    except Exception as exc:
        if MAX_BODY_SIZE_SCOPE_KEY in request.scope and (limit := get_body_limit_error(exc)):
            raise limit from exc
        raise HTTPException(status_code=400, detail="There was an error parsing the body") from exc


def _invalid_json(position: int, why: str, body: Any) -> RequestValidationError:
    error = {"type": "json_invalid", "loc": ("body", position), "msg": "JSON decode error", "input": {}}
    return RequestValidationError([{**error, "ctx": {"error": why}}], body=body)


def _content_type(value: str) -> str:
    """The media type as email.message.Message.get_content_type reads a Content-Type header: lowercased,
    without its parameters, and text/plain when it is not of the form type/subtype."""
    media_type = value.split(";", 1)[0].strip().lower()
    return media_type if media_type.count("/") == 1 else "text/plain"


def _value(setting: Any) -> Any:
    return setting.value if isinstance(setting, DefaultPlaceholder) else setting
