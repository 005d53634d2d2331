"""GET /v1/public/scale-up-list?year= (A4.list) through the ASGI app, with no API key: the enterprises
awarded A4.1 whose third consecutive above-scale year is `year`, once the award is approved, names and
credit codes only."""

from __future__ import annotations

from datetime import date

import pytest

from zjtx.common.events import registry as ev
from zjtx.common.testing.registry_events import apply, make_uscc, registered, scale_reported

# Payments need both halves within their funders' appropriations (issue 12, item 6).
pytestmark = pytest.mark.usefixtures("appropriated")

LIST = "/v1/public/scale-up-list"


async def moved_up(sessions, handlers, uscc: str, name: str, below: int, above: tuple[int, ...]) -> None:
    await apply(
        sessions,
        handlers,
        registered(uscc, name=name),
        scale_reported(uscc, below, False),
        *(scale_reported(uscc, year, True) for year in above),
    )


async def award_id(client, keys, uscc: str) -> str:
    page = (
        await client.get("/v1/awards", params={"uscc": uscc, "rule": "A4.1"}, headers=keys.headers("reader"))
    ).json()
    return page["items"][0]["id"]


async def approve(client, keys, uscc: str) -> str:
    """Review (one client) and approve (another) the enterprise's A4.1 award."""
    awarded = await award_id(client, keys, uscc)
    for step, who in (("review", "reviewer"), ("approve", "approver")):
        response = await client.post(f"/v1/awards/{awarded}/{step}", headers=keys.headers(who))
        assert response.status_code == 200, response.text
    return awarded


async def test_the_published_list_of_a_year(client, keys, sessions, handlers):
    # Below scale 2021, above 2022-2024: the third above-scale year is 2024 → A4.1, listed for 2024.
    first, second = make_uscc(61), make_uscc(62)
    await moved_up(sessions, handlers, second, "呼和浩特乙材料有限公司", 2021, (2022, 2023, 2024))
    await moved_up(sessions, handlers, first, "呼和浩特甲乳业有限公司", 2021, (2022, 2023, 2024))
    # Below 2022, above 2023-2025: third year 2025 → on the 2025 list, not 2024's.
    later = make_uscc(63)
    await moved_up(sessions, handlers, later, "呼和浩特丙科技有限公司", 2022, (2023, 2024, 2025))
    # Two above-scale years, then below again: no award, never listed.
    fell_back = make_uscc(64)
    await moved_up(sessions, handlers, fell_back, "呼和浩特丁机械有限公司", 2021, (2022, 2023))
    await apply(sessions, handlers, scale_reported(fell_back, 2024, False))
    for uscc in (first, second, later):
        await approve(client, keys, uscc)

    response = await client.get(LIST, params={"year": 2024})  # no API key: the list is public
    assert response.status_code == 200, response.text
    assert response.json() == {
        "rule": "A4.list",
        "year": 2024,
        "items": [
            {"uscc": first, "name": "呼和浩特甲乳业有限公司"},
            {"uscc": second, "name": "呼和浩特乙材料有限公司"},
        ],
    }
    next_year = (await client.get(LIST, params={"year": 2025})).json()
    assert next_year["items"] == [{"uscc": later, "name": "呼和浩特丙科技有限公司"}]


async def test_rejected_awards_are_not_listed_and_names_follow_the_registry(client, keys, sessions, handlers):
    kept, rejected = make_uscc(65), make_uscc(66)
    await moved_up(sessions, handlers, kept, "旧名称有限公司", 2021, (2022, 2023, 2024))
    await moved_up(sessions, handlers, rejected, "呼和浩特戊化工有限公司", 2021, (2022, 2023, 2024))
    response = await client.post(
        f"/v1/awards/{await award_id(client, keys, rejected)}/reject",
        headers=keys.headers("reviewer"),
        json={"reason": "统计数据核查不实"},
    )
    assert response.status_code == 200, response.text
    await approve(client, keys, kept)
    # The enterprise renamed itself: the list shows the name the registry now has.
    await apply(sessions, handlers, registered(kept, name="呼和浩特己新能源有限公司"))
    body = (await client.get(LIST, params={"year": 2024})).json()
    assert body["items"] == [{"uscc": kept, "name": "呼和浩特己新能源有限公司"}]


async def test_only_approved_awards_are_listed(client, keys, sessions, handlers):
    # Below 2021, above 2022-2024: A4.1 for 2024, computed from the scale reports; not published until approved.
    uscc = make_uscc(67)
    await moved_up(sessions, handlers, uscc, "呼和浩特庚装备有限公司", 2021, (2022, 2023, 2024))
    awarded = await award_id(client, keys, uscc)
    assert (await client.get(LIST, params={"year": 2024})).json()["items"] == []
    reviewed = await client.post(f"/v1/awards/{awarded}/review", headers=keys.headers("reviewer"))
    assert reviewed.status_code == 200, reviewed.text
    assert (await client.get(LIST, params={"year": 2024})).json()["items"] == []
    approved = await client.post(f"/v1/awards/{awarded}/approve", headers=keys.headers("approver"))
    assert approved.status_code == 200, approved.text
    listed = (await client.get(LIST, params={"year": 2024})).json()["items"]
    assert listed == [{"uscc": uscc, "name": "呼和浩特庚装备有限公司"}]


async def test_default_year_is_this_year(client):
    body = (await client.get(LIST)).json()
    assert (body["year"], body["items"]) == (2025, [])


@pytest.mark.parametrize(
    ("year", "code"),
    [
        # Outside the platform's calendar (1949 to 2099): refused by the parameter's bounds.
        (0, "validation_failed"),
        (-32, "validation_failed"),
        (10000, "validation_failed"),
        (2021, "year_out_of_range"),
        (2026, "year_out_of_range"),
        ("twenty", "validation_failed"),
    ],
)
async def test_bad_year_is_a_problem(client, year, code):
    response = await client.get(LIST, params={"year": year})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code


async def test_a_paid_award_found_no_longer_held_leaves_the_list(client, keys, sessions, handlers):
    # Below 2021, above 2022-2024 → A4.1 300,000.00, paid; then the registry learns the enterprise was large
    # from 2022-06-01 (not an SME on 2022-12-31): 300,000.00 due back, and no longer on the 2024 list.
    uscc = make_uscc(65)
    await moved_up(sessions, handlers, uscc, "呼和浩特戊制造有限公司", 2021, (2022, 2023, 2024))
    awarded = await award_id(client, keys, uscc)
    for step, who, body in (
        ("review", "reviewer", None),
        ("approve", "approver", None),
        ("disburse", "treasury", {"payment_reference": "PAY-A4-65", "paid_on": "2025-09-01"}),
    ):
        assert (await client.post(f"/v1/awards/{awarded}/{step}", headers=keys.headers(who), json=body)).is_success
    listed = (await client.get(LIST, params={"year": 2024})).json()
    assert uscc in [item["uscc"] for item in listed["items"]]
    await apply(
        sessions,
        handlers,
        registered(uscc, contract=ev.ENTERPRISE_UPDATED_V2, size_class="large", effective_on=date(2022, 6, 1)),
    )
    award = (await client.get(f"/v1/awards/{awarded}", headers=keys.headers("reader"))).json()
    assert (award["status"], award["recovery_due"]) == ("recovery_due", "300000.00")
    listed = (await client.get(LIST, params={"year": 2024})).json()
    assert uscc not in [item["uscc"] for item in listed["items"]]
