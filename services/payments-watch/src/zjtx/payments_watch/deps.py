"""Router dependencies of the payments-watch service: the use-case context, per scope."""

from zjtx.common.kit import scoped_context

ReadContext = scoped_context("payments:read")
WriteContext = scoped_context("payments:write")
