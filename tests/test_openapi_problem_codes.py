"""The problems a service's OpenAPI document lists are problems the service can give: every code of every
problem+json answer is the code of an error the service or the kit defines (a misspelt or stale code in
`problems(...)` fails here)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from zjtx.common.errors import AppError
from zjtx.common.kit import ServiceDefinition, installed_services
from zjtx.common.web import openapi as kit_document

from .documents import openapi_document, operations

SERVICES = ("registry", "awards", "finance-subsidy", "payments-watch", "hotline")
DEFINITIONS = [definition for definition in installed_services() if definition.name in SERVICES]
# The problems the kit's middleware answers with, not raised as errors (zjtx.common.web.openapi).
KIT_ANSWERS = {
    code
    for group in (
        kit_document.EVERY,
        kit_document.LIMITED,
        kit_document.WITH_PATH_PARAMETERS,
        kit_document.WITH_BODY,
        kit_document.AUTHENTICATED,
        kit_document.IDEMPOTENT,
    )
    for pairs in group.values()
    for code, _ in pairs
}


def defined_codes(definition: ServiceDefinition) -> set[str]:
    """The codes of every AppError of the service's package and of the kit, all their modules imported."""
    package = importlib.import_module(f"zjtx.{definition.package}")
    for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        importlib.import_module(module.name)
    owners = (f"{package.__name__}.", "zjtx.common.")
    found, stack = set(), [AppError]
    while stack:
        error = stack.pop()
        stack.extend(error.__subclasses__())
        if error.__module__.startswith(owners):
            found.add(error.code)
    return found | KIT_ANSWERS


def documented_codes(document) -> dict[str, set[str]]:
    """`METHOD path` -> the codes its problem+json answers list."""
    codes: dict[str, set[str]] = {}
    for method, path, operation in operations(document):
        for response in operation["responses"].values():
            schema = response.get("content", {}).get("application/problem+json", {}).get("schema", {})
            codes.setdefault(f"{method} {path}", set()).update(
                schema.get("properties", {}).get("code", {}).get("enum", [])
            )
    return codes


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.name)
def test_every_documented_code_is_one_the_service_defines(definition):
    defined = defined_codes(definition)
    unknown = {
        operation: sorted(codes - defined)
        for operation, codes in documented_codes(openapi_document(definition)).items()
        if codes - defined
    }
    assert unknown == {}
