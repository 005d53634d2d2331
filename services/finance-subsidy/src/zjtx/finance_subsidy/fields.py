"""Field types of the service's requests, shared by its features: codes and identifiers by their
patterns, free text without control characters (PostgreSQL refuses a NUL in text: refused here, 422,
rather than failing there)."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

IDENTIFIER = r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$"
BANK_CODE = r"^[A-Z0-9]{2,20}$"
_NO_CONTROL = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"

BankCode = Annotated[str, StringConstraints(pattern=BANK_CODE)]
Identifier = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=IDENTIFIER)]
EventId = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=IDENTIFIER)]
ProductCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
TypeCode = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$")]
AreaCode = Annotated[str, StringConstraints(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9_-]+$")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=_NO_CONTROL)]
Note = Annotated[str, StringConstraints(max_length=200, pattern=_NO_CONTROL)]
LongText = Annotated[str, StringConstraints(max_length=2000, pattern=_NO_CONTROL)]
Funder = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=_NO_CONTROL)]
