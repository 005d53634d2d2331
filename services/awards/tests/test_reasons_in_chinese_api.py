"""The reasons the awards service writes itself read in Chinese by default and in English with
`Accept-Language: en` (issue 12, item 1): an award revoked because its recognition was withdrawn, a paid
one flagged for recovery because it was revoked, a refused claim's reason in its published event; a
reviewer's reason reads as typed; an inspection's credit list entry (信用核查) in the credit check and in
the refusal it brings. Tiers and clusters in a Chinese line are said by their names, not
their codes. ASGI app, real PostgreSQL rolled back per test, clock fixed at 2025-09-01."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from zjtx.common.testing.registry_events import apply, credit_listed, make_uscc, recognition, registered, withdrawn

from . import stored
from .claiming import CLAIMS, enterprise, upgrade
from .paid import paid_a1_1, revocation
from .test_exports_api import CSV, read_csv

EN = {"Accept-Language": "en"}
TYPO = "录入错误：认定文件属于另一家企业"  # the registry's withdrawal reason: a person's words


async def _read(client, default_client, keys, url: str) -> tuple[dict, dict]:
    """As a reader without Accept-Language (Chinese, the default) reads it, and with `Accept-Language: en`."""
    chinese = await default_client.get(url, headers=keys.headers("reader"))
    english = await client.get(url, headers=keys.headers("reader") | EN)
    assert chinese.status_code == english.status_code == 200, chinese.text
    return chinese.json(), english.json()


async def test_an_award_revoked_by_a_withdrawal_says_why_in_the_readers_language(
    client, default_client, keys, sessions, handlers
):
    # A1.1 of a municipal recognition of 2024-06-18, not paid; the registry withdraws the recognition as
    # recorded in error: the award is revoked with the withdrawal as its reason.
    uscc, recognition_id = make_uscc(7301), uuid.uuid4()
    granted = recognition(uscc, "municipal_zjtx", date(2024, 6, 18), recognition_id=recognition_id)
    await apply(sessions, handlers, registered(uscc), granted)
    await apply(sessions, handlers, withdrawn(uscc, "municipal_zjtx", date(2024, 6, 18), recognition_id=recognition_id))
    [award] = await stored.awards(sessions, uscc=uscc)

    chinese, english = await _read(client, default_client, keys, f"/v1/awards/{award.id}")

    assert chinese["status"] == english["status"] == "revoked"
    assert chinese["closed_reason"] == f"2024-06-18的认定（市级专精特新中小企业）因登记错误已撤回：{TYPO}"
    assert (
        english["closed_reason"] == f"recognition municipal_zjtx of 2024-06-18 withdrawn as recorded in error: {TYPO}"
    )
    # A file is read in Chinese, whoever asks for it.
    exported = read_csv(await client.get("/v1/awards", headers=keys.headers("reader") | EN | CSV))
    assert [row["办结原因"] for row in exported if row["统一社会信用代码"] == uscc] == [chinese["closed_reason"]]
    # The event says both, for the enterprise's file in the registry.
    [event] = [e for e in await stored.events(sessions, "awards.award.revoked") if e["payload"]["uscc"] == uscc]
    assert (event["payload"]["reason"], event["payload"]["reason_zh"]) == (
        english["closed_reason"],
        chinese["closed_reason"],
    )


@pytest.mark.usefixtures("appropriated")
async def test_a_recovery_says_why_in_the_readers_language(client, default_client, keys, sessions, handlers):
    # The A1.1 200,000.00 paid 2025-09-01, then its recognition revoked from 2024-07-01 for fraud (造假,
    # the registry's reason as typed): all of it is due back.
    uscc, recognition_id, award_id = await paid_a1_1(sessions, handlers, client, keys, 7302, reference="PAY-7302")
    await apply(sessions, handlers, revocation(uscc, recognition_id, date(2024, 7, 1)))

    chinese, english = await _read(client, default_client, keys, f"/v1/awards/{award_id}")

    assert chinese["status"] == "recovery_due" and chinese["recovery_due"] == "200000.00"
    assert chinese["recovery_reason"] == "认定（市级专精特新中小企业）已于2024-07-01撤销：造假"
    assert english["recovery_reason"] == "recognition municipal_zjtx revoked on 2024-07-01: 造假"


async def test_a_reviewers_rejection_reads_as_typed_in_both_languages(client, default_client, keys, sessions, handlers):
    uscc = make_uscc(7303)
    await apply(sessions, handlers, registered(uscc), recognition(uscc, "municipal_zjtx", date(2024, 6, 18)))
    [award] = await stored.awards(sessions, uscc=uscc)
    body = {"reason": "材料不全"}
    rejected = await client.post(f"/v1/awards/{award.id}/reject", headers=keys.headers("reviewer") | EN, json=body)
    assert rejected.status_code == 200, rejected.text

    chinese, english = await _read(client, default_client, keys, f"/v1/awards/{award.id}")

    assert chinese["closed_reason"] == english["closed_reason"] == "材料不全"


async def test_a_refused_claims_event_carries_its_reason_in_chinese(client, default_client, keys, sessions, handlers):
    # A2.2 below the threshold: 999,999.99 < 1,000,000.00 by one fen.
    uscc = await enterprise(sessions, handlers, 7304, ("region_zjtx", date(2023, 3, 1)))
    response = await client.post(CLAIMS, headers=keys.headers("platform") | EN, json=upgrade(uscc, "999999.99"))
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "rejected"

    [event] = [e for e in await stored.events(sessions, "awards.claim.filed") if e["payload"]["uscc"] == uscc]
    payload = event["payload"]
    assert payload["reason"] == response.json()["reason"]  # the English, as the English reader read it
    chinese = await default_client.get(f"{CLAIMS}/{response.json()['id']}", headers=keys.headers("reader"))
    assert payload["reason_zh"] == chinese.json()["reason"]
    assert payload["reason_zh"] != payload["reason"] and "设备投资额" in payload["reason_zh"]
    # Its code stays a code; the registry's Chinese line says it by the name sent beside it.
    assert (payload["reason_code"], payload["reason_code_name"]) == ("below_minimum", "低于最低投资额")


async def test_land_priority_names_the_tier_and_the_cluster_in_chinese(
    client, default_client, keys, sessions, handlers
):
    uscc = make_uscc(7305)
    await apply(
        sessions, handlers, registered(uscc, cluster=None), recognition(uscc, "region_little_giant", date(2024, 5, 1))
    )
    body = {"project_name": "新材料产业园二期", "cluster": "new_materials_equipment", "dated_on": "2025-06-30"}
    url = f"/v1/enterprises/{uscc}/land-projects"
    filed = await default_client.post(url, headers=keys.headers("platform"), json=body)
    assert filed.status_code == 201, filed.text
    assert filed.json()["priority"]["reasons"] == [
        "2025-06-30持有自治区级专精特新“小巨人”认定，且项目属于新材料和现代装备制造产业集群"
    ]
    english = await client.get(url, headers=keys.headers("reader") | EN)
    assert english.json()["items"][0]["priority"]["reasons"] == [
        "holds region_little_giant on 2025-06-30 and the project is in the cluster new_materials_equipment"
    ]
    # The codes stay codes in both.
    assert filed.json()["priority"]["tiers"] == ["region_little_giant"]


async def test_an_awards_status_is_named_in_a_chinese_detail(client, default_client, keys, sessions, handlers):
    # An objection to an award not on public notice (computed, not reviewed) is refused, naming its status.
    uscc = make_uscc(7306)
    await apply(sessions, handlers, registered(uscc), recognition(uscc, "municipal_zjtx", date(2024, 6, 18)))
    [award] = await stored.awards(sessions, uscc=uscc)
    url, body = f"/v1/awards/{award.id}/objections", {"raised_by": "李某", "reason": "材料不实"}
    chinese = await default_client.post(url, headers=keys.headers("reviewer"), json=body)
    english = await client.post(url, headers=keys.headers("reviewer") | EN, json=body)

    assert (chinese.status_code, chinese.json()["code"]) == (409, "not_in_notice")
    assert chinese.json()["detail"] == "该奖励状态为已核算，不在公示期内：不受理异议"
    assert english.json()["detail"] == "the award is computed and not on public notice: no objection is taken"


async def test_a_fairs_level_and_a_moves_division_are_named_in_chinese(client, default_client, keys):
    # A6.1 refuses a local fair; A1.3 refuses a move from within Hohhot (赛罕区, 150105). Through the calculator.
    body = {
        "uscc": make_uscc(7307),
        "district_code": "150105",
        "recognitions": [{"tier": "national_little_giant", "recognized_on": "2023-03-01"}],
        "relocations": [{"moved_in_on": "2024-05-10", "moved_from": "赛罕区", "moved_from_division_code": "150105"}],
        "claims": [
            {
                "rule": "A6.1",
                "fair_name": "旗县农博会",
                "fair_level": "local",
                "held_on": "2024-04-20",
                "booth_fee": "30000.00",
            }
        ],
    }
    chinese = await default_client.post("/v1/simulate", headers=keys.headers("reader"), json=body)
    english = await client.post("/v1/simulate", headers=keys.headers("reader") | EN, json=body)
    assert chinese.status_code == english.status_code == 200, chinese.text
    zh = {a["source"]: a["reason"] for a in chinese.json()["awards"]}
    en = {a["source"]: a["reason"] for a in english.json()["awards"]}

    assert zh["claims[0]"] == "A6.1仅支持国家级及国际性展会，不支持地方性展会"
    assert en["claims[0]"] == "A6.1 covers national and international fairs, not a local one"
    assert zh["relocations[0]"] == "迁出地赛罕区属呼和浩特市辖区，不属于从市外迁入"
    assert en["relocations[0]"] == "moved from 150105, a division of Hohhot"


async def test_an_inspections_credit_list_entry_reads_in_the_readers_language(
    client, default_client, keys, sessions, handlers
):
    # A1.1 of 2024-06-18 stands (the listing came later); the registry black-lists the enterprise on
    # 2025-01-10 after an inspection, its reason in both languages: the A2.2 completed 2025-05-31 is refused.
    uscc = await enterprise(sessions, handlers, 7308, ("municipal_zjtx", date(2024, 6, 18)))
    await apply(sessions, handlers, credit_listed(uscc, date(2025, 1, 10)))
    [award] = await stored.awards(sessions, uscc=uscc)

    chinese, english = await _read(client, default_client, keys, f"/v1/awards/{award.id}")

    [zh] = chinese["enterprise_check"]["credit_lists"]
    [en] = english["enterprise_check"]["credit_lists"]
    assert zh["reason"] == "安全生产检查：存在重大隐患"
    assert en["reason"] == "inspection 安全生产: 存在重大隐患"
    assert zh["list"] == en["list"] == "black"  # the code stays a code

    filed = await client.post(CLAIMS, headers=keys.headers("platform") | EN, json=upgrade(uscc))
    assert (filed.status_code, filed.json()["reason_code"]) == (201, "credit_black_list"), filed.text
    refused = await default_client.get(f"{CLAIMS}/{filed.json()['id']}", headers=keys.headers("reader"))
    assert "2025-01-10列入（市市场监督管理局）：安全生产检查：存在重大隐患；" in refused.json()["reason"]
    assert "by 市市场监督管理局: inspection 安全生产: 存在重大隐患;" in filed.json()["reason"]


async def test_a_refused_claim_names_its_reason_code_beside_it(client, default_client, keys, sessions, handlers):
    # A2.2 below the threshold (999,999.99 < 1,000,000.00): refused with code below_minimum.
    uscc = await enterprise(sessions, handlers, 7305, ("region_zjtx", date(2023, 3, 1)))
    response = await client.post(CLAIMS, headers=keys.headers("platform") | EN, json=upgrade(uscc, "999999.99"))
    assert response.status_code == 201, response.text

    chinese, english = await _read(client, default_client, keys, f"{CLAIMS}/{response.json()['id']}")

    # The code stays a code; its name is the 工信局's Chinese one for every reader, as `status_name` is.
    assert chinese["reason_code"] == english["reason_code"] == "below_minimum"
    assert chinese["reason_code_name"] == english["reason_code_name"] == "低于最低投资额"
    assert "设备投资额" in chinese["reason"] and chinese["reason"] != english["reason"]
