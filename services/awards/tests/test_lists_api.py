"""Lists an officer works from (issue 12, item 3): the claims, filtered by status, rule, enterprise, district
and filing days, a page at a time in the order filed; the review queue of a district (the awards computed
there, oldest first)."""

from __future__ import annotations

from datetime import date

import pytest

from .claiming import claim, enterprise, fair, upgrade

ZJTX = ("municipal_zjtx", date(2024, 6, 18))
CLAIMS = "/v1/claims"


async def officers_day(client, keys, sessions, handlers) -> dict[str, dict]:
    """赛罕区 (150105): a 专精特新 SME's upgrade (accepted: 20% × 1,000,000.00 = 200,000.00) and a local fair
    (rejected: fair_level); 新城区 (150102): an upgrade of an enterprise with no recognition (rejected)."""
    saihan = await enterprise(sessions, handlers, 1701, ZJTX)
    xincheng = await enterprise(sessions, handlers, 1702, district_code="150102")
    return {
        "upgrade": await claim(client, keys, upgrade(saihan)),
        "local_fair": await claim(client, keys, fair(saihan, "旗县农博会", level="local")),
        "no_recognition": await claim(client, keys, upgrade(xincheng)),
    }


async def listed(client, keys, **params) -> list[str]:
    response = await client.get(CLAIMS, params={"limit": 200, **params}, headers=keys.headers("reviewer"))
    assert response.status_code == 200, response.text
    return [c["id"] for c in response.json()["items"]]


async def test_claims_filtered_as_an_officer_looks_for_them(client, keys, sessions, handlers):
    filed = await officers_day(client, keys, sessions, handlers)
    ids = {name: c["id"] for name, c in filed.items()}
    assert (filed["upgrade"]["status"], filed["local_fair"]["reason_code"]) == ("accepted", "fair_level")
    assert await listed(client, keys) == [ids["upgrade"], ids["local_fair"], ids["no_recognition"]]  # as filed
    assert await listed(client, keys, status="rejected") == [ids["local_fair"], ids["no_recognition"]]
    assert await listed(client, keys, rule="A6.1") == [ids["local_fair"]]
    assert await listed(client, keys, district_code="150102") == [ids["no_recognition"]]
    assert await listed(client, keys, uscc=filed["upgrade"]["uscc"], rule="A2.2") == [ids["upgrade"]]
    # Filing days (Asia/Shanghai) are the server's own: every claim here was filed after 2025-09-01.
    assert len(await listed(client, keys, **{"from": "2025-09-01"})) == 3
    assert await listed(client, keys, to="2025-08-31") == []


async def test_claims_page_by_page_in_the_order_filed(client, keys, sessions, handlers):
    filed = await officers_day(client, keys, sessions, handlers)
    seen, cursor = [], None
    for _ in range(4):
        params = {"limit": 1} | ({"cursor": cursor} if cursor else {})
        page = (await client.get(CLAIMS, params=params, headers=keys.headers("reader"))).json()
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [c["id"] for c in filed.values()]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"from": "2025-03-02", "to": "2025-03-01"}, "window_invalid"),
        ({"rule": "A9.1"}, "validation_failed"),
        ({"status": "computed"}, "validation_failed"),
        ({"uscc": "91150105MA0Q4LJX2"}, "validation_failed"),
        ({"cursor": "WzEsIDJd"}, "cursor_invalid"),  # [1, 2]: not a cursor this list gave
        ({"district": "150105"}, "unknown_parameter"),
    ],
)
async def test_a_wrong_filter_is_refused_not_ignored(client, keys, params, code):
    response = await client.get(CLAIMS, params=params, headers=keys.headers("reader"))
    assert response.status_code in (400, 422), response.text
    assert response.json()["code"] == code


async def test_the_review_queue_of_a_district(client, keys, sessions, handlers):
    filed = await officers_day(client, keys, sessions, handlers)
    queue = await client.get(
        "/v1/awards", params={"status": "computed", "district_code": "150105"}, headers=keys.headers("reviewer")
    )
    assert queue.status_code == 200, queue.text
    # 赛罕区's computed awards: A1.1 of the recognition (200,000.00) and A2.2 of the upgrade (200,000.00).
    assert sorted((a["rule"], a["amount"]) for a in queue.json()["items"]) == [
        ("A1.1", "200000.00"),
        ("A2.2", "200000.00"),
    ]
    elsewhere = await client.get(
        "/v1/awards", params={"status": "computed", "district_code": "150102"}, headers=keys.headers("reviewer")
    )
    assert elsewhere.json() == {"items": [], "next_cursor": None}
    assert filed["upgrade"]["award_id"] in {a["id"] for a in queue.json()["items"]}


@pytest.mark.parametrize("values", [[-1], [2**63], ["x"], [1, 2], [1.5], [True]])
async def test_a_forged_claims_cursor_is_refused(client, keys, values):
    """The filing position of the cursor is read back by the kit's parser (a BIGINT from 0): anything else
    is 400 `cursor_invalid`, never a 500."""
    from zjtx.common.web.paging import encode_cursor

    response = await client.get(CLAIMS, params={"cursor": encode_cursor(values)}, headers=keys.headers("reader"))
    assert (response.status_code, response.json()["code"]) == (400, "cursor_invalid")
