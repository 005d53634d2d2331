"""The locks that serialise this service's decisions (zjtx.common.db.lock_for): everything that reads
what an enterprise already has (its yearly cap used, its subsidies) holds the enterprise's lock; what
reads the risk pool's balance holds the pool's; an event held for a loan and that loan's arrival hold the
loan's, so that no held event is left behind by a disbursement committing at the same time."""

from zjtx.finance_subsidy import SERVICE_NAME

ENTERPRISE = (SERVICE_NAME, "enterprise")  # + the USCC
POOL = (SERVICE_NAME, "risk-pool")
LOAN = (SERVICE_NAME, "loan")  # + the bank's code and the loan id
