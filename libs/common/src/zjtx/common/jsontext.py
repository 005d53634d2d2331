"""JSON text for what the platform writes many times a request: jsonb values (explanations, audit
snapshots, history details: the engine's serializer, zjtx.common.db.create_engine) and log lines.

orjson makes the text several times faster than the standard library. What orjson will not take as
the standard library would (an integer beyond 64 bits, a key that is not a string), or takes where the
standard library refuses (a datetime, a dataclass: passed through here, so still refused unless the
caller's `default` says how), goes to `json` instead: the same values give the same JSON values as
before, and the same errors. Text is UTF-8 as it is (no `\\uXXXX` escapes); jsonb keeps values, not
text, so nothing stored reads differently."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import orjson

# A run of 19 ASCII digits, in bytes or in text (searched as given: no copy of a jsonb value to encode it).
_LONG_BYTES, _LONG_TEXT = re.compile(rb"[0-9]{19}"), re.compile("[0-9]{19}")
# Datetimes and dataclasses go to `default` (or are refused), as `json` treats them.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def dumps(value: Any, *, default: Callable[[Any], Any] | None = None) -> str:
    try:
        return orjson.dumps(value, default=default, option=_OPTIONS).decode()
    except TypeError:  # orjson.JSONEncodeError is one
        return json.dumps(value, ensure_ascii=False, default=default)


def loads(text: str | bytes) -> Any:
    # orjson reads an integer beyond 64 bits as a float (2**70 + 1 would come back 2**70), where json
    # keeps it exact: a run of 19 digits or more (one past -2**63 has 19) is json's to read.
    if (_LONG_BYTES if isinstance(text, bytes | bytearray) else _LONG_TEXT).search(text):
        return json.loads(text)
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # `json` says what is wrong, as it always has
        return json.loads(text)
