"""zjtx.common.web.lean: the kit's routes of the plain shape answer every request byte for byte as
FastAPI's own handler answers it (the same app is asked twice: once as served, once with a dependency
override in place, which sends each request to FastAPI's handler), and a route of another shape keeps
FastAPI's handler."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated

import httpx
import pytest
from fastapi import BackgroundTasks, Depends, FastAPI, Header, HTTPException, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from zjtx.common.kit.definition import ServiceDefinition
from zjtx.common.web.deps import TransactionalRoute
from zjtx.common.web.errors import install_error_handlers
from zjtx.common.web.routing import Router

CALLS: list[str] = []


async def caller(request: Request) -> str:
    """Like the kit's scope-checked context: refuses a request without a key, before anything is read."""
    key = request.headers.get("x-key")
    if key is None:
        raise HTTPException(401, "no key")
    CALLS.append(key)
    return key


async def language(request: Request) -> str:
    return request.headers.get("accept-language", "zh-CN")


Caller = Annotated[str, Depends(caller)]
Language = Annotated[str, Depends(language)]


async def viewer(request: Request, who: Caller, reader: Language) -> str:
    """A dependency of dependencies (the services' viewers take the session and the caller)."""
    if who == "outsider":
        raise HTTPException(403, "not yours")
    return f"{who} reading {reader} at {request.url.path}"


class Thing(BaseModel):
    name: str = Field(min_length=1, max_length=20)
    count: int = Field(0, ge=0)
    tags: list[str] = []
    note: str | None = None
    on: date | None = None


class ThingOut(BaseModel):
    name: str
    count: int
    note: str | None = None
    by: str
    language: str
    dry: bool
    trace: str | None = None


router = Router(prefix="/v1/things")


@router.post("", status_code=201, response_model=ThingOut, response_model_exclude_none=True)
async def make(
    data: Thing,
    who: Caller,
    reader: Language,
    dry: bool = False,
    x_trace: Annotated[str | None, Header(max_length=8)] = None,
) -> ThingOut:
    return ThingOut(name=data.name, count=data.count, note=data.note, by=who, language=reader, dry=dry, trace=x_trace)


@router.get("/{thing_id}", response_model=ThingOut)
async def read(
    thing_id: Annotated[int, Path(ge=1)], who: Caller, again: Caller, limit: Annotated[int, Query(le=100)] = 10
) -> dict:
    return {"name": f"thing {thing_id}", "count": limit, "by": who + again, "language": "en", "dry": False}


@router.get("/{thing_id}/seen")
async def seen(thing_id: int, view: Annotated[str, Depends(viewer)], who: Caller) -> dict:
    return {"id": thing_id, "view": view, "who": who}


@router.put("/{thing_id}", status_code=201, response_model=ThingOut)
async def put(thing_id: int, data: Thing, who: Caller, response: Response) -> ThingOut:
    """201 for a new thing, 200 for one already there (as POST /v1/lpr answers), with a header."""
    if thing_id == 1:
        response.status_code = 200
    response.headers["x-thing"] = str(thing_id)
    return ThingOut(name=data.name, count=data.count, by=who, language="en", dry=False)


@router.delete("/{thing_id}", status_code=204)
async def remove(thing_id: int, who: Caller) -> None:
    return None


@router.post("/{thing_id}/raw")
async def raw(thing_id: int, request: Request) -> JSONResponse:
    return JSONResponse({"id": thing_id, "method": request.method}, status_code=202, headers={"x-made": "by hand"})


@router.get("/{thing_id}/plain")
async def plain(thing_id: int) -> dict:
    return {"id": thing_id, "on": date(2026, 12, 3), "amounts": ["1.00", 2]}


@router.post("/{thing_id}/later")
async def later(thing_id: int, tasks: BackgroundTasks) -> dict:  # not the plain shape: FastAPI serves it
    tasks.add_task(CALLS.append, f"later {thing_id}")
    return {"id": thing_id}


def _app() -> FastAPI:
    app = FastAPI()
    app.state.sessions = app.state.read_sessions = None  # no route here asks for a session
    app.include_router(router)
    return app


@pytest.fixture
async def clients() -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    served, through_fastapi = _app(), _app()
    through_fastapi.dependency_overrides[ServiceDefinition] = ServiceDefinition  # any override: FastAPI's handler
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=served), base_url="http://t") as lean_client,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=through_fastapi), base_url="http://t") as fastapi_client,
    ):
        yield lean_client, fastapi_client


KEY = {"x-key": "k1"}
JSON = {**KEY, "content-type": "application/json"}
GOOD = b'{"name": "\xe8\xb5\x9b\xe7\xbd\x95", "count": 2, "tags": ["a"], "on": "2026-12-03"}'

