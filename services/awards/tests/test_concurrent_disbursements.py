"""Two payments against one appropriation at the same moment, over real connections (transactions that
really overlap): the funders' year locks serialise them, so the second sees the first and together they
never exceed the appropriation (issue 12, item 6). Clock fixed at 2025-09-01."""

from __future__ import annotations

import asyncio
from datetime import date

from sqlalchemy import func, select

from zjtx.awards.award.models import Award
from zjtx.awards.definition import AWARDS
from zjtx.common.kit import create_app
from zjtx.common.testing.clients import asgi_client
from zjtx.common.testing.registry_events import apply, make_uscc, recognition, registered


async def test_two_payments_that_together_exceed_the_appropriation(settings, committed, keys, clock, parameters):
    app = create_app(AWARDS, settings, sessions=committed, clients=keys.store, clock=clock, parameters=parameters)
    usccs = [make_uscc(1711), make_uscc(1712)]
    facts = []
    for uscc in usccs:
        facts += [
            registered(uscc, district_code="150105"),
            recognition(uscc, "municipal_zjtx", date(2025, 3, 1), district_code="150105"),
        ]
    await apply(committed, app.state.event_handlers, *facts)
    async with asgi_client(app) as http:
        ids = []
        for uscc in usccs:
            page = (await http.get("/v1/awards", params={"uscc": uscc}, headers=keys.headers("reader"))).json()
            award_id = page["items"][0]["id"]
            for action, who in (("review", "reviewer"), ("approve", "approver")):
                moved = await http.post(f"/v1/awards/{award_id}/{action}", headers=keys.headers(who))
                assert moved.status_code == 200, moved.text
            ids.append(award_id)
        # Two A1.1 awards of 200,000.00: halves of 100,000.00 each for the city and 赛罕区 150105. Each funder
        # appropriated 150,000.00: one payment fits (150,000.00 − 100,000.00 = 50,000.00 left), both would
        # need 100,000.00 + 100,000.00 = 200,000.00 > 150,000.00.
        for funder in ("city", "150105"):
            body = {"funder": funder, "fiscal_year": 2025, "amount": "150000.00", "reference": "R-2025"}
            made = await http.post("/v1/budget/appropriations", headers=keys.headers("admin"), json=body)
            assert made.status_code == 201, made.text
        answers = await asyncio.gather(
            *(
                http.post(
                    f"/v1/awards/{award_id}/disburse",
                    headers=keys.headers("treasury"),
                    json={"payment_reference": f"PAY-{n}", "paid_on": "2025-09-01"},
                )
                for n, award_id in enumerate(ids)
            )
        )
        assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
        assert [a.json()["code"] for a in answers if a.status_code == 409] == ["appropriation_exceeded"]
        budget = (await http.get("/v1/budget", headers=keys.headers("reader"), params={"year": 2025})).json()
    assert {line["funder"]: line["remaining"] for line in budget["appropriations"]} == {
        "city": "50000.00",
        "150105": "50000.00",
    }
    async with committed() as session:
        paid = await session.scalar(select(func.count()).select_from(Award).where(Award.status == "disbursed"))
    assert paid == 1
