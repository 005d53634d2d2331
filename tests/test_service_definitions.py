"""Every installed service, checked the same way: its migrations build exactly the schema its models
declare (a model changed without a migration fails here), its Alembic command line refuses to run
without DATABASE_URL, and the development stack knows it by the same name and port."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from zjtx.common.devstack.catalog import SERVICES
from zjtx.common.kit import installed_services
from zjtx.common.migrations import schema_drift

ROOT = Path(__file__).resolve().parents[1]
DEFINITIONS = installed_services()


def test_the_services_of_this_repository_are_installed():
    present = {path.parent.name for path in ROOT.glob("services/*/pyproject.toml")}
    assert {definition.name for definition in DEFINITIONS} == present


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.name)
async def test_the_migrations_build_the_schema_the_models_declare(definition, service_resources):
    url = service_resources.database_url(definition)
    assert await schema_drift(definition.schema.metadata(), url) == []


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.name)
def test_alembic_refuses_to_migrate_without_a_database_url(definition):
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "alembic",
            "-c",
            str(ROOT / "services" / definition.name / "alembic.ini"),
            "upgrade",
            "heads",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "DATABASE_URL is not set" in done.stderr


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.name)
def test_the_development_stack_knows_the_service_by_its_name_and_port(definition):
    known = {spec.name: spec for spec in SERVICES}
    assert definition.name in known
    assert (known[definition.name].port, known[definition.name].package) == (definition.port, definition.package)


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.name)
def test_every_route_is_the_kits_and_the_openapi_document_is_valid(definition):
    from fastapi.routing import APIRoute, iter_route_contexts
    from openapi_spec_validator import validate

    from zjtx.common.web.routing import KitRoute

    from .documents import service_app

    app = service_app(definition)  # never connected: the document needs no database
    effective = [context.original_route for context in iter_route_contexts(app.routes)]
    plain = [
        route.path
        for route in effective
        if isinstance(route, APIRoute) and route.include_in_schema and not isinstance(route, KitRoute)
    ]
    assert any(isinstance(route, KitRoute) for route in effective)
    assert plain == [], "routes not made by zjtx.common.web.routing.Router (unknown query parameters would pass)"
    document = app.openapi()
    validate(document)
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.name)
def test_no_route_runs_a_dependency_or_endpoint_in_the_thread_pool(definition):
    """FastAPI runs a plain `def` dependency or endpoint in its thread pool: a thread hand-off on every
    request (a sync `reader_language` once cost the registry a third of its request path). Every one is
    `async def`."""
    import inspect

    from fastapi.routing import APIRoute, iter_route_contexts

    from .documents import service_app

    def blocks(call) -> bool:
        function = call if inspect.isfunction(call) or inspect.ismethod(call) else type(call).__call__
        return not (inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function))

    blocking = set()
    routes = [context.original_route for context in iter_route_contexts(service_app(definition).routes)]
    for route in (r for r in routes if isinstance(r, APIRoute)):
        if blocks(route.endpoint):
            blocking.add(f"{route.path}: {route.endpoint.__qualname__}")
        stack = [route.dependant]
        while stack:
            for sub in stack.pop().dependencies:
                if blocks(sub.call):
                    blocking.add(f"{route.path}: {getattr(sub.call, '__qualname__', sub.call)}")
                stack.append(sub)
    assert not blocking
