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


class YearNotEnded(Unprocessable):
    code, title = "year_not_ended", "A claim about a year is accepted once that year has ended"


class UnknownCluster(Unprocessable):
    code, title = "cluster_unknown", "Unknown industrial cluster"


class LandProjectNotFound(NotFound):
    code, title = "land_project_not_found", "No such land-use project of this enterprise"


class InvalidWindow(Unprocessable):
    code, title = "window_invalid", "The date window is not valid: `to` is before `from`"


class RecoveryExceedsDue(Unprocessable):
    code, title = "recovery_exceeds_due", "More than is due back of the award"


class AppropriationExceeded(AppError):
    status, code, title = 409, "appropriation_exceeded", "The payment exceeds what its funder has left to pay this year"


class AppropriationInvalid(Unprocessable):
    code, title = "appropriation_invalid", "The appropriation is not valid"


class NoticePeriodRunning(AppError):
    status, code, title = 409, "notice_period_running", "The award's public notice period has not ended yet"


class ObjectionOpen(AppError):
    status, code, title = 409, "objection_open", "An objection to the award is open"


class NotInNotice(AppError):
    status, code, title = 409, "not_in_notice", "The award is not on public notice"


class ObjectionNotFound(NotFound):
    code, title = "objection_not_found", "No such objection to this award"


class ObjectionResolved(AppError):
    status, code, title = 409, "objection_resolved", "The objection is resolved already"
