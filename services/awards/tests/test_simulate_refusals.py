"""POST /v1/simulate refusing what it must: bad profiles, claims and parameter overrides as problem+json
with their codes, a key without awards:read; and the what-if overrides touching only the value in force."""

from __future__ import annotations

from datetime import date

import pytest

from zjtx.awards.simulate.overrides import InvalidOverride, Override, overridden
from zjtx.common.parameters import ParameterFile, ParameterValue

from .simulating import SIMULATE, USCC, profile, rent, upgrade


def test_overrides_touch_only_the_value_in_force():
    # Two periods of one parameter: overriding on 2025-09-01 changes the 2024 value, not the 2022 one.
    def value(valid_from: date, rate: str) -> ParameterValue:
        body = {"valid_from": valid_from, "rule": "A2.2", "article": "二", "rate": rate}
        return ParameterValue("upgrade_award", valid_from, None, body)

    parameters = ParameterFile(
        "v1", {"upgrade_award": [value(date(2022, 1, 1), "0.20"), value(date(2024, 1, 1), "0.25")]}
    )
    what_if, applied = overridden(parameters, [Override("upgrade_award", "rate", "0.30")], on=date(2025, 9, 1))
    assert what_if.version == "v1+what-if"
    assert what_if.in_force("upgrade_award", date(2023, 6, 1)).body["rate"] == "0.20"
    assert what_if.in_force("upgrade_award", date(2025, 6, 1)).body["rate"] == "0.30"
    assert parameters.in_force("upgrade_award", date(2025, 6, 1)).body["rate"] == "0.25"
    assert [(a.reference, a.original_value, a.valid_from) for a in applied] == [
        ("upgrade_award.rate", "0.25", date(2024, 1, 1))
    ]
    assert overridden(parameters, [], on=date(2025, 9, 1)) == (parameters, [])
    with pytest.raises(InvalidOverride):
        overridden(parameters, [Override("upgrade_award", "rate", "1.5")], on=date(2025, 9, 1))


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"district_code": "150100"}, "district_unknown"),
        ({"cluster": "steel"}, "cluster_unknown"),
        ({"uscc": "914403001922038217"}, "uscc_invalid"),
        ({"parameter_overrides": [{"name": "upgrade_bonus", "key": "rate", "value": "0.1"}]}, "parameter_unknown"),
        ({"parameter_overrides": [{"name": "upgrade_award", "key": "ratio", "value": "0.1"}]}, "parameter_unknown"),
        (
            {"parameter_overrides": [{"name": "upgrade_award", "key": "valid_from", "value": "2023-01-01"}]},
            "parameter_unknown",
        ),
        (
            {"parameter_overrides": [{"name": "upgrade_award", "key": "rate", "value": "abc"}]},
            "parameter_override_invalid",
        ),
        (
            {"parameter_overrides": [{"name": "upgrade_award", "key": "rate", "value": "1.5"}]},
            "parameter_override_invalid",
        ),
        (
            {"parameter_overrides": [{"name": "upgrade_award", "key": "cap", "value": "500000.001"}]},
            "parameter_override_invalid",
        ),
        (
            {"parameter_overrides": [{"name": "upgrade_award", "key": "cap", "value": "-1"}]},
            "parameter_override_invalid",
        ),
        ({"parameter_overrides": [{"name": "rent_subsidy", "key": "years", "value": 0}]}, "parameter_override_invalid"),
        (
            {"parameter_overrides": [{"name": "policy_in_force_from", "key": "value", "value": "soon"}]},
            "parameter_override_invalid",
        ),
        (
            {
                "parameter_overrides": [
                    {"name": "upgrade_award", "key": "rate", "value": "0.1"},
                    {"name": "upgrade_award", "key": "rate", "value": "0.2"},
                ]
            },
            "parameter_override_invalid",
        ),
        (
            {"as_of": "2021-06-01", "parameter_overrides": [{"name": "upgrade_award", "key": "rate", "value": "0.1"}]},
            "parameter_not_in_force",
        ),
        ({"parameter_overrides": [{"name": "upgrade_award", "key": "rate", "value": True}]}, "validation_failed"),
        ({"as_of": "2025-02-30"}, "validation_failed"),
        (
            {"as_of": "9999-12-31", "recognitions": [{"tier": "municipal_zjtx", "recognized_on": "9999-06-01"}]},
            "validation_failed",
        ),
        ({"claims": [upgrade(on="2025-09-02")]}, "date_after_as_of"),
        (
            {"as_of": "2024-12-31", "recognitions": [{"tier": "municipal_zjtx", "recognized_on": "2025-01-02"}]},
            "date_after_as_of",
        ),
        ({"scale_reports": [{"year": 2026, "above_scale": True}]}, "date_after_as_of"),
        (
            {"recognitions": [{"tier": "municipal_zjtx", "recognized_on": "2024-06-18", "expires_on": "2024-06-18"}]},
            "expiry_before_recognition",
        ),
        ({"recognitions": [{"tier": "municipal_zjtx", "recognized_on": "2021-06-18"}]}, "expiry_required"),
        ({"recognitions": [{"tier": "city_star", "recognized_on": "2024-06-18"}]}, "validation_failed"),
        (
            {"scale_reports": [{"year": 2023, "above_scale": True}, {"year": 2023, "above_scale": False}]},
            "scale_year_repeated",
        ),
        ({"claims": [upgrade("-1.00")]}, "validation_failed"),
        ({"claims": [upgrade("1000000.001")]}, "validation_failed"),
        ({"claims": [upgrade("lots")]}, "validation_failed"),
        ({"claims": [upgrade("1e30")]}, "validation_failed"),  # beyond any real amount
        (
            {"parameter_overrides": [{"name": "upgrade_award", "key": "cap", "value": "1e30"}]},
            "parameter_override_invalid",
        ),
        (
            {"parameter_overrides": [{"name": "upgrade_award", "key": "rate", "value": "NaN"}]},
            "parameter_override_invalid",
        ),
        (
            {"parameter_overrides": [{"name": "upgrade_award", "key": "cap", "value": 0.123}]},
            "parameter_override_invalid",
        ),
        ({"claims": [{"rule": "A9.1"}]}, "validation_failed"),
        ({"claims": [upgrade() | {"uscc": USCC}]}, "validation_failed"),
        ({"district_code": ""}, "validation_failed"),  # none at all: test_simulate_known
        # What the schema refuses, the service refuses (the fuzzer's ST201: a schema-violating body accepted).
        ({"as_of": 0}, "validation_failed"),  # a number is no date (pydantic would read seconds since 1970)
        ({"as_of": "2025-09-01T00:00:00"}, "validation_failed"),
        ({"recognitions": [{"tier": "municipal_zjtx", "recognized_on": 1718668800}]}, "validation_failed"),
        ({"recognitions": [{"tier": "municipal_zjtx", "recognized_on": "1900-01-01"}]}, "validation_failed"),
        ({"scale_reports": [{"year": 1900, "above_scale": True}]}, "validation_failed"),
        ({"claims": [upgrade(on="0")]}, "validation_failed"),
        ({"claims": [rent(10000)]}, "validation_failed"),
        ({"uscc": "91150105ma0q4ljx27"}, "validation_failed"),
        ({"uscc": "x"}, "validation_failed"),
        ({"district_code": "15 01 05"}, "validation_failed"),
        ({"district_code": "150100"}, "district_unknown"),
    ],
)
async def test_bad_input_is_a_problem(client, keys, changes, code):
    response = await client.post(SIMULATE, headers=keys.headers("reader"), json=profile() | changes)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code


async def test_needs_a_key_with_awards_read(client, keys):
    anonymous = await client.post(SIMULATE, json=profile())
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "unauthenticated")
    outsider = await client.post(SIMULATE, headers=keys.headers("outsider"), json=profile())
    assert (outsider.status_code, outsider.json()["code"]) == (403, "forbidden")
