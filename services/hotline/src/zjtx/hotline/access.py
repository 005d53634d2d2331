"""Who acts on tickets, and which tickets they see: a handler client is bound to one department (its
`department` attribute) and sees and changes only the tickets that department holds; the 12345 centre
(admin) and the 12345 system's reading key see them all, with the caller's contact details masked."""

from __future__ import annotations

from dataclasses import dataclass

from zjtx.common.kit.context import Context


@dataclass(frozen=True)
class Caller:
    ctx: Context
    department: str | None  # the department a handler client is bound to; None: not bound to one
    admin: bool = False
    # The language the caller reads (deps: its Accept-Language), `zh-CN` or `en`; said here as text because
    # use cases import this module and must not import the web framework.
    language: str = "zh-CN"

    def sees(self, ticket_department: str | None) -> bool:
        return self.department is None or self.department == ticket_department

    def handles(self, ticket_department: str | None) -> bool:
        """Whether the caller is the department holding the ticket (it sees the caller's contact details)."""
        return self.department is not None and self.department == ticket_department
