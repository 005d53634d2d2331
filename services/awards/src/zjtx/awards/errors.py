"""The awards service's expected errors, each with its stable code."""

from zjtx.common.errors import AppError, Conflict, Forbidden, NotFound, Unprocessable


class EnterpriseNotFound(NotFound):
    code, title = "enterprise_not_found", "The awards service knows no enterprise with this credit code"


class AwardNotFound(NotFound):
    code, title = "award_not_found", "No such award"


class ClaimNotFound(NotFound):
    code, title = "claim_not_found", "No such claim"


class InvalidTransition(Conflict):
    code, title = "invalid_transition", "The award is not in a state that allows this"


class SameClientApproval(Forbidden):
    code, title = "approver_is_reviewer", "An award is approved by a different client from the one that reviewed it"


class InvalidClaim(Unprocessable):
    code, title = "claim_invalid", "The claim is not valid"


class InvalidPayment(Unprocessable):
    code, title = "payment_invalid", "The payment is not valid"


class ParameterMissing(AppError):
    status, code, title = 422, "parameter_not_in_force", "No parameter value is in force on the reference date"
