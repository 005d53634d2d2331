"""A service's OpenAPI document as its app serves it, built without a database or a broker (the document
needs neither): for the checks of what the documents say."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from zjtx.common.db import create_engine, create_sessionmaker
from zjtx.common.kit import ServiceDefinition, create_app
from zjtx.common.web.auth import ClientStore


def service_app(definition: ServiceDefinition) -> FastAPI:
    engine = create_engine("postgresql://nobody@127.0.0.1:1/none")  # never connected
    return create_app(
        definition, definition.settings_class()(), sessions=create_sessionmaker(engine), clients=ClientStore([])
    )


def openapi_document(definition: ServiceDefinition) -> dict[str, Any]:
    return service_app(definition).openapi()


def operations(document: dict[str, Any]):
    """(method, path, operation) of every operation of the document."""
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield method.upper(), path, operation
