"""The history of an enterprise's facts and size class (issue point 7): every sector of the 2011
standard, `PATCH` with `effective_on`, `GET ?as_of=`, and events that carry the size class with the date
it took effect, so that read models downstream keep the history too. Clock fixed at 2025-09-01."""

from __future__ import annotations

import pytest

from zjtx.common.events import registry as ev

from .factories import count_rows, enterprise_body, events, register

ENTERPRISES = "/v1/enterprises"
SECTORS = [
    "agriculture",
    "industry",
    "construction",
    "wholesale",
    "retail",
    "transport",
    "warehousing",
    "postal",
    "accommodation",
    "catering",
    "information_transmission",
    "software",
    "real_estate",
    "property_management",
    "leasing_business",
    "other",
]


async def _patch(client, keys, uscc: str, **body):
    return await client.patch(f"{ENTERPRISES}/{uscc}", json=body, headers=keys.headers("writer"))


async def _as_of(client, keys, uscc: str, day: str):
    return await client.get(f"{ENTERPRISES}/{uscc}", params={"as_of": day}, headers=keys.headers("reader"))


async def test_a_farm_is_classed_by_revenue_not_by_staff(client, keys):
    # Agriculture: revenue alone decides. 1,000,000 ≥ 500,000 (small) and < 5,000,000 (medium) → small,
    # though 400 staff would make an unlisted sector's enterprise large.
    response = await client.post(
        ENTERPRISES,
        headers=keys.headers("writer"),
        json=enterprise_body(801, sector="agriculture", employees=400, annual_revenue="1000000.00"),
    )
    assert response.status_code == 201, response.text
    assert (response.json()["size_class"], response.json()["is_sme"]) == ("small", True)
    assert response.json()["size_explanation"]["formula"][-1] == "small: revenue 1,000,000.00 ≥ 500,000.00: met"


@pytest.mark.parametrize("sector", SECTORS)
async def test_every_sector_of_the_standard_is_accepted(client, keys, sector):
    response = await client.post(
        ENTERPRISES,
        headers=keys.headers("writer"),
        json=enterprise_body(810 + SECTORS.index(sector), sector=sector, total_assets="52000000.00"),
    )
    assert (response.status_code, response.json()["sector"]) == (201, sector)


async def test_an_unknown_sector_is_refused_listing_the_valid_codes(client, keys):
    response = await client.post(
        ENTERPRISES, headers=keys.headers("writer"), json=enterprise_body(830, sector="mining")
    )
    assert (response.status_code, response.json()["code"]) == (422, "validation_failed")
    [error] = response.json()["errors"]
    assert error["field"] == "sector"
    for code in SECTORS:
        assert f"'{code}'" in error["message"]


async def test_total_assets_is_needed_where_the_standard_measures_it(client, keys):
    for serial, sector in enumerate(("construction", "real_estate", "leasing_business"), start=831):
        body = enterprise_body(serial, sector=sector)
        del body["total_assets"]
        response = await client.post(ENTERPRISES, headers=keys.headers("writer"), json=body)
        assert (response.status_code, response.json()["code"]) == (422, "total_assets_required"), sector


async def test_facts_and_size_class_on_any_date(client, keys, sessions):
    uscc = await register(client, keys, 840)  # industry, 120 staff, 35,000,000 since 2019-05-08: small
    # From 2024-03-01: 400 staff (≥ 300) and 35,000,000 (≥ 20,000,000) → medium.
    grown = await _patch(client, keys, uscc, employees=400, effective_on="2024-03-01")
    assert grown.status_code == 200, grown.text
    assert (grown.json()["size_class"], grown.json()["effective_on"]) == ("medium", "2024-03-01")
    before = (await _as_of(client, keys, uscc, "2024-02-29")).json()
    after = (await _as_of(client, keys, uscc, "2024-03-01")).json()
    assert (before["employees"], before["size_class"], before["effective_on"], before["as_of"]) == (
        120,
        "small",
        "2019-05-08",
        "2024-02-29",
    )
    assert (after["employees"], after["size_class"], after["effective_on"]) == (400, "medium", "2024-03-01")
    # Recorded late: revenue 450,000,000 from 2023-01-01. On 2023-01-01: 120 staff < 300 → small; on
    # 2024-03-01 the later change keeps its 400 staff and takes the new revenue: 400 < 1,000 → medium.
    late = await _patch(client, keys, uscc, annual_revenue="450000000.00", effective_on="2023-01-01")
    assert late.status_code == 200, late.text
    # From 2025-06-01: 1,200 staff ≥ 1,000 and 450,000,000 ≥ 400,000,000 → large, no longer an SME.
    await _patch(client, keys, uscc, employees=1200, effective_on="2025-06-01")
    history = (await client.get(f"{ENTERPRISES}/{uscc}/facts", headers=keys.headers("reader"))).json()["items"]
    assert [(v["effective_on"], v["employees"], v["annual_revenue"], v["size_class"]) for v in history] == [
        ("2019-05-08", 120, "35000000.00", "small"),
        ("2023-01-01", 120, "450000000.00", "small"),
        ("2024-03-01", 400, "450000000.00", "medium"),
        ("2025-06-01", 1200, "450000000.00", "large"),
    ]
    current = (await client.get(f"{ENTERPRISES}/{uscc}", headers=keys.headers("reader"))).json()
    assert (current["size_class"], current["is_sme"], current["effective_on"]) == ("large", False, "2025-06-01")
    # Each version that took a change was published with its date: the late change touched two.
    updates = await events(sessions, ev.ENTERPRISE_UPDATED_V2.event_type)
    assert [(e["event_version"], e["payload"]["effective_on"], e["payload"]["size_class"]) for e in updates] == [
        (2, "2024-03-01", "medium"),
        (2, "2023-01-01", "small"),
        (2, "2024-03-01", "medium"),
        (2, "2025-06-01", "large"),
    ]
    [registered] = await events(sessions, ev.ENTERPRISE_REGISTERED_V2.event_type)
    assert (registered["event_version"], registered["payload"]["effective_on"]) == (2, "2019-05-08")


async def test_effective_on_defaults_to_today(client, keys):
    uscc = await register(client, keys, 841)
    response = await _patch(client, keys, uscc, employees=20)
    assert (response.status_code, response.json()["effective_on"]) == (200, "2025-09-01")


async def test_bad_dates_for_facts(client, keys, sessions):
    uscc = await register(client, keys, 842)  # registered 2019-05-08
    before = await count_rows(sessions, *_tables())
    too_early = await _patch(client, keys, uscc, employees=20, effective_on="2019-05-07")
    future = await _patch(client, keys, uscc, employees=20, effective_on="2025-09-02")
    assert (too_early.status_code, too_early.json()["code"]) == (422, "effective_before_registration")
    assert (future.status_code, future.json()["code"]) == (422, "date_in_future")
    assert await count_rows(sessions, *_tables()) == before
    not_yet = await _as_of(client, keys, uscc, "2019-05-07")
    assert (not_yet.status_code, not_yet.json()["code"]) == (404, "before_registration")
    assert not_yet.json()["detail"] == f"{uscc} was registered on 2019-05-08: there are no facts of it on 2019-05-07"


def _tables():
    from zjtx.common.messaging.tables import OutboxRow
    from zjtx.registry.enterprise.models import EnterpriseFacts

    return (EnterpriseFacts, OutboxRow)
