"""A problem's title is for people: in Chinese unless the request's Accept-Language prefers English, by
its q-values; the code never changes. The same from the exception handlers and from the middleware that
answers before the app (the body limit, the Idempotency-Key check)."""

from __future__ import annotations

import pytest

from zjtx.common.errors import NotFound
from zjtx.common.testing.clients import asgi_client
from zjtx.common.web.language import CHINESE, ENGLISH, language_of


@pytest.fixture
def service_definition(throwaway):
    return throwaway.definition


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, CHINESE),
        ("", CHINESE),
        ("zh", CHINESE),
        ("zh-CN", CHINESE),
        ("zh-CN,zh;q=0.9,en;q=0.8", CHINESE),
        ("en", ENGLISH),
        ("en-US", ENGLISH),
        ("EN-gb;q=0.7, fr", ENGLISH),
        ("en;q=0.5, zh;q=0.8", CHINESE),
        ("zh;q=0.5, en-US;q=0.8", ENGLISH),
        ("en;q=0, zh;q=0.1", CHINESE),
        ("en;q=0", CHINESE),
        ("en;q=zz", CHINESE),
        ("fr, de;q=0.9", CHINESE),
        ("*", CHINESE),
        ("zh;q=0.8, en;q=0.8", CHINESE),
    ],
)
def test_the_language_is_chosen_by_the_q_values(header, language):
    assert language_of(header) == language


async def test_a_problem_is_in_chinese_by_default_and_in_english_when_asked(app):
    async with asgi_client(app, language=None) as chinese, asgi_client(app) as english:
        default = await chinese.get("/v1/counters/a")
        asked = await english.get("/v1/counters/a")
    assert (
        (default.status_code, default.json()["code"])
        == (asked.status_code, asked.json()["code"])
        == (
            401,
            "unauthenticated",
        )
    )
    assert default.json()["title"] == "需要API密钥" and default.headers["content-language"] == "zh-CN"
    assert asked.json()["title"] == "An API key is required" and asked.headers["content-language"] == "en"
    assert default.json()["detail"] == "请以 `Authorization: Bearer <key>` 发送API密钥"
    assert asked.json()["detail"] == "send the API key as `Authorization: Bearer <key>`"


async def test_a_detail_is_in_chinese_where_the_error_gives_one(app):
    async with asgi_client(app, language=None) as chinese:
        response = await chinese.get("/v1/counters/a", headers={"Authorization": "Bearer not-a-key"})
    assert (response.json()["title"], response.json()["detail"]) == ("需要API密钥", "该API密钥未登记")
    assert NotFound("no such thing").detail_zh is None


async def test_a_validation_problem_keeps_its_fields_in_either_language(app, keys):
    async with asgi_client(app, language="zh-CN, en;q=0.5") as chinese:
        refused = await chinese.post("/v1/ticks", json={"nmae": "a"}, headers=keys.headers("admin"))
    body = refused.json()
    assert (refused.status_code, body["code"], body["title"]) == (422, "validation_failed", "请求内容不符合要求")
    assert body["errors"][0]["field"] == "name" and "name" in body["detail"]


async def test_the_middleware_answers_in_the_callers_language_too(app, keys):
    headers = {**keys.headers("admin"), "Idempotency-Key": "has space"}
    async with asgi_client(app, language=None) as chinese, asgi_client(app) as english:
        default = await chinese.post("/v1/ticks", json={"name": "a"}, headers=headers)
        asked = await english.post("/v1/ticks", json={"name": "a"}, headers=headers)
    assert default.json()["code"] == asked.json()["code"] == "idempotency_key_invalid"
    assert default.json()["title"] == "Idempotency-Key无效" and default.headers["content-language"] == "zh-CN"
    assert asked.json()["title"] == "The Idempotency-Key is not valid"
