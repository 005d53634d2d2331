"""The registry's router dependencies: the use-case context, per scope."""

from zjtx.common.kit import scoped_context

ReadContext = scoped_context("registry:read")
WriteContext = scoped_context("registry:write")
