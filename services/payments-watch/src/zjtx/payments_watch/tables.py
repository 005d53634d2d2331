"""Every table of the payments-watch service's own schema, for Alembic and the drift test (the
platform's tables are the kit's: zjtx.common.platform_tables)."""

from zjtx.payments_watch.base import Base
from zjtx.payments_watch.buyer import models as buyer_models
from zjtx.payments_watch.complaint import models as complaint_models
from zjtx.payments_watch.contract import models as contract_models
from zjtx.payments_watch.lpr import models as lpr_models
from zjtx.payments_watch.procurement import models as procurement_models
from zjtx.payments_watch.seller import models as seller_models

metadata = Base.metadata

__all__ = [
    "buyer_models",
    "complaint_models",
    "contract_models",
    "lpr_models",
    "metadata",
    "procurement_models",
    "seller_models",
]
