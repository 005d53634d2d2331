"""The payments-watch service's expected errors, each with its stable code."""

from zjtx.common.errors import Conflict, NotFound, Unprocessable


class BuyerNotFound(NotFound):
    code, title = "buyer_not_found", "No buyer with this code"


class BuyerExists(Conflict):
    code, title = "buyer_exists", "A buyer with this code is already registered"


class BuyerUnknown(Unprocessable):
    code, title = "buyer_unknown", "The buyer is not registered"


class SellerUnknown(Unprocessable):
    code, title = "seller_unknown", "The registry has not reported this seller"


class DistrictUnknown(Unprocessable):
    code, title = "district_unknown", "Not a district or zone of Hohhot"


class ContractNotFound(NotFound):
    code, title = "contract_not_found", "No contract with this number"


class ContractExists(Conflict):
    code, title = "contract_exists", "A contract with this number is already registered"


class DateInFuture(Unprocessable):
    code, title = "date_in_future", "The date has not come yet"


class DeliveryBeforeSigning(Unprocessable):
    code, title = "delivery_before_signing", "The delivery is dated before the contract was signed"


class DateBeforeSigning(Unprocessable):
    code, title = "date_before_signing", "The date is before the contract was signed"


class AcceptanceBeforeDelivery(Unprocessable):
    code, title = "acceptance_before_delivery", "Nothing was delivered on or before the acceptance date"


class AcceptanceNotRequired(Unprocessable):
    code, title = "acceptance_not_required", "The contract does not make acceptance a condition of payment"


class AlreadyAccepted(Conflict):
    code, title = "already_accepted", "Every delivery is already accepted"


class NotPeriodicSettlement(Unprocessable):
    code, title = "not_periodic_settlement", "The contract does not settle periodically"


class ExceedsContractAmount(Unprocessable):
    code, title = "exceeds_contract_amount", "More than the contract's amount"


class Overpayment(Unprocessable):
    code, title = "overpayment", "The payment is more than what is owed"


class PaymentReferenceExists(Conflict):
    code, title = "payment_reference_exists", "A payment with this reference is already recorded on the contract"


class PayableRequired(Unprocessable):
    code, title = "payable_required", "The contract has several payables: name the one disputed"


class PayableNotFound(NotFound):
    code, title = "payable_not_found", "No such payable on this contract"


class DeliveryNotFound(NotFound):
    code, title = "delivery_not_found", "No such delivery on this contract"


class DisputeExceedsPayable(Unprocessable):
    code, title = "dispute_exceeds_payable", "More is disputed than the payable comes to"


class DisputeBeforePayable(Unprocessable):
    code, title = "dispute_before_payable", "The dispute is dated before what it disputes arose"


class DisputeNotFound(NotFound):
    code, title = "dispute_not_found", "No such dispute on this contract"


class DisputeAlreadyResolved(Conflict):
    code, title = "dispute_resolved", "The dispute is already resolved"


class InconsistentTerms(Unprocessable):
    code, title = "terms_inconsistent", "The contract's terms contradict each other"


class BeforePolicy(Unprocessable):
    code, title = "before_policy", "The date is before the rule applies"


class YearNotEnded(Unprocessable):
    code, title = "year_not_ended", "The year has not ended"


class NotABudgetUnit(Unprocessable):
    code, title = "not_a_budget_unit", "Only 机关 and 事业单位 file procurement plans"


class PlanInconsistent(Unprocessable):
    code, title = "plan_inconsistent", "The plan's figures contradict each other"


class PlanNotFound(NotFound):
    code, title = "plan_not_found", "No such procurement plan"
