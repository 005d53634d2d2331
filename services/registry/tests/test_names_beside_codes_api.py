"""The registry's answers name the sector, industrial cluster and cultivation pools beside their codes, in
Chinese, from the kit's one table of names (zjtx.common.reference): an enterprise (now, as of a date, in a
list), the versions of its facts, a pool's members."""

from __future__ import annotations

from .factories import register

ENTERPRISES = "/v1/enterprises"


async def _join(client, keys, pool: str, uscc: str):
    response = await client.post(
        f"/v1/pools/{pool}/members", json={"uscc": uscc, "joined_on": "2025-03-01"}, headers=keys.headers("writer")
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_an_enterprise_names_its_sector_cluster_and_pools(client, keys):
    registered = await client.post(
        ENTERPRISES,
        json={
            "uscc": "91150105MA0Q4LJX27",
            "name": "内蒙古示例乳业科技有限公司",
            "district_code": "150105",
            "sector": "industry",
            "cluster": "agri_food",
            "employees": 120,
            "annual_revenue": "35000000.00",
            "registered_on": "2019-05-08",
        },
        headers=keys.headers("writer"),
    )
    assert registered.status_code == 201, registered.text
    body = registered.json()
    assert (body["sector_name"], body["cluster_name"], body["pool_names"]) == ("工业", "绿色农畜产品加工", [])

    uscc = body["uscc"]
    await _join(client, keys, "little_giant_candidates", uscc)
    await _join(client, keys, "growth_small_micro", uscc)
    fetched = (await client.get(f"{ENTERPRISES}/{uscc}", headers=keys.headers("reader"))).json()
    assert fetched["pools"] == ["growth_small_micro", "little_giant_candidates"]
    assert fetched["pool_names"] == ["成长型小微企业", "“小巨人”培育"]  # in the order of `pools`
    listed = (await client.get(ENTERPRISES, headers=keys.headers("reader"))).json()["items"]
    assert [(e["sector_name"], e["cluster_name"], e["pool_names"]) for e in listed] == [
        ("工业", "绿色农畜产品加工", ["成长型小微企业", "“小巨人”培育"])
    ]


async def test_the_names_follow_the_facts_in_force_on_the_date_asked(client, keys):
    uscc = await register(client, keys, 951)  # industry, agri_food, from 2019-05-08
    changed = await client.patch(
        f"{ENTERPRISES}/{uscc}",
        json={"sector": "software", "cluster": "electronic_info", "effective_on": "2024-03-01"},
        headers=keys.headers("writer"),
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["sector_name"], changed.json()["cluster_name"]) == ("软件和信息技术服务业", "电子信息")
    before = (await client.get(f"{ENTERPRISES}/{uscc}?as_of=2020-01-01", headers=keys.headers("reader"))).json()
    assert (before["sector"], before["sector_name"], before["cluster_name"]) == ("industry", "工业", "绿色农畜产品加工")
    versions = (await client.get(f"{ENTERPRISES}/{uscc}/facts", headers=keys.headers("reader"))).json()["items"]
    assert [(v["effective_on"], v["sector_name"], v["cluster_name"]) for v in versions] == [
        ("2019-05-08", "工业", "绿色农畜产品加工"),
        ("2024-03-01", "软件和信息技术服务业", "电子信息"),
    ]


async def test_an_enterprise_of_no_cluster_has_no_cluster_name(client, keys):
    uscc = await register(client, keys, 952, sector="retail", cluster=None, employees=30, annual_revenue="6000000.00")
    body = (await client.get(f"{ENTERPRISES}/{uscc}", headers=keys.headers("reader"))).json()
    assert (body["cluster"], body["cluster_name"], body["sector_name"]) == (None, None, "零售业")


async def test_a_pools_members_name_the_pool(client, keys):
    uscc = await register(client, keys, 953)
    joined = await _join(client, keys, "zjtx_demonstration", uscc)
    assert (joined["pool"], joined["pool_name"]) == ("zjtx_demonstration", "专精特新示范企业")
    members = (await client.get("/v1/pools/scale_up/members", headers=keys.headers("reader"))).json()
    assert members["items"] == []
    await _join(client, keys, "scale_up", uscc)
    [member] = (await client.get("/v1/pools/scale_up/members", headers=keys.headers("reader"))).json()["items"]
    assert member["pool_name"] == "小升规"
    left = await client.delete(f"/v1/pools/scale_up/members/{uscc}", headers=keys.headers("writer"))
    assert (left.status_code, left.json()["pool_name"]) == (200, "小升规")
