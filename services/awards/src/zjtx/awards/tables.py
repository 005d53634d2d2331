"""Every table of the awards service's own schema, for Alembic and the drift test (the platform's
tables are the kit's: zjtx.common.platform_tables)."""

from zjtx.awards.appropriation import models as appropriation_models
from zjtx.awards.award import models as award_models
from zjtx.awards.base import Base
from zjtx.awards.claim import models as claim_models
from zjtx.awards.land_project import models as land_project_models
from zjtx.awards.readmodel import models as readmodel_models

metadata = Base.metadata

__all__ = [
    "appropriation_models",
    "award_models",
    "claim_models",
    "land_project_models",
    "metadata",
    "readmodel_models",
]
