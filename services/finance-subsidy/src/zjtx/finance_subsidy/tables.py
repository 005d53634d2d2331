"""Every table of the finance-subsidy service's own schema, for Alembic and the drift test (the platform's
tables are the kit's: zjtx.common.platform_tables)."""

from zjtx.finance_subsidy.bank import models as bank_models
from zjtx.finance_subsidy.base import Base
from zjtx.finance_subsidy.enterprise import models as enterprise_models
from zjtx.finance_subsidy.intake import models as intake_models
from zjtx.finance_subsidy.loan import models as loan_models
from zjtx.finance_subsidy.lpr import models as lpr_models
from zjtx.finance_subsidy.pool import models as pool_models
from zjtx.finance_subsidy.product import models as product_models
from zjtx.finance_subsidy.subsidy import models as subsidy_models

metadata = Base.metadata

__all__ = [
    "bank_models",
    "enterprise_models",
    "intake_models",
    "loan_models",
    "lpr_models",
    "metadata",
    "pool_models",
    "product_models",
    "subsidy_models",
]
