"""Every table of the awards database, for Alembic and the test fixtures."""

from zjtx.awards.award import models as award_models
from zjtx.awards.claim import models as claim_models
from zjtx.awards.readmodel import models as readmodel_models
from zjtx.common.db import Base
from zjtx.common.messaging import tables as messaging_tables
from zjtx.common.web import audit, idempotency

metadata = Base.metadata

__all__ = ["audit", "award_models", "claim_models", "idempotency", "messaging_tables", "metadata", "readmodel_models"]
