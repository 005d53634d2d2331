"""Finance-subsidy test fixtures: the kit's (zjtx.common.testing.plugin) for this service and its
clients: staff who review and who approve (four eyes), the data platform, two banks, each bound to its
bank code with its webhook secret, and an admin."""

from __future__ import annotations

import pytest

from zjtx.common.testing.clients import TestKeys
from zjtx.common.web.auth import SCOPES
from zjtx.finance_subsidy.definition import FINANCE_SUBSIDY

DEMO_SECRET = "demo-webhook-secret"
OTHER_SECRET = "other-webhook-secret"


@pytest.fixture(scope="session")
def service_definition():
    return FINANCE_SUBSIDY


@pytest.fixture(scope="session")
def keys() -> TestKeys:
    return TestKeys(
        {
            "admin": SCOPES,
            "platform": ("finance:read",),
            "reviewer": ("finance:read", "finance:review"),
            "approver": ("finance:read", "finance:approve"),
            "finance-bureau": ("finance:read", "finance:disburse"),
            "bank-demo": (("finance:bank",), {"bank_code": "DEMO", "webhook_secret": DEMO_SECRET}),
            "bank-other": (("finance:bank",), {"bank_code": "OTHER", "webhook_secret": OTHER_SECRET}),
            "bank-new": (("finance:bank",), {"bank_code": "NEWBANK", "webhook_secret": "new-webhook-secret"}),
            "bank-unbound": (("finance:bank",), {}),
            "outsider": (),
        }
    )
