"""The OpenAPI document every service gets from the kit says what the API does (the bearer scheme and
each operation's scope, the Idempotency-Key of writes, every problem with its codes), lists refuse a
misspelt filter and a limit out of range, and the documentation pages load with nothing but the
service itself (no CDN: the government intranet has none)."""

from __future__ import annotations

import re

import pytest
from fastapi import Depends, FastAPI

from zjtx.common.errors import Unprocessable
from zjtx.common.web.openapi import complete
from zjtx.common.web.routing import Router, problems

# Where a documentation page loads things from: src="…" / href="…", and the document's url: '…'.
ASSET = re.compile(r"(?:src|href)=[\"']([^\"']+)[\"']")
SPEC_URL = re.compile(r"url: [\"']([^\"']+)[\"']")


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


async def test_an_unknown_query_parameter_is_refused_naming_it(client, keys):
    response = await client.get("/v1/counters/a?nmae=x", headers=keys.headers("admin"))
    assert (response.status_code, response.json()["code"]) == (422, "unknown_parameter")
    assert response.json()["errors"] == [{"field": "query.nmae", "message": "unknown parameter"}]


async def test_the_document_says_scopes_idempotency_and_problems(client):
    document = (await client.get("/openapi.json")).json()
    tick = document["paths"]["/v1/ticks"]["post"]
    assert tick["security"] == [{"bearer": []}] and tick["x-scope"] == "admin"
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in tick["parameters"])
    for status, code in [
        ("401", "unauthenticated"),
        ("403", "forbidden"),
        ("409", "idempotency_in_progress"),
        ("413", "body_too_large"),
        ("422", "invalid_text"),
        ("429", "rate_limited"),
        ("431", "headers_too_large"),
        ("400", "malformed_json"),
    ]:
        schema = tick["responses"][status]["content"]["application/problem+json"]["schema"]
        assert code in schema["properties"]["code"]["enum"], (status, code)
    assert "HTTPValidationError" not in document["components"]["schemas"]
    health = document["paths"]["/healthz"]["get"]
    assert "security" not in health and "429" not in health["responses"]


async def test_the_documentation_pages_need_nothing_but_the_service(client):
    for page in ("/docs", "/redoc"):
        html = (await client.get(page)).text
        assets = ASSET.findall(html) + SPEC_URL.findall(html)
        assert assets, page
        for asset in assets:
            assert not asset.startswith(("http://", "https://", "//")), f"{page} loads {asset} from elsewhere"
            assert (await client.get(asset)).status_code == 200, asset


class RateUnknown(Unprocessable):
    code, title = "rate_unknown", "The rate is not known"


def test_a_routes_own_422_problems_are_kept_and_several_scopes_are_said():
    async def reader_or_bank():  # a caller who may hold either scope
        return None

    reader_or_bank.zjtx_scope = ("finance:read", "finance:bank")
    router = Router()

    @router.get("/rates", responses=problems(RateUnknown), dependencies=[Depends(reader_or_bank)])
    async def rates(on: str) -> dict:
        return {}

    app = FastAPI()
    app.include_router(router)
    document = app.openapi()
    complete(document, app)
    operation = document["paths"]["/rates"]["get"]
    codes = operation["responses"]["422"]["content"]["application/problem+json"]["schema"]["properties"]["code"]
    assert set(codes["enum"]) == {"rate_unknown", "validation_failed", "invalid_text", "unknown_parameter"}
    assert operation["x-scope"] == ["finance:read", "finance:bank"]
    assert operation["description"].endswith("Needs one of the scopes `finance:read`, `finance:bank`.")
    assert operation["security"] == [{"bearer": []}] and "401" in operation["responses"]
