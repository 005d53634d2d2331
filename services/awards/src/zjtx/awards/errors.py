"""The awards service's expected errors, each with its stable code."""

from zjtx.common.errors import AppError, NotFound, Unprocessable


class EnterpriseNotFound(NotFound):
    code, title = "enterprise_not_found", "The awards service knows no enterprise with this credit code"


class AwardNotFound(NotFound):
    code, title = "award_not_found", "No such award"


class ClaimNotFound(NotFound):
    code, title = "claim_not_found", "No such claim"


class InvalidClaim(Unprocessable):
    code, title = "claim_invalid", "The claim is not valid"


class ParameterMissing(AppError):
    status, code, title = 422, "parameter_not_in_force", "No parameter value is in force on the reference date"
