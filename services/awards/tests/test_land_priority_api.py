"""GET /v1/enterprises/{uscc}/land-priority (A3.land) through the ASGI app, today = 2025-09-01 by the
test clock: national/regional little giants and single champions of the six clusters get priority in the
land-supply plan — a flag with its reasons, from the recognitions the registry's events brought."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from zjtx.common.testing.registry_events import apply, make_uscc, recognition, registered


def path(uscc: str) -> str:
    return f"/v1/enterprises/{uscc}/land-priority"


async def flag(client, keys, uscc: str) -> dict:
    response = await client.get(path(uscc), headers=keys.headers("reader"))
    assert response.status_code == 200, response.text
    return response.json()


async def test_little_giant_of_a_cluster_has_priority(client, keys, sessions, handlers):
    uscc = make_uscc(71)
    await apply(
        sessions,
        handlers,
        registered(uscc, name="内蒙古示例乳业科技有限公司", cluster="agri_food"),
        recognition(uscc, "national_little_giant", date(2024, 3, 1)),  # valid to 2027-03-01
    )
    assert await flag(client, keys, uscc) == {
        "uscc": uscc,
        "name": "内蒙古示例乳业科技有限公司",
        "cluster": "agri_food",
        "rule": "A3.land",
        "on": "2025-09-01",
        "eligible": True,
        "tiers": ["national_little_giant"],
        "reasons": ["holds national_little_giant and works in the cluster agri_food"],
    }


async def test_single_champion_and_regional_giant_both_listed(client, keys, sessions, handlers):
    uscc = make_uscc(72)
    await apply(
        sessions,
        handlers,
        registered(uscc, cluster="new_materials_equipment"),
        recognition(uscc, "single_champion", date(2023, 11, 1)),
        recognition(uscc, "region_little_giant", date(2025, 1, 20)),
    )
    body = await flag(client, keys, uscc)
    assert (body["eligible"], body["tiers"]) == (True, ["region_little_giant", "single_champion"])


@pytest.mark.parametrize(
    ("cluster", "recognitions", "reasons"),
    [
        # A little giant outside the six clusters: no priority.
        (None, [("region_little_giant", date(2024, 5, 1), {})], ["not in one of the six clusters"]),
        # A municipal 专精特新 recognition is not one of A3's tiers.
        (
            "agri_food",
            [("municipal_zjtx", date(2024, 6, 18), {})],
            ["no valid national/regional little-giant or single-champion recognition on 2025-09-01"],
        ),
        # Expired on 2024-06-01, before today.
        (
            "agri_food",
            [("national_little_giant", date(2021, 6, 1), {"expires_on": date(2024, 6, 1)})],
            ["no valid national/regional little-giant or single-champion recognition on 2025-09-01"],
        ),
        # Neither condition: both reasons.
        (
            None,
            [],
            [
                "no valid national/regional little-giant or single-champion recognition on 2025-09-01",
                "not in one of the six clusters",
            ],
        ),
    ],
)
async def test_no_priority_with_the_reason(client, keys, sessions, handlers, cluster, recognitions, reasons):
    uscc = make_uscc(73)
    await apply(
        sessions,
        handlers,
        registered(uscc, cluster=cluster),
        *(recognition(uscc, tier, on, **extra) for tier, on, extra in recognitions),
    )
    body = await flag(client, keys, uscc)
    assert (body["eligible"], body["reasons"]) == (False, reasons)


async def test_a_revoked_recognition_ends_the_priority(client, keys, sessions, handlers):
    uscc, recognition_id = make_uscc(74), uuid.uuid4()
    granted = recognition(uscc, "national_little_giant", date(2024, 3, 1), recognition_id=recognition_id)
    await apply(sessions, handlers, registered(uscc), granted)
    assert (await flag(client, keys, uscc))["eligible"] is True
    revoked = recognition(
        uscc,
        "national_little_giant",
        date(2024, 3, 1),
        verb="revoked",
        status="revoked",
        recognition_id=recognition_id,
        revoked_on=date(2025, 8, 1),
    )
    await apply(sessions, handlers, revoked)
    assert (await flag(client, keys, uscc))["eligible"] is False


async def test_unknown_enterprise_is_404(client, keys, sessions, handlers):
    response = await client.get(path(make_uscc(75)), headers=keys.headers("reader"))
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "enterprise_not_found"
    # A recognition that arrived before the registration leaves a nameless placeholder: still unknown.
    early = make_uscc(76)
    await apply(sessions, handlers, recognition(early, "national_little_giant", date(2024, 3, 1)))
    response = await client.get(path(early), headers=keys.headers("reader"))
    assert (response.status_code, response.json()["code"]) == (404, "enterprise_not_found")


async def test_invalid_credit_code_is_422(client, keys):
    response = await client.get(path("914403001922038217"), headers=keys.headers("reader"))
    assert (response.status_code, response.json()["code"]) == (422, "uscc_invalid")
    assert response.json()["detail"] == "check character should be 6"


async def test_needs_awards_read(client, keys):
    uscc = make_uscc(77)
    assert (await client.get(path(uscc))).status_code == 401
    assert (await client.get(path(uscc), headers=keys.headers("outsider"))).status_code == 403
