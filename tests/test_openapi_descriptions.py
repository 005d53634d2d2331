"""A service's OpenAPI document is its contract (issue 8, 2.6): every operation has a summary and a
description of its own (beyond the scope the kit appends), every parameter (query, path, header) and every
field of every schema says what it is, and every list answers a page (`{items, next_cursor}`) with `limit`
and `cursor` (the hotline's Open311 view excepted: GeoReport v2 fixes its shape)."""

from __future__ import annotations

import re

import pytest

from zjtx.common.kit import installed_services

from .documents import openapi_document, operations

SERVICES = ("registry", "awards", "finance-subsidy", "payments-watch", "hotline")
DEFINITIONS = [definition for definition in installed_services() if definition.name in SERVICES]
# What the kit appends to the description of an operation that needs a scope (zjtx.common.web.openapi).
SCOPE_SENTENCE = re.compile(r"\s*Needs (the scope|one of the scopes) `[^.]+\.\s*$")
# Lists whose shape a public standard fixes, not ours (Open311 GeoReport v2: a bare JSON array).
STANDARD_SHAPES = {
    ("GET", "/open311/v2/services.json"),
    ("GET", "/open311/v2/requests.json"),
    ("GET", "/open311/v2/requests/{service_request_id}.json"),
}


@pytest.fixture(scope="module", params=DEFINITIONS, ids=lambda d: d.name)
def document(request):
    return openapi_document(request.param)


def test_the_services_are_installed():
    assert {definition.name for definition in DEFINITIONS} == set(SERVICES)


def test_every_operation_has_a_summary_and_a_description(document):
    missing = [
        f"{method} {path}"
        for method, path, operation in operations(document)
        if not operation.get("summary") or not SCOPE_SENTENCE.sub("", operation.get("description") or "").strip()
    ]
    assert missing == []


def test_every_parameter_has_a_description(document):
    missing = [
        f"{method} {path} {parameter['in']}:{parameter['name']}"
        for method, path, operation in operations(document)
        for parameter in operation.get("parameters", [])
        if not (parameter.get("description") or "").strip()
    ]
    assert missing == []


def test_every_field_of_every_schema_has_a_description(document):
    missing = [
        f"{name}.{field}"
        for name, schema in document["components"]["schemas"].items()
        for field, property_schema in (schema.get("properties") or {}).items()
        if not (property_schema.get("description") or "").strip()
    ]
    assert missing == []


def test_every_list_is_a_page_with_limit_and_cursor(document):
    wrong = []
    for method, path, operation in operations(document):
        answer = operation["responses"].get("200", {}).get("content", {}).get("application/json", {})
        schema = _resolved(document, answer.get("schema", {}))
        names = {parameter["name"] for parameter in operation.get("parameters", [])}
        if schema.get("type") == "array" and (method, path) not in STANDARD_SHAPES:
            wrong.append(f"{method} {path}: a bare array")
        elif set(schema.get("properties", {})) == {"items", "next_cursor"} and not {"limit", "cursor"} <= names:
            wrong.append(f"{method} {path}: a page without limit and cursor")
    assert wrong == []


def _resolved(document, schema):
    if "$ref" in schema:
        return document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema
