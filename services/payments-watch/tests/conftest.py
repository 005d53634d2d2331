"""Payments-watch test fixtures: the kit's (zjtx.common.testing.plugin) for this service and its
clients. The clock is fixed at 2025-09-01 10:00 Asia/Shanghai (the plugin's `now`)."""

from __future__ import annotations

import pytest

from zjtx.common.testing.clients import TestKeys
from zjtx.common.web.auth import SCOPES
from zjtx.payments_watch.definition import PAYMENTS_WATCH


@pytest.fixture(scope="session")
def service_definition():
    return PAYMENTS_WATCH


@pytest.fixture(scope="session")
def keys() -> TestKeys:
    return TestKeys(
        {
            "admin": SCOPES,
            "platform": ("payments:read", "payments:write"),
            "reader": ("payments:read",),
            "outsider": (),
        }
    )
