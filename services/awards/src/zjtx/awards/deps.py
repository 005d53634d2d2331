"""Router dependencies of the awards service: the use-case context, per scope."""

from zjtx.common.kit import scoped_context

ReadContext = scoped_context("awards:read")
WriteContext = scoped_context("awards:write")
ReviewContext = scoped_context("awards:review")
ApproveContext = scoped_context("awards:approve")
# Recording a payment (and money coming back) is the finance bureau's: not the reviewers' or approvers'.
DisburseContext = scoped_context("awards:disburse")
