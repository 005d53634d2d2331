"""The OpenAPI document is the contract (issue 8): every request example it offers is accepted as a
client copies it, in the order a client goes (a park, an enterprise, what happens to it)."""

from __future__ import annotations

from zjtx.common.testing.openapi import request_examples


async def test_every_request_example_of_the_document_is_accepted(client, keys):
    examples = request_examples((await client.get("/openapi.json")).json())
    one = "/v1/enterprises/{uscc}"

    async def send(method: str, path: str, template: str | None = None, *, status: int) -> dict:
        body = examples.pop((method, template or path))
        response = await client.request(method, path, json=body, headers=keys.headers("writer"))
        assert response.status_code == status, (path, response.text)
        return response.json()

    await send("POST", "/v1/parks", status=201)
    uscc = (await send("POST", "/v1/enterprises", status=201))["uscc"]
    await send("PATCH", f"/v1/enterprises/{uscc}", one, status=200)
    await send("POST", f"/v1/enterprises/{uscc}/relocations", f"{one}/relocations", status=201)
    report = await send("POST", f"/v1/enterprises/{uscc}/scale-reports", f"{one}/scale-reports", status=201)
    corrections = f"{one}/scale-reports/{{year}}/corrections"
    await send("POST", f"/v1/enterprises/{uscc}/scale-reports/{report['year']}/corrections", corrections, status=200)
    recognition = await send("POST", f"/v1/enterprises/{uscc}/recognitions", f"{one}/recognitions", status=201)
    revoke = f"{one}/recognitions/{{recognition_id}}/revoke"
    await send("POST", f"/v1/enterprises/{uscc}/recognitions/{recognition['id']}/revoke", revoke, status=200)
    withdraw = f"{one}/recognitions/{{recognition_id}}/withdraw"
    await send("POST", f"/v1/enterprises/{uscc}/recognitions/{recognition['id']}/withdraw", withdraw, status=200)
    await send("POST", f"/v1/enterprises/{uscc}/service-records", f"{one}/service-records", status=201)
    inspection = await send("POST", f"/v1/enterprises/{uscc}/inspections", f"{one}/inspections", status=201)
    publication = f"{one}/inspections/{{inspection_id}}/publication"
    await send("POST", f"/v1/enterprises/{uscc}/inspections/{inspection['id']}/publication", publication, status=200)
    entry = await send("POST", f"/v1/enterprises/{uscc}/credit-lists", f"{one}/credit-lists", status=201)
    removal = f"{one}/credit-lists/{{entry_id}}/removal"
    await send("POST", f"/v1/enterprises/{uscc}/credit-lists/{entry['id']}/removal", removal, status=200)
    await send("POST", "/v1/pools/little_giant_candidates/members", "/v1/pools/{pool}/members", status=201)
    assert examples == {}  # every example was tried
