"""The finance-subsidy service's expected errors, each with its stable code."""

from zjtx.common.errors import AppError, Conflict, Forbidden, NotFound, Unprocessable


class BankNotFound(NotFound):
    code, title = "bank_not_found", "No such bank"


class BankUnknown(Unprocessable):
    code, title = "bank_unknown", "The bank is not registered"


class BankExists(Conflict):
    code, title = "bank_exists", "A bank with this code exists"


class BankMismatch(Forbidden):
    code, title = "bank_mismatch", "A bank's key sends and writes for its own bank only"


class EnterpriseUnknown(Unprocessable):
    code, title = "enterprise_unknown", "The registry has announced no enterprise with this credit code"


class EnterpriseNotFound(NotFound):
    code, title = "enterprise_not_found", "The finance service knows no enterprise with this credit code"


class MalformedEvent(AppError):
    status, code, title = 400, "malformed_json", "The body is not valid JSON"


class InvalidEvent(Unprocessable):
    code, title = "validation_failed", "The bank event is not valid"


class LoanDatesInvalid(Unprocessable):
    code, title = "loan_dates_invalid", "The loan matures on or before its disbursement"


class PeriodInvalid(Unprocessable):
    code, title = "period_invalid", "The interest period ends on or before its start"


class PeriodOutsideLoan(Unprocessable):
    code, title = "period_outside_loan", "The interest period is outside the loan's dates"


class PeriodOverlaps(Conflict):
    code, title = "period_overlaps", "The interest period overlaps another period of the loan"


class DateBeforeLoan(Unprocessable):
    code, title = "date_before_loan", "The event is dated before the loan was disbursed"


class DateInFuture(Unprocessable):
    code, title = "date_in_future", "A date of the event is in the future"


class AmountInvalid(Unprocessable):
    code, title = "amount_invalid", "The amount is not valid here"


class OutstandingExceedsPrincipal(Unprocessable):
    code, title = "outstanding_exceeds_principal", "The outstanding principal is more than the loan's principal"


class RepaymentExceedsOutstanding(Unprocessable):
    code, title = "repayment_exceeds_outstanding", "The repayment is more than the principal outstanding"


class LoanExists(Conflict):
    code, title = "loan_exists", "The bank reported this loan before, with other terms"


class LoanAlreadyDefaulted(Conflict):
    code, title = "loan_already_defaulted", "The bank reported a default of this loan before, with other figures"


class BankEventConflict(Conflict):
    code, title = "bank_event_conflict", "This event id was sent before with another content"


class LoanNotFound(NotFound):
    code, title = "loan_not_found", "No such loan"


class SubsidyNotFound(NotFound):
    code, title = "subsidy_not_found", "No such subsidy"


class LprExists(Conflict):
    code, title = "lpr_exists", "A publication of this date is on record with other rates"


class LprInvalid(Unprocessable):
    code, title = "lpr_invalid", "The LPR publication is not valid"


class FunderUnknown(Unprocessable):
    code, title = "funder_unknown", "The funder is neither the city, a district or zone, nor a registered bank"


class ProductTypeUnknown(Unprocessable):
    code, title = "loan_product_type_unknown", "Unknown loan product type"


class ProductExists(Conflict):
    code, title = "loan_product_exists", "The bank has a product with this code"


class NotZhubaodaiPartner(Unprocessable):
    code, title = "not_zhubaodai_partner", "Only a 助保贷 partner bank offers 助保贷 products"


class BeforePolicy(Unprocessable):
    code, title = "before_policy", "The policy applies from 2022-01-01"


class ConditionsInvalid(Unprocessable):
    code, title = "conditions_invalid", "The product's conditions name unknown codes"


class SimulationInvalid(Unprocessable):
    code, title = "simulation_invalid", "The simulation's loans are not valid"
