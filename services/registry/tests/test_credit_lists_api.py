"""Credit lists (信用核查; A13.2's red and black lists) through the API: an entry put on and taken off,
dated, audited and published for the awards service; an inspection's list entry becomes one; what is
refused writes nothing."""

from __future__ import annotations

import pytest

from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.web.audit import AuditRecord
from zjtx.registry.credit_list.models import CreditListEntry

from .factories import audits, count_rows, events, register

TABLES = (CreditListEntry, OutboxRow, AuditRecord)
BLACK = {"list": "black", "listed_on": "2025-03-01", "authority": "市市场监督管理局", "reason": "提供虚假材料"}


def lists(uscc: str) -> str:
    return f"/v1/enterprises/{uscc}/credit-lists"


async def test_an_enterprise_put_on_the_black_list_and_taken_off(client, keys, sessions):
    uscc = await register(client, keys, 701)
    listed = await client.post(lists(uscc), json=BLACK, headers=keys.headers("writer"))
    assert listed.status_code == 201, listed.text
    entry = listed.json()
    assert (entry["list"], entry["listed_on"], entry["removed_on"], entry["on_list_today"]) == (
        "black",
        "2025-03-01",
        None,
        True,
    )
    enterprise = (await client.get(f"/v1/enterprises/{uscc}", headers=keys.headers("reader"))).json()
    assert enterprise["credit_lists"] == ["black"]
    [published] = await events(sessions, "registry.enterprise.credit_listed")
    assert (published["key"], published["payload"]["listed_on"], published["payload"]["removed_on"]) == (
        uscc,
        "2025-03-01",
        None,
    )

    removal = {"removed_on": "2025-08-01", "reason": "信用修复完成"}
    removed = await client.post(f"{lists(uscc)}/{entry['id']}/removal", json=removal, headers=keys.headers("writer"))
    assert removed.status_code == 200, removed.text
    assert (removed.json()["removed_on"], removed.json()["on_list_today"], removed.json()["removal_reason"]) == (
        "2025-08-01",
        False,
        "信用修复完成",
    )
    [published] = await events(sessions, "registry.enterprise.credit_list_removed")
    assert published["payload"]["removed_on"] == "2025-08-01"
    enterprise = (await client.get(f"/v1/enterprises/{uscc}", headers=keys.headers("reader"))).json()
    assert enterprise["credit_lists"] == []
    assert [a.actor for a in await audits(sessions, "credit_list.record")] == ["writer"]
    [audit] = await audits(sessions, "credit_list.remove")
    assert (audit.before["removed_on"], audit.after["removed_on"]) == (None, "2025-08-01")

    page = (await client.get(lists(uscc), params={"limit": 1}, headers=keys.headers("reader"))).json()
    assert ([e["id"] for e in page["items"]], page["next_cursor"] is not None) == ([entry["id"]], True)
    rest = await client.get(
        lists(uscc), params={"limit": 1, "cursor": page["next_cursor"]}, headers=keys.headers("reader")
    )
    assert rest.json() == {"items": [], "next_cursor": None}

    again = await client.post(f"{lists(uscc)}/{entry['id']}/removal", json=removal, headers=keys.headers("writer"))
    assert (again.status_code, again.json()["code"]) == (409, "credit_list_entry_removed")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (BLACK | {"listed_on": "2025-09-02"}, 422, "date_in_future"),
        (BLACK | {"removed_on": "2025-03-01"}, 422, "credit_list_removal_invalid"),
        (BLACK | {"list": "grey"}, 422, "validation_failed"),
        (BLACK | {"authority": ""}, 422, "validation_failed"),
    ],
)
async def test_what_is_refused_writes_nothing(client, keys, sessions, body, status, code):
    uscc = await register(client, keys, 702)
    before = await count_rows(sessions, *TABLES)
    response = await client.post(lists(uscc), json=body, headers=keys.headers("writer"))
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert await count_rows(sessions, *TABLES) == before


async def test_a_removal_before_the_listing_or_of_another_enterprises_entry_is_refused(client, keys):
    uscc, other = await register(client, keys, 703), await register(client, keys, 704)
    entry = (await client.post(lists(uscc), json=BLACK, headers=keys.headers("writer"))).json()
    early = {"removed_on": "2025-02-28", "reason": "x"}
    refused = await client.post(f"{lists(uscc)}/{entry['id']}/removal", json=early, headers=keys.headers("writer"))
    assert (refused.status_code, refused.json()["code"]) == (422, "credit_list_removal_invalid")
    fine = {"removed_on": "2025-04-01", "reason": "x"}
    elsewhere = await client.post(f"{lists(other)}/{entry['id']}/removal", json=fine, headers=keys.headers("writer"))
    assert (elsewhere.status_code, elsewhere.json()["code"]) == (404, "credit_list_entry_not_found")
    reader = await client.post(lists(uscc), json=BLACK, headers=keys.headers("reader"))
    assert reader.status_code == 403


async def test_an_inspections_black_list_entry_is_a_dated_credit_list_entry(client, keys, sessions):
    uscc = await register(client, keys, 705)
    body = {
        "inspection_type": "产品质量",
        "department": "市市场监督管理局",
        "ended_on": "2025-04-10",
        "result": "抽检不合格且拒不整改",
        "list_entry": "black",
    }
    inspected = await client.post(f"/v1/enterprises/{uscc}/inspections", json=body, headers=keys.headers("writer"))
    assert inspected.status_code == 201, inspected.text
    [entry] = (await client.get(lists(uscc), headers=keys.headers("reader"))).json()["items"]
    assert (entry["list"], entry["listed_on"], entry["authority"], entry["inspection_id"]) == (
        "black",
        "2025-04-10",
        "市市场监督管理局",
        inspected.json()["id"],
    )
    assert entry["reason"] == "inspection 产品质量: 抽检不合格且拒不整改"
    assert len(await events(sessions, "registry.enterprise.credit_listed")) == 1
