"""The operations the officers' day added to the registry and the awards service (issue 12) say what they do,
as the hardened services' do (test_openapi_descriptions, test_openapi_problem_codes, which do not cover these
two services yet): a summary and a description, every parameter described, lists paged with limit and
cursor, and every problem code listed one the service or the kit defines."""

from __future__ import annotations

import pytest

from zjtx.common.kit import installed_services

from .documents import openapi_document, operations
from .test_openapi_descriptions import SCOPE_SENTENCE
from .test_openapi_problem_codes import defined_codes, documented_codes

NEW = {
    "registry": {
        ("GET", "/v1/parks"),
        ("GET", "/v1/parks/{park_id}"),
        ("GET", "/v1/enterprises/{uscc}/scale-reports"),
        ("POST", "/v1/enterprises/{uscc}/credit-lists"),
        ("GET", "/v1/enterprises/{uscc}/credit-lists"),
        ("POST", "/v1/enterprises/{uscc}/credit-lists/{entry_id}/removal"),
        ("POST", "/v1/enterprises/{uscc}/recognitions/{recognition_id}/withdraw"),
        ("POST", "/v1/enterprises/{uscc}/scale-reports/{year}/corrections"),
        ("POST", "/v1/enterprises/{uscc}/inspections/{inspection_id}/publication"),
        ("GET", "/v1/audit"),
    },
    "awards": {
        ("GET", "/v1/claims"),
        ("GET", "/v1/claims/{claim_id}"),
        ("GET", "/v1/awards"),
        ("GET", "/v1/awards/{award_id}"),
        ("POST", "/v1/awards/{award_id}/review"),
        ("POST", "/v1/awards/{award_id}/approve"),
        ("POST", "/v1/awards/{award_id}/reject"),
        ("POST", "/v1/awards/{award_id}/disburse"),
        ("POST", "/v1/awards/{award_id}/recovery"),
        ("POST", "/v1/awards/{award_id}/recoveries"),
        ("GET", "/v1/audit"),
    },
}
DEFINITIONS = [d for d in installed_services() if d.name in NEW]


@pytest.fixture(scope="module", params=DEFINITIONS, ids=lambda d: d.name)
def service(request):
    return request.param, openapi_document(request.param)


def test_the_new_operations_exist_with_a_summary_a_description_and_described_parameters(service):
    definition, document = service
    found = {(method, path): operation for method, path, operation in operations(document)}
    assert NEW[definition.name] <= set(found)
    wrong = []
    for key in sorted(NEW[definition.name]):
        operation = found[key]
        if not operation.get("summary") or not SCOPE_SENTENCE.sub("", operation.get("description") or "").strip():
            wrong.append(f"{key}: summary or description")
        for parameter in operation.get("parameters", []):
            if not (parameter.get("description") or "").strip():
                wrong.append(f"{key}: parameter {parameter['name']}")
        page = operation["responses"].get("200", {}).get("content", {}).get("application/json", {}).get("schema", {})
        names = {parameter["name"] for parameter in operation.get("parameters", [])}
        if "Page_" in page.get("$ref", "") and not {"limit", "cursor"} <= names:
            wrong.append(f"{key}: a page without limit and cursor")
    assert wrong == []


def test_the_new_operations_list_only_codes_that_exist(service):
    definition, document = service
    defined = defined_codes(definition)
    codes = documented_codes(document)
    unknown = {
        f"{m} {p}": sorted(codes[f"{m} {p}"] - defined) for m, p in NEW[definition.name] if codes[f"{m} {p}"] - defined
    }
    assert unknown == {}
