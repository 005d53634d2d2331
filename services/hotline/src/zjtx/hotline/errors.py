"""The hotline's expected errors, each with its stable code (rendered as problem+json by the kit)."""

from zjtx.common.errors import Conflict, Forbidden, NotFound, Unprocessable


class CategoryUnknown(Unprocessable):
    code, title = "category_unknown", "Unknown ticket category"


class DepartmentUnknown(Unprocessable):
    code, title = "department_unknown", "Unknown department"


class DepartmentExists(Conflict):
    code, title = "department_exists", "A department with this code exists already"


class RoutingIncomplete(Unprocessable):
    code, title = "routing_incomplete", "The routing must send every category to a department"


class TicketNotFound(NotFound):
    code, title = "ticket_not_found", "No such ticket"


class InvalidTransition(Conflict):
    code, title = "invalid_transition", "The ticket is not in a state that allows this"


class RatingBeforeReply(InvalidTransition):
    code, title = "rating_before_reply", "A ticket is rated after its reply, not before"


class SameDepartment(Unprocessable):
    code, title = "same_department", "The ticket is with this department already"


class MergeInvalid(Unprocessable):
    code, title = "merge_invalid", "The ticket cannot be merged into that one"


class ExtensionNotAllowed(Unprocessable):
    code, title = "extension_not_allowed", "Only the answer deadline of an arrears complaint can be extended"


class ExtensionTooLong(Unprocessable):
    code, title = "extension_too_long", "The extension goes past the longest term allowed"


class DeadlinePassed(Conflict):
    code, title = "deadline_passed", "The deadline has passed; it can no longer be extended"


class ReceivedInFuture(Unprocessable):
    code, title = "received_at_in_future", "received_at is in the future"


class VisitedAtInvalid(Unprocessable):
    code, title = "visited_at_invalid", "The return visit must be after the reply and not in the future"


class ReasonRequired(Unprocessable):
    code, title = "reason_required", "A reason is required for this"


class NotAllowedForDepartment(Forbidden):
    code, title = "not_allowed_for_department", "A department's client cannot do this"


class HandlerWithoutDepartment(Forbidden):
    code, title = "handler_without_department", "This handler client is bound to no department"


class CallbackNotFound(NotFound):
    code, title = "callback_not_found", "No such callback"


class CallbackNotFailed(Conflict):
    code, title = "callback_not_failed", "Only a failed (dead-lettered) callback can be re-driven"


class WindowInvalid(Unprocessable):
    code, title = "window_invalid", "The date window is not valid"


class DepartmentNotFound(NotFound):
    code, title = "department_not_found", "No such department for this client"
