"""The service kit: what a service is built from (docs/new-service.md). A service declares a
ServiceDefinition; `main(definition)` runs it; `create_app(definition, ...)` builds its API for tests."""

from zjtx.common.kit.app import create_app
from zjtx.common.kit.context import Context
from zjtx.common.kit.definition import ContextHandler, Job, ServiceDefinition, installed_services
from zjtx.common.kit.deps import Admin, AdminContext, scoped_context
from zjtx.common.kit.handlers import handlers_for
from zjtx.common.kit.process import build_process, main
from zjtx.common.web.deps import TransactionalRoute

__all__ = [
    "Admin",
    "AdminContext",
    "Context",
    "ContextHandler",
    "Job",
    "ServiceDefinition",
    "TransactionalRoute",
    "build_process",
    "create_app",
    "handlers_for",
    "installed_services",
    "main",
    "scoped_context",
]
