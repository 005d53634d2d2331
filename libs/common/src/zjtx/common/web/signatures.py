"""Signed webhooks (DESIGN: "Security"): banks and the 12345 hotline sign what they send, and we sign
what we call back, with HMAC-SHA256 over `timestamp + "." + raw body` and a 5-minute window:

    X-Zjtx-Timestamp: 1767225600
    X-Zjtx-Signature: sha256=<hex>

A wrong or missing signature, or a timestamp outside the window, is refused before anything is read."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from zjtx.common.errors import Unauthenticated

TIMESTAMP_HEADER = "X-Zjtx-Timestamp"
SIGNATURE_HEADER = "X-Zjtx-Signature"
WINDOW_SECONDS = 300

# The two headers of a signed request, as the OpenAPI parameters of an operation that takes one.
SIGNATURE_PARAMETERS = [
    {
        "name": TIMESTAMP_HEADER,
        "in": "header",
        "required": True,
        "description": f"when the sender signed the body: unix seconds, within {WINDOW_SECONDS // 60} minutes of the "
        "service's clock (`signature_expired` otherwise)",
        "schema": {"type": "string", "pattern": "^[0-9]{1,12}$", "examples": ["1767225600"]},
    },
    {
        "name": SIGNATURE_HEADER,
        "in": "header",
        "required": True,
        "description": 'sha256=<hex HMAC-SHA256(the client\'s webhook secret, timestamp + "." + raw body)> '
        "(`signature_invalid` otherwise)",
        "schema": {"type": "string", "pattern": "^sha256=[0-9a-f]{64}$"},
    },
]


class InvalidSignature(Unauthenticated):
    code, title = "signature_invalid", "The request's signature is missing or wrong"


class StaleSignature(Unauthenticated):
    code, title = "signature_expired", "The request's timestamp is outside the accepted window"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The header value for a body sent at `timestamp` (unix seconds)."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signed_headers(secret: str, body: bytes, *, now: datetime) -> dict[str, str]:
    """The headers of a request we send (a callback)."""
    timestamp = int(now.timestamp())
    return {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: signature(secret, timestamp, body)}


def verify(
    secret: str | None,
    *,
    timestamp: str | None,
    signature_header: str | None,
    body: bytes,
    now: datetime,
    window_seconds: int = WINDOW_SECONDS,
) -> None:
    """Raise unless `signature_header` signs `body` at `timestamp` with `secret`, within the window."""
    if not secret:
        raise InvalidSignature("this client has no webhook secret on record")
    if not timestamp or not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        raise InvalidSignature(f"send {TIMESTAMP_HEADER} as unix seconds")
    if abs(now.timestamp() - int(timestamp)) > window_seconds:
        raise StaleSignature(f"the timestamp is more than {window_seconds} seconds away from now")
    expected = signature(secret, int(timestamp), body)
    if not signature_header or not hmac.compare_digest(expected.encode(), signature_header.strip().encode()):
        raise InvalidSignature(f'send {SIGNATURE_HEADER}: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>')
