"""`python -m zjtx.finance_subsidy`: run the finance-subsidy service with the roles its settings switch on."""

from zjtx.common.kit import main
from zjtx.finance_subsidy.definition import FINANCE_SUBSIDY

if __name__ == "__main__":
    main(FINANCE_SUBSIDY)
