"""The kit's Router refuses a path outside its prefix before trying its routes (FastAPI asks every included
router in turn): what it still finds, and what it no longer tries."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.routing import Match

from zjtx.common.testing.clients import asgi_client
from zjtx.common.web.routing import Router


def _app() -> tuple[FastAPI, Router, Router]:
    plain = Router(prefix="/v1/parks")
    nested = Router(prefix="/v1/enterprises/{uscc}/recognitions")

    @plain.get("")
    async def parks() -> dict:
        return {"router": "parks"}

    @nested.get("")
    async def recognitions(uscc: str) -> dict:
        return {"router": "recognitions", "uscc": uscc}

    @nested.post("/{recognition_id}/withdraw")
    async def withdraw(uscc: str, recognition_id: str) -> dict:
        return {"uscc": uscc, "recognition_id": recognition_id}

    app = FastAPI()
    app.state.sessions = None  # the kit's routes own a transaction; these endpoints never ask for a session
    app.include_router(plain)
    app.include_router(nested)
    return app, plain, nested


def _scope(path: str, method: str = "GET") -> dict:
    return {"type": "http", "method": method, "path": path, "root_path": "", "headers": []}


def test_a_path_outside_the_prefix_is_refused_without_trying_a_route():
    _, plain, nested = _app()
    assert plain.matches(_scope("/v1/enterprises/91150105MA0Q4LJX27/recognitions")) == (Match.NONE, {})
    assert nested.matches(_scope("/v1/parks")) == (Match.NONE, {})


async def test_routes_under_a_prefix_with_a_parameter_are_still_found():
    app, _, _ = _app()
    async with asgi_client(app) as client:
        assert (await client.get("/v1/parks")).json() == {"router": "parks"}
        found = await client.get("/v1/enterprises/91150105MA0Q4LJX27/recognitions")
        assert found.json() == {"router": "recognitions", "uscc": "91150105MA0Q4LJX27"}
        withdrawn = await client.post("/v1/enterprises/X/recognitions/r1/withdraw")
        assert withdrawn.json() == {"uscc": "X", "recognition_id": "r1"}
        # A known path with another method is still 405 (a partial match), an unknown one 404.
        assert (await client.delete("/v1/parks")).status_code == 405
        assert (await client.get("/v1/enterprises/X/recognitions/r1/withdraw")).status_code == 405
        assert (await client.get("/v1/elsewhere")).status_code == 404
