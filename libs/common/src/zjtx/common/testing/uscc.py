"""Credit codes for tests: valid, with their check characters, made from a serial number."""

from __future__ import annotations

from zjtx.common.uscc import check_character


def make_uscc(serial: int, *, division: str = "150105") -> str:
    """A valid code for a Hohhot enterprise: 91 + division + 9-digit organisation code + check."""
    body = f"91{division}{serial:09d}"
    return body + check_character(body)
