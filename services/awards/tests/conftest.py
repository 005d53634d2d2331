"""Awards test fixtures: the kit's (zjtx.common.testing.plugin) for the awards service and its clients,
a reviewer, an approver and the finance bureau that records payments among them."""

from __future__ import annotations

import uuid

import pytest

from zjtx.awards.appropriation.models import Appropriation
from zjtx.awards.definition import AWARDS
from zjtx.common.parameters import ParameterFile
from zjtx.common.reference import load_reference
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


# Enough for any test's payments: 100,000,000.00 a funder and year.
AMPLE_FEN = 10_000_000_000


@pytest.fixture
async def appropriated(sessions) -> None:
    """Every funder (the city and each district or zone) has an ample appropriation for 2022-2027, for the
    tests whose subject is not the appropriations but that pay awards (a payment needs both halves within
    their funders' appropriations: issue 12, item 6)."""
    funders = ["city", *load_reference().divisions]
    async with sessions() as session:
        session.add_all(
            Appropriation(
                id=uuid.uuid4(),
                funder=funder,
                fiscal_year=year,
                amount_fen=AMPLE_FEN,
                reference="TEST-AMPLE",
                recorded_by="test",
            )
            for funder in funders
            for year in range(2022, 2028)
        )
        await session.commit()


@pytest.fixture
def parameters(service_resources, service_definition) -> ParameterFile:
    """The awards parameters with no public notice (P.notice, `public_notice.working_days` 0): the tests
    whose subject is not the notice approve right after review. test_public_notice_api.py uses the file as
    it is (5 working days)."""
    return service_resources.parameters(service_definition).with_body("public_notice", working_days=0)
