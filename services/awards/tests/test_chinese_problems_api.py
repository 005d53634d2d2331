"""awards' problems read in Chinese by default (`detail`), in English with `Accept-Language: en`; the code
stays as it is. ASGI app, real PostgreSQL rolled back per test, clock fixed at 2025-09-01."""

from __future__ import annotations

from .test_appropriations_api import ZONE_HALF, appropriate, approved_upgrade

ZH = {"Accept-Language": "zh-CN"}
EN = {"Accept-Language": "en"}
PAID = {"payment_reference": "PAY-2025-0701", "paid_on": "2025-09-01"}


async def test_appropriation_exceeded_reads_in_the_readers_language(client, keys, sessions, handlers):
    # The award is 200,000.01: the city's half 100,000.01 (the odd fen), 100,000.00 appropriated: one fen short.
    award_id = await approved_upgrade(client, keys, sessions, handlers, 7201)
    await appropriate(client, keys, "city", "100000.00")
    await appropriate(client, keys, "Z-JSGX", ZONE_HALF)
    url = f"/v1/awards/{award_id}/disburse"

    chinese = await client.post(url, headers=keys.headers("treasury") | ZH, json=PAID)
    english = await client.post(url, headers=keys.headers("treasury") | EN, json=PAID)

    assert (chinese.status_code, chinese.json()["code"]) == (409, "appropriation_exceeded")
    assert chinese.json()["detail"] == (
        "市本级应承担100,000.01元，超过其2025年度预算剩余的100,000.00元（已安排100,000.00元，已拨付0.00元）"
    )
    assert (english.status_code, english.json()["code"]) == (409, "appropriation_exceeded")
    assert english.json()["detail"] == (
        "city's share 100,000.01 is more than the 100,000.00 left of its 2025 appropriations "
        "(100,000.00 appropriated, 0.00 paid)"
    )


async def test_an_unknown_claim_reads_in_the_readers_language(client, keys):
    missing = "00000000-0000-0000-0000-000000000001"
    chinese = await client.get(f"/v1/claims/{missing}", headers=keys.headers("reader") | ZH)
    english = await client.get(f"/v1/claims/{missing}", headers=keys.headers("reader") | EN)
    assert (chinese.status_code, chinese.json()["code"], chinese.json()["detail"]) == (
        404,
        "claim_not_found",
        f"无此申请：{missing}",
    )
    assert english.json()["detail"] == f"no claim {missing}"
