"""The service kit: what a service is built from (docs/new-service.md). A service declares a
ServiceDefinition; `main(definition)` runs it; `create_app(definition, ...)` builds its API for tests."""

from zjtx.common.kit.app import create_app
from zjtx.common.kit.binding import handlers_for
from zjtx.common.kit.context import Context, ContextHandler, InRuns, event_actor
from zjtx.common.kit.definition import Job, ServiceDefinition, installed_services
from zjtx.common.kit.deps import Admin, AdminContext, read_context, scoped_context
from zjtx.common.kit.foreign import ForeignTopic
from zjtx.common.kit.process import build_process, main
from zjtx.common.sampling import Measure

__all__ = [
    "Admin",
    "AdminContext",
    "Context",
    "ContextHandler",
    "ForeignTopic",
    "InRuns",
    "Job",
    "Measure",
    "ServiceDefinition",
    "build_process",
    "create_app",
    "event_actor",
    "handlers_for",
    "installed_services",
    "main",
    "read_context",
    "scoped_context",
]
