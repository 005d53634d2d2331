"""The audit trail read through the API (issue 12, item 3): GET /v1/audit, scope `audit:read`, filtered by
the kind of record, its id, the acting client and the days recorded; a page at a time."""

from __future__ import annotations

from datetime import date

import pytest

from .claiming import claim, enterprise, step, upgrade

ZJTX = ("municipal_zjtx", date(2024, 6, 18))


async def trail(client, keys, who: str = "auditor", **params) -> list[dict]:
    response = await client.get("/v1/audit", params={"limit": 200, **params}, headers=keys.headers(who))
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_an_awards_trail_says_who_did_what_with_before_and_after(client, keys, sessions, handlers):
    uscc = await enterprise(sessions, handlers, 1801, ZJTX)
    filed = await claim(client, keys, upgrade(uscc))
    award_id = filed["award_id"]
    await step(client, keys, award_id, "review", who="reviewer", body={"note": "材料齐全"})
    await step(client, keys, award_id, "reject", who="reviewer", body={"reason": "项目未通过验收"})

    records = await trail(client, keys, entity="award", id=award_id)
    assert {(r["action"], r["actor"]) for r in records} == {
        ("award.computed", "platform"),
        ("award.reviewed", "reviewer"),
        ("award.rejected", "reviewer"),
    }
    rejected = next(r for r in records if r["action"] == "award.rejected")
    assert (rejected["before"]["status"], rejected["after"]["status"], rejected["after"]["note"]) == (
        "reviewed",
        "rejected",
        "项目未通过验收",
    )
    assert (rejected["entity"], rejected["entity_id"]) == ("award", award_id)
    # The claim's own trail, and what the reviewer did across records.
    assert {r["action"] for r in await trail(client, keys, entity="claim", id=filed["id"])} >= {"claim.accepted"}
    by_reviewer = await trail(client, keys, actor="reviewer")
    assert {r["action"] for r in by_reviewer} == {"award.reviewed", "award.rejected", "claim.rejected_on_review"}
    # Recorded today by the server's clock, which is after 2025-09-01; nothing before that.
    assert await trail(client, keys, to="2025-08-31", entity="award") == []
    assert len(await trail(client, keys, entity="award", id=award_id, **{"from": "2025-09-01"})) == 3

    first = (
        await client.get(
            "/v1/audit", params={"limit": 1, "entity": "award", "id": award_id}, headers=keys.headers("admin")
        )
    ).json()
    assert len(first["items"]) == 1 and first["next_cursor"] is not None
    rest = await client.get(
        "/v1/audit",
        params={"limit": 200, "entity": "award", "id": award_id, "cursor": first["next_cursor"]},
        headers=keys.headers("admin"),
    )
    assert len(rest.json()["items"]) == 2 and first["items"][0]["id"] not in {r["id"] for r in rest.json()["items"]}


@pytest.mark.parametrize(("who", "status"), [("reviewer", 403), ("approver", 403), ("treasury", 403)])
async def test_reading_the_trail_needs_audit_read(client, keys, who, status):
    response = await client.get("/v1/audit", headers=keys.headers(who))
    assert (response.status_code, response.json()["code"]) == (status, "forbidden")


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"from": "2025-03-02", "to": "2025-03-01"}, "window_invalid"),
        ({"entity": "Award!"}, "validation_failed"),
        ({"cursor": "WzEsIDJd"}, "cursor_invalid"),
        ({"who": "reviewer"}, "unknown_parameter"),
    ],
)
async def test_a_wrong_filter_is_refused(client, keys, params, code):
    response = await client.get("/v1/audit", params=params, headers=keys.headers("auditor"))
    assert response.status_code in (400, 422) and response.json()["code"] == code