REQUESTS = [
    ("POST", "/v1/things", JSON, GOOD),
    ("POST", "/v1/things?dry=true", {**JSON, "x-trace": "abc", "accept-language": "en"}, GOOD),
    ("POST", "/v1/things?dry=maybe", {**JSON, "x-trace": "far too long"}, GOOD),
    ("POST", "/v1/things", {**KEY, "content-type": "application/json; charset=utf-8"}, GOOD),
    ("POST", "/v1/things", {**KEY, "content-type": "application/merge-patch+json"}, GOOD),
    ("POST", "/v1/things", {**KEY, "content-type": "Application/JSON"}, GOOD),
    ("POST", "/v1/things", {**KEY, "content-type": "text/plain"}, GOOD),
    ("POST", "/v1/things", {**KEY, "content-type": "json"}, GOOD),
    ("POST", "/v1/things", KEY, GOOD),  # no content type at all
    ("POST", "/v1/things", JSON, b""),
    ("POST", "/v1/things", JSON, b"{"),
    ("POST", "/v1/things", JSON, b'{"name": "x",}'),
    ("POST", "/v1/things", JSON, b"[1, 2]"),
    ("POST", "/v1/things", JSON, b"null"),
    ("POST", "/v1/things", JSON, b'{"name": "", "count": -1, "tags": "a", "on": "2026-13-01"}'),
    ("POST", "/v1/things", JSON, b'{"count": 123456789012345678901234567890}'),
    ("POST", "/v1/things", JSON, b'{"name": "x", "count": NaN}'),
    ("POST", "/v1/things", {"content-type": "application/json"}, GOOD),  # the dependency refuses first
    ("POST", "/v1/things", {"content-type": "application/json"}, b"{"),  # the body is read before that
    ("GET", "/v1/things/7", KEY, None),
    ("GET", "/v1/things/7?limit=100", KEY, None),
    ("GET", "/v1/things/0?limit=101", KEY, None),
    ("GET", "/v1/things/x", KEY, None),
    ("GET", "/v1/things/7", {}, None),
    ("DELETE", "/v1/things/7", KEY, None),
    ("PUT", "/v1/things/1", JSON, GOOD),
    ("PUT", "/v1/things/2", JSON, GOOD),
    ("PUT", "/v1/things/2", JSON, b"{}"),
    ("GET", "/v1/things/7/seen", {**KEY, "accept-language": "en"}, None),
    ("GET", "/v1/things/7/seen", {"x-key": "outsider"}, None),
    ("GET", "/v1/things/x/seen", {}, None),
    ("POST", "/v1/things/7/raw", {}, b"ignored"),
    ("GET", "/v1/things/7/plain", {}, None),
    ("POST", "/v1/things/7/later", {}, None),
]


@pytest.mark.parametrize(("method", "url", "headers", "body"), REQUESTS)
async def test_a_request_is_answered_as_fastapi_answers_it(clients, method, url, headers, body) -> None:
    lean_client, fastapi_client = clients
    CALLS.clear()
    answers = []
    for client in (lean_client, fastapi_client):
        try:
            response = await client.request(method, url, headers=headers, content=body)
        except Exception as exc:  # FastAPI's own 422 handler cannot write a NaN it was sent: nor can either
            answers.append((type(exc).__name__, str(exc), list(CALLS)))
        else:
            answers.append((response.status_code, sorted(response.headers.items()), response.content, list(CALLS)))
        CALLS.clear()
    assert answers[0] == answers[1]


@pytest.mark.parametrize("body", [b"\x00p!7,\x03`", b"\x00\x00\x00{", b"\x00{", b"\xff\xfe", b"\xfe\xff\x00{"])
async def test_json_is_utf_8_so_another_encoding_is_invalid_json(clients, body) -> None:
    """The one intended difference: json.loads guesses UTF-16 or -32 from leading NULs or a byte-order
    mark, and FastAPI's handler answers a failed guess with a 400 "error parsing the body" (`bad_request`,
    which no operation documents); JSON is UTF-8, so here such a body is invalid JSON (`json_invalid`:
    the kit's 400 `malformed_json`)."""
    lean_client, fastapi_client = clients
    lean_answer = await lean_client.post("/v1/things", headers=JSON, content=body)
    assert lean_answer.status_code == 422 and lean_answer.json()["detail"][0]["type"] == "json_invalid"
    fastapi_answer = await fastapi_client.post("/v1/things", headers=JSON, content=body)
    assert fastapi_answer.status_code in (400, 422)  # 400 where the guess fails, else its own json_invalid


async def test_the_kit_answers_such_a_body_as_malformed_json() -> None:
    app = _app()
    install_error_handlers(app)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        answer = await client.post("/v1/things", headers=JSON, content=b"\x00p!7,\x03`")
    assert answer.status_code == 400 and answer.json()["code"] == "malformed_json"


async def test_a_dependency_named_twice_runs_once(clients) -> None:
    lean_client, _ = clients
    CALLS.clear()
    response = await lean_client.get("/v1/things/7", headers=KEY)
    assert response.json()["by"] == "k1k1" and CALLS == ["k1"]
    CALLS.clear()
    response = await lean_client.get("/v1/things/7/seen", headers=KEY)  # by the viewer, then by the route
    assert response.json() == {"id": 7, "view": "k1 reading zh-CN at /v1/things/7/seen", "who": "k1"}
    assert CALLS == ["k1"]


def test_routes_of_the_plain_shape_are_served_lean_and_others_by_fastapi() -> None:
    _app()  # included: the handlers are built again for the inclusion
    served = {
        (route.path, method): route.served_lean
        for route in router.routes
        if isinstance(route, TransactionalRoute)
        for method in route.methods
    }
    assert served == {
        ("/v1/things", "POST"): True,
        ("/v1/things/{thing_id}", "GET"): True,
        ("/v1/things/{thing_id}", "DELETE"): True,
        ("/v1/things/{thing_id}", "PUT"): True,
        ("/v1/things/{thing_id}/seen", "GET"): True,
        ("/v1/things/{thing_id}/raw", "POST"): True,
        ("/v1/things/{thing_id}/plain", "GET"): True,
        ("/v1/things/{thing_id}/later", "POST"): False,
    }
