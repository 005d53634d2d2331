"""Every service fuzzed from its own OpenAPI document with schemathesis: each installed service runs as
a real process on a fresh database of its own (no data of other tests), and generated requests — valid
and invalid, with an admin's key — must get no 5xx, only documented status codes and content types,
answers that fit their documented schemas, and refusals of what the schema says is invalid.

`make test` runs a few examples per operation (ZJTX_FUZZ_EXAMPLES, default 6); `make fuzz` runs many
(`python -m tests.fuzz`, the same runner)."""

from __future__ import annotations

import os

import pytest

from zjtx.common.kit import installed_services

from .fuzzing import fuzz_service

EXAMPLES = int(os.environ.get("ZJTX_FUZZ_EXAMPLES", "6"))

pytestmark = [pytest.mark.fuzz]


@pytest.mark.parametrize("definition", installed_services(), ids=lambda d: d.name)
def test_a_service_answers_what_its_openapi_document_says(definition, pg_server_url, tmp_path):
    outcome = fuzz_service(definition, server_url=pg_server_url, workdir=tmp_path, examples=EXAMPLES)
    assert outcome.passed, outcome.report
    assert outcome.cases > 0
