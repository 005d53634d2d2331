"""Every table of the hotline's own schema, for Alembic and the drift test (the platform's tables are
the kit's: zjtx.common.platform_tables)."""

from zjtx.hotline.base import Base
from zjtx.hotline.callback import models as callback_models
from zjtx.hotline.deadline import models as deadline_models
from zjtx.hotline.department import models as department_models
from zjtx.hotline.kpi import models as kpi_models
from zjtx.hotline.readmodel import models as readmodel_models
from zjtx.hotline.ticket import models as ticket_models

metadata = Base.metadata

__all__ = [
    "callback_models",
    "deadline_models",
    "department_models",
    "kpi_models",
    "metadata",
    "readmodel_models",
    "ticket_models",
]
