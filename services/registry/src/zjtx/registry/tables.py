"""Every table of the registry's own schema, for Alembic and the drift test (the platform's tables
are the kit's: zjtx.common.platform_tables)."""

from zjtx.registry.base import Base
from zjtx.registry.credit_list import models as credit_list_models
from zjtx.registry.enterprise import models as enterprise_models
from zjtx.registry.history import models as history_models
from zjtx.registry.inspection import models as inspection_models
from zjtx.registry.park import models as park_models
from zjtx.registry.pool import models as pool_models
from zjtx.registry.recognition import models as recognition_models
from zjtx.registry.service_record import models as service_record_models

metadata = Base.metadata

__all__ = [
    "credit_list_models",
    "enterprise_models",
    "history_models",
    "inspection_models",
    "metadata",
    "park_models",
    "pool_models",
    "recognition_models",
    "service_record_models",
]
