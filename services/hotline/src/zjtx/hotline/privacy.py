"""Personal data of a ticket's caller, shown only to those who need it (DESIGN: "Security"): the phone
number and the name are masked on every read except for the department handling the ticket, in audit
records, and never travel in events; public text has long digit runs (phone and ID numbers) masked."""

from __future__ import annotations

import re

_DIGIT_RUN = re.compile(r"\d{7,}")


def mask_phone(phone: str) -> str:
    """`13812341234` → `138****1234`: the first three and the last four characters kept."""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_name(name: str) -> str:
    """`王小明` → `王**`: the first character kept."""
    return name[:1] + "*" * (len(name) - 1)


def scrub_numbers(text: str) -> str:
    """Public text: a run of seven or more digits (a phone, an ID number) becomes stars."""
    return _DIGIT_RUN.sub(lambda match: "*" * len(match.group()), text)
