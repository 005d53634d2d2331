"""A3.land through the ASGI app, today = 2025-09-01 by the test clock: national/regional little giants and
single champions investing in six-cluster projects get priority in the land-supply plan. RULES decision:
the cluster that counts is the project's, so the priority is decided per project (…/land-projects, on its
cluster and date); GET …/land-priority says whether the enterprise holds one of the tiers today. Flags
with their reasons, from the recognitions the registry's events brought."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from zjtx.common.testing.registry_events import apply, make_uscc, recognition, registered
from zjtx.common.web.paging import encode_cursor


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
        "reasons": ["holds national_little_giant on 2025-09-01: each six-cluster project has priority"],
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
        # Nothing at all.
        (None, [], ["no valid national/regional little-giant or single-champion recognition on 2025-09-01"]),
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


# --- per project (RULES A3.land decision: the project's cluster, on the project's date) -------------------


def projects(uscc: str) -> str:
    return f"/v1/enterprises/{uscc}/land-projects"


async def test_the_priority_is_decided_per_project_on_its_cluster_and_date(client, keys, sessions, handlers):
    uscc = make_uscc(78)
    # The enterprise itself is in no cluster; a regional little giant from 2024-05-01.
    await apply(
        sessions,
        handlers,
        registered(uscc, cluster=None),
        recognition(uscc, "region_little_giant", date(2024, 5, 1)),
    )
    body = {"project_name": "新材料产业园二期", "cluster": "new_materials_equipment", "dated_on": "2025-06-30"}
    response = await client.post(projects(uscc), headers=keys.headers("platform"), json=body)
    assert response.status_code == 201, response.text
    assert response.json()["priority"] == {
        "rule": "A3.land",
        "on": "2025-06-30",
        "eligible": True,
        "tiers": ["region_little_giant"],
        "reasons": [
            "holds region_little_giant on 2025-06-30 and the project is in the cluster new_materials_equipment"
        ],
    }
    # A project dated before the recognition: no priority, though the enterprise holds it today.
    early = {"project_name": "一期", "cluster": "new_materials_equipment", "dated_on": "2024-04-30"}
    response = await client.post(projects(uscc), headers=keys.headers("platform"), json=early)
    assert response.json()["priority"]["eligible"] is False
    listed = (await client.get(projects(uscc), headers=keys.headers("reader"))).json()
    assert listed["next_cursor"] is None
    assert [(p["dated_on"], p["priority"]["eligible"]) for p in listed["items"]] == [
        ("2024-04-30", False),
        ("2025-06-30", True),
    ]


async def test_the_projects_are_listed_by_page_in_the_order_of_their_dates(client, keys, sessions, handlers):
    uscc = make_uscc(81)
    await apply(sessions, handlers, registered(uscc))
    for day in ("2025-03-01", "2024-01-15", "2025-01-01"):
        body = {"project_name": f"项目{day}", "cluster": "agri_food", "dated_on": day}
        assert (await client.post(projects(uscc), headers=keys.headers("platform"), json=body)).status_code == 201
    first = (await client.get(projects(uscc), params={"limit": 2}, headers=keys.headers("reader"))).json()
    assert [p["dated_on"] for p in first["items"]] == ["2024-01-15", "2025-01-01"]
    params = {"limit": 2, "cursor": first["next_cursor"]}
    second = (await client.get(projects(uscc), params=params, headers=keys.headers("reader"))).json()
    assert ([p["dated_on"] for p in second["items"]], second["next_cursor"]) == (["2025-03-01"], None)
    forged = [
        ["9999-12-31", "9999-12-31T23:59:59-12:00", str(uuid.uuid4())],  # leaves the calendar in UTC: was a 500
        ["0001-01-01", "2025-01-01T00:00:00+08:00", str(uuid.uuid4())],
        ["2025-01-01", "2025-01-01T00:00:00+08:00"],
    ]
    bad_pages = [({"limit": 0}, 422), ({"limit": 201}, 422), ({"cursor": "not-a-cursor"}, 400)]
    bad_pages += [({"cursor": encode_cursor(values)}, 400) for values in forged]
    for bad, status in bad_pages:
        response = await client.get(projects(uscc), params=bad, headers=keys.headers("reader"))
        assert response.status_code == status, (bad, response.text)


async def test_a_late_recognition_gives_a_recorded_project_its_priority(client, keys, sessions, handlers):
    uscc = make_uscc(79)
    await apply(sessions, handlers, registered(uscc))
    body = {"project_name": "乳业园", "cluster": "agri_food", "dated_on": "2025-06-30"}
    recorded = (await client.post(projects(uscc), headers=keys.headers("platform"), json=body)).json()
    assert recorded["priority"]["eligible"] is False
    await apply(sessions, handlers, recognition(uscc, "single_champion", date(2024, 1, 10)))
    again = await client.get(f"{projects(uscc)}/{recorded['id']}", headers=keys.headers("reader"))
    assert (again.status_code, again.json()["priority"]["eligible"]) == (200, True)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"project_name": "x", "cluster": "tourism", "dated_on": "2025-06-30"}, 422, "cluster_unknown"),
        ({"project_name": "x", "cluster": "agri_food", "dated_on": "2025-09-02"}, 422, "date_in_future"),
        ({"project_name": "x", "dated_on": "2025-06-30"}, 422, "validation_failed"),
    ],
)
async def test_bad_projects_are_refused(client, keys, sessions, handlers, body, status, code):
    uscc = make_uscc(80)
    await apply(sessions, handlers, registered(uscc))
    response = await client.post(projects(uscc), headers=keys.headers("platform"), json=body)
    assert (response.status_code, response.json()["code"]) == (status, code)
