"""Every table of the registry's database, for Alembic and the test fixtures."""

from zjtx.common.db import Base
from zjtx.common.messaging import tables as messaging_tables
from zjtx.common.web import audit, idempotency
from zjtx.registry.enterprise import models as enterprise_models
from zjtx.registry.history import models as history_models
from zjtx.registry.inspection import models as inspection_models
from zjtx.registry.park import models as park_models
from zjtx.registry.pool import models as pool_models
from zjtx.registry.recognition import models as recognition_models
from zjtx.registry.service_record import models as service_record_models

metadata = Base.metadata

__all__ = [
    "audit",
    "enterprise_models",
    "history_models",
    "idempotency",
    "inspection_models",
    "messaging_tables",
    "metadata",
    "park_models",
    "pool_models",
    "recognition_models",
    "service_record_models",
]
