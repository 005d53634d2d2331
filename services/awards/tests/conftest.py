"""Awards test fixtures: the kit's (zjtx.common.testing.plugin) for the awards service and its clients,
a reviewer, an approver and the finance bureau that records payments among them."""

from __future__ import annotations

import pytest

from zjtx.awards.definition import AWARDS
from zjtx.common.testing.clients import TestKeys
from zjtx.common.web.auth import SCOPES


@pytest.fixture(scope="session")
def service_definition():
    return AWARDS


@pytest.fixture(scope="session")
def keys() -> TestKeys:
    return TestKeys(
        {
            "admin": SCOPES,
            "platform": ("awards:read", "awards:write"),
            "reader": ("awards:read",),
            "reviewer": ("awards:read", "awards:review"),
            "approver": ("awards:read", "awards:approve"),
            # holds both: may review or approve, but never approve what it reviewed itself
            "officer": ("awards:read", "awards:review", "awards:approve"),
            # the finance bureau (its dev key: finance-bureau) records payments and money coming back; reviewers
            # and approvers cannot
            "treasury": ("awards:read", "awards:disburse"),
            "auditor": ("audit:read",),
            "outsider": (),
        }
    )
