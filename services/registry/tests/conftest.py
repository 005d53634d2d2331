"""Registry test fixtures: the kit's (zjtx.common.testing.plugin) for the registry and its clients."""

from __future__ import annotations

import pytest

from zjtx.common.testing.clients import TestKeys, default_keys
from zjtx.registry.definition import REGISTRY


@pytest.fixture(scope="session")
def service_definition():
    return REGISTRY


@pytest.fixture(scope="session")
def keys() -> TestKeys:
    return default_keys("registry:read", "registry:write")
