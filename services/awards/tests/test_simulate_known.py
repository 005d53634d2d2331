"""POST /v1/simulate with a credit code the service knows: the profile is the enterprise as the read model
holds it (recognitions, scale reports, sizes, credit lists, stored claims), any part given replaces the read
model's, and the answer is the live service's to the fen. Clock fixed at 2025-09-01; figures by hand."""

from __future__ import annotations

import uuid
from datetime import date

from zjtx.common.testing.registry_events import apply, make_uscc, recognition, registered, scale_reported

from . import stored
from .claiming import claim, upgrade
from .claiming import live as live_awards

SIMULATE = "/v1/simulate"


async def _known_enterprise(client, keys, sessions, handlers, serial: int) -> tuple[str, uuid.UUID, str]:
    """A small agri-food SME of 赛罕区 (150105): municipal 专精特新 on 2024-06-18; above scale 2022-2024,
    below in 2021; an upgrade of 2,500,000.00 completed 2025-05-31, claimed through the API."""
    uscc = make_uscc(serial)
    recognition_id = uuid.uuid4()
    await apply(
        sessions,
        handlers,
        registered(uscc),
        recognition(uscc, "municipal_zjtx", date(2024, 6, 18), recognition_id=recognition_id),
        *(scale_reported(uscc, year, year > 2021) for year in (2021, 2022, 2023, 2024)),
    )
    filed = await claim(client, keys, upgrade(uscc, "2500000.00"))
    return uscc, recognition_id, filed["id"]


async def _simulate(client, keys, body: dict, *, status: int = 200) -> dict:
    response = await client.post(SIMULATE, headers=keys.headers("reader"), json=body)
    assert response.status_code == status, response.text
    return response.json()


def _evidence(body: dict) -> dict:
    return {k: v for k, v in body.items() if k != "uscc"}


def _eligible(result: dict) -> list[tuple[str, str, str, str]]:
    return [(a["source"], a["rule"], a["amount"], a["reference_date"]) for a in result["awards"] if a["eligible"]]


async def test_only_the_credit_code_gives_the_enterprise_as_it_is_and_the_live_awards(client, keys, sessions, handlers):
    uscc, recognition_id, claim_id = await _known_enterprise(client, keys, sessions, handlers, 2101)
    result = await _simulate(client, keys, {"uscc": uscc})
    # A1.1: new municipal recognition 2024-06-18 → 200,000.00.
    # A4.1: above scale 2022, 2023, 2024 after a year below → 300,000.00 on 2024-12-31.
    # A2.2: 20% × 2,500,000.00 = 500,000.00 ≤ cap 500,000.00 (recognition valid on 2025-05-31) → 500,000.00.
    # Total 1,000,000.00; F.1 half each: 500,000.00 the city, 500,000.00 赛罕区 (150105).
    assert _eligible(result) == [
        (f"recognition:{recognition_id}", "A1.1", "200000.00", "2024-06-18"),
        ("scale_reports", "A4.1", "300000.00", "2024-12-31"),
        (f"claim:{claim_id}", "A2.2", "500000.00", "2025-05-31"),
    ]
    assert (result["uscc"], result["district_code"], result["total"]) == (uscc, "150105", "1000000.00")
    assert result["funding"] == [
        {"funder": "city", "amount": "500000.00", "funder_name": "市本级"},
        {"funder": "150105", "amount": "500000.00", "funder_name": "赛罕区"},
    ]
    # One procedure: the live service granted the same awards, to the fen.
    live = sorted(
        (rule, fen, on.isoformat()) for rule, fen, on in live_awards(await stored.awards(sessions, uscc=uscc))
    )
    assert live == sorted((rule, int(amount.replace(".", "")), on) for _, rule, amount, on in _eligible(result))
    # Nothing stored: still the three awards the live service made.
    assert len(await stored.awards(sessions, uscc=uscc)) == 3


async def test_a_part_given_replaces_the_read_models(client, keys, sessions, handlers):
    uscc, _, claim_id = await _known_enterprise(client, keys, sessions, handlers, 2102)
    # No recognitions: no A1.1, and A2.2 needs a valid 专精特新 recognition on 2025-05-31 → refused;
    # A4.1 stands: 300,000.00.
    without = await _simulate(client, keys, {"uscc": uscc, "recognitions": []})
    assert [(a[1], a[2]) for a in _eligible(without)] == [("A4.1", "300000.00")]
    refused = {a["source"]: a for a in without["awards"]}[f"claim:{claim_id}"]
    assert (refused["rule"], refused["eligible"]) == ("A2.2", False)
    # Claims given (one hypothetical upgrade of 1,200,000.00): 20% = 240,000.00 in place of the stored claim.
    hypothetical = await _simulate(client, keys, {"uscc": uscc, "claims": [_evidence(upgrade(uscc, "1200000.00"))]})
    assert [(a[0], a[1], a[2]) for a in _eligible(hypothetical)][-1] == ("claims[0]", "A2.2", "240000.00")
    assert hypothetical["total"] == "740000.00"  # 200,000.00 + 300,000.00 + 240,000.00
    # A large enterprise since 2019-05-08: not an SME on 2024-12-31 or 2025-05-31, only A1.1 stands.
    large = await _simulate(
        client, keys, {"uscc": uscc, "size_history": [{"effective_on": "2019-05-08", "size_class": "large"}]}
    )
    assert [(a[1], a[2]) for a in _eligible(large)] == [("A1.1", "200000.00")]
    # The black list from 2024-01-01: every award dated on it is refused (credit_black_list).
    listed = await _simulate(
        client, keys, {"uscc": uscc, "credit_lists": [{"list": "black", "listed_on": "2024-01-01"}]}
    )
    assert _eligible(listed) == []
    assert {a["reason_code"] for a in listed["awards"]} == {"credit_black_list"}
    # Another district: the F.1 half goes to 新城区 (150102).
    moved = await _simulate(client, keys, {"uscc": uscc, "district_code": "150102"})
    assert moved["funding"] == [
        {"funder": "city", "amount": "500000.00", "funder_name": "市本级"},
        {"funder": "150102", "amount": "500000.00", "funder_name": "新城区"},
    ]


async def test_an_unknown_credit_code_alone_is_not_found(client, keys):
    unknown = make_uscc(2199)
    problem = await _simulate(client, keys, {"uscc": unknown}, status=404)
    assert problem["code"] == "enterprise_not_found"
    # With a district it is a hypothetical enterprise, the code a label only (as before).
    labelled = await _simulate(client, keys, {"uscc": unknown, "district_code": "150105"})
    assert (labelled["uscc"], labelled["awards"]) == (unknown, [])
