"""The LPR table: the rate on a date from the shipped facts, the horizon past which nothing is guessed,
and a new publication entered: published, and the decisions that read it (or waited for it) taken
again — a subsidy waiting for its LPR computed, a 助保贷 ceiling moved."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from zjtx.common.clock import CHINA, FixedClock

from .world import World, disbursed, interest_paid

LATER = datetime(2026, 12, 20, 10, 0, tzinfo=CHINA)  # after the last shipped publication (2026-09-20)


@pytest.fixture
async def later(client, keys, sessions, handlers, app) -> World:
    clock = FixedClock(LATER)
    app.state.clock = clock
    world = World(client, keys, sessions, handlers, clock)
    await world.bank("DEMO", partner=True)
    return world


async def rate(world: World, on: str):
    return await world.client.get("/v1/lpr", params={"on": on}, headers=world.headers("platform"))


async def enter(world: World, published_on: str, one_year: str, five_year: str, client: str = "admin"):
    body = {"published_on": published_on, "one_year": one_year, "five_year": five_year}
    return await world.client.post("/v1/lpr", json=body, headers=world.headers(client))


async def test_the_rate_on_a_date_is_the_latest_publication_on_or_before_it(client, keys, sessions, handlers, clock):
    world = World(client, keys, sessions, handlers, clock)
    assert (await rate(world, "2024-11-01")).json() == {
        "on": "2024-11-01",
        "one_year": "3.10",
        "five_year": "3.60",
        "published_on": "2024-10-21",
    }
    assert (await rate(world, "2024-10-21")).json()["one_year"] == "3.10"  # the day of publication counts
    assert (await rate(world, "2024-10-20")).json()["one_year"] == "3.35"
    # Shipped up to 2026-09-20, with a horizon of 45 days: 2026-11-04 still has a rate, 2026-11-05 has none.
    assert (await rate(world, "2026-11-04")).json()["one_year"] == "3.00"
    for day in ("2026-11-05", "2019-08-19"):
        unknown = await rate(world, day)
        assert (unknown.status_code, unknown.json()["code"]) == (422, "lpr_unknown")
    bank = await world.client.get("/v1/lpr", params={"on": "2024-11-01"}, headers=world.headers("bank-demo"))
    assert bank.status_code == 200


async def test_a_new_publication_decides_again_what_reads_it(later: World):
    uscc = await later.enterprise(1)
    await later.recognise(uscc, date(2026, 1, 5))
    # A loan disbursed on 2026-11-10, past the horizon: its period waits for the rate.
    await later.send(
        disbursed("L-1", uscc, disbursed_on="2026-11-10", maturity_on="2027-11-10"),
        interest_paid("L-1", "2026-11-10", "2026-12-10"),
        # A 助保贷 loan of 2026-10-25 at 3.95%: the rate of 2026-09-20 (3.00) holds within the horizon, the
        # ceiling is 4.00: within.
        disbursed(
            "Z-1", uscc, product="zhubaodai", annual_rate="3.95", disbursed_on="2026-10-25", maturity_on="2027-10-25"
        ),
    )
    waiting = await later.get("/v1/loans/DEMO/L-1")
    assert (waiting["periods"][0]["decision"], waiting["periods"][0]["code"]) == ("waiting_lpr", "lpr_unknown")
    assert (await later.get("/v1/loans/DEMO/Z-1"))["ceiling"]["status"] == "within_ceiling"
    assert await later.subsidies(uscc=uscc) == []

    entered = await enter(later, "2026-10-20", "2.90", "3.40")
    assert entered.status_code == 201, entered.text
    assert entered.json() == {
        "published_on": "2026-10-20",
        "one_year": "2.90",
        "five_year": "3.40",
        "source": "entered",
    }
    [event] = await later.events("finance.lpr.published")
    assert (event["key"], event["payload"]) == (
        "lpr",
        {"published_on": "2026-10-20", "one_year": "2.90", "five_year": "3.40"},
    )
    # L-1 now reads 2.90 → 1.45%: 2026-11-10..12-10 = 30 days: 10,000,000.00 × 1.45% × 30 / 360 = 12,083.33.
    [subsidy] = await later.subsidies(uscc=uscc)
    assert (subsidy["amount"], subsidy["explanation"]["inputs"]["lpr_published_on"]) == ("12083.33", "2026-10-20")
    # Z-1 now reads 2.90: ceiling 3.90 < 3.95: flagged, and published.
    z = await later.get("/v1/loans/DEMO/Z-1")
    assert (z["flags"], z["ceiling"]["ceiling"], z["ceiling"]["lpr_published_on"]) == (
        ["rate_above_ceiling"],
        "3.90",
        "2026-10-20",
    )
    assert len(await later.events("finance.loan.rate_violation_flagged")) == 1
    assert (await rate(later, "2026-12-04")).json()["one_year"] == "2.90"  # the horizon runs from the new one
    # The facts ship 31 publications (2019-08-20 to 2026-09-20); with the one entered, 32, by date.
    first = await later.get("/v1/lpr/publications", limit=20)
    rest = await later.get("/v1/lpr/publications", limit=20, cursor=first["next_cursor"])
    publications = first["items"] + rest["items"]
    assert (len(first["items"]), len(rest["items"]), rest["next_cursor"]) == (20, 12, None)
    assert publications[-1] == {
        "published_on": "2026-10-20",
        "one_year": "2.90",
        "five_year": "3.40",
        "source": "entered",
    }
    assert (publications[0]["published_on"], publications[0]["source"]) == ("2019-08-20", "facts")


async def test_a_publication_is_entered_once_and_never_changed(later: World):
    assert (await enter(later, "2026-10-20", "3.00", "3.50")).status_code == 201
    again = await enter(later, "2026-10-20", "3.00", "3.50")
    assert (again.status_code, again.json()["source"]) == (200, "entered")
    assert len(await later.events("finance.lpr.published")) == 1
    other = await enter(later, "2026-10-20", "2.95", "3.50")
    assert (other.status_code, other.json()["code"]) == (409, "lpr_exists")
    shipped = await enter(later, "2024-10-21", "3.10", "3.60")
    assert (shipped.status_code, shipped.json()["source"]) == (200, "facts")
    rewritten = await enter(later, "2024-10-21", "3.05", "3.60")
    assert (rewritten.status_code, rewritten.json()["code"]) == (409, "lpr_exists")


@pytest.mark.parametrize(
    ("published_on", "one_year", "code"),
    [
        ("2026-12-21", "3.00", "lpr_invalid"),  # after today
        ("2019-01-01", "4.30", "lpr_invalid"),  # before the reformed LPR
        ("2026-11-20", "3.02", "lpr_invalid"),  # not a step of 0.05
        ("2026-11-20", "3.001", "validation_failed"),
        ("2026-11-20", "-3.00", "validation_failed"),
        ("2026-11-20", "three", "validation_failed"),
    ],
)
async def test_a_bad_publication_is_refused(later: World, published_on, one_year, code):
    response = await enter(later, published_on, one_year, "3.50")
    assert (response.status_code, response.json()["code"]) == (422, code)
    assert await later.events("finance.lpr.published") == []


async def test_only_an_admin_enters_a_publication(later: World):
    assert (await enter(later, "2026-10-20", "3.00", "3.50", client="platform")).status_code == 403
