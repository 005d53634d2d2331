"""Hotline test fixtures: the kit's (zjtx.common.testing.plugin) for the hotline and its clients — the
12345 system (its webhook secret), two departments' handlers, a handler bound to none, a reader."""

from __future__ import annotations

import pytest

from zjtx.common.db import create_sessionmaker
from zjtx.common.testing.clients import TestKeys
from zjtx.common.testing.databases import truncate_all
from zjtx.common.web.auth import SCOPES
from zjtx.hotline.definition import HOTLINE

from .flows import SECRET, seed_city


@pytest.fixture(scope="session")
def service_definition():
    return HOTLINE


@pytest.fixture(scope="session")
def keys() -> TestKeys:
    return TestKeys(
        {
            "admin": SCOPES,
            "intake": (("hotline:intake", "hotline:read"), {"webhook_secret": SECRET}),
            "gxj": (("hotline:handle", "hotline:read"), {"department": "GXJ"}),
            "czj": (("hotline:handle", "hotline:read"), {"department": "CZJ"}),
            "scjgj": (("hotline:handle", "hotline:read"), {"department": "SCJGJ"}),
            "unbound": (("hotline:handle", "hotline:read"), {}),
            "reader": ("hotline:read",),
            "outsider": (),
        }
    )


@pytest.fixture
async def committed(engine):
    """The kit's `committed` (sessions that really commit, tables emptied around the test), with the city's
    departments and routes seeded again each time, as the migration left them."""
    await truncate_all(engine)
    await seed_city(engine)
    yield create_sessionmaker(engine)
    await truncate_all(engine)
    await seed_city(engine)
