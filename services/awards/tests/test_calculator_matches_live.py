"""The calculator and the live service share one decision procedure: the same facts, fed to the live
service as registry events and claims (in the order given, late and out of order on purpose) and to
POST /v1/simulate as a profile, give the same awards, to the fen, and the awards worked out by hand.
One case per rule at least (A1.park has no enterprise profile: its plaque is decided from the park's
event alone, test_intake). Today is 2026-03-01, so 2025 is a finished year."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

import pytest

from zjtx.common.clock import CHINA
from zjtx.common.events import registry as ev
from zjtx.common.testing.registry_events import (
    REGISTERED_ON,
    apply,
    make_uscc,
    recognition,
    registered,
    relocated,
    scale_reported,
)

from . import stored
from .claiming import CLAIMS, live


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 3, 1, 10, 0, tzinfo=CHINA)


AS_OF = "2026-03-01"


# -- the facts, as one spec for both ------------------------------------------------------------------


@dataclass(frozen=True)
class Recognised:
    tier: str
    on: date
    expires: date
    revoked_on: date | None = None


@dataclass(frozen=True)
class Moved:
    on: date
    division: str = "110108"  # 北京市海淀区


@dataclass(frozen=True)
class Scale:
    year: int
    above: bool


@dataclass(frozen=True)
class Size:
    effective_on: date
    size_class: str


@dataclass(frozen=True)
class Claim:
    body: dict


@dataclass(frozen=True)
class Case:
    arrivals: list  # in the order the live service receives them
    expected: list[tuple[str, str, str]]  # (rule, amount, reference date), worked out by hand


def supply(year: int, current: str, previous: str) -> Claim:
    return Claim(
        {
            "rule": "A2.1",
            "year": year,
            "supply_amount": current,
            "previous_year_supply_amount": previous,
            "buyer_name": "伊利集团",
            "buyer_cluster": "agri_food",
            "own_product": True,
            "contract_refs": [f"YL-{year}"],
        }
    )


def upgrade(investment: str, completed_on: str) -> Claim:
    return Claim(
        {"rule": "A2.2", "project_name": "生产线改造", "investment_amount": investment, "completed_on": completed_on}
    )


def rent(year: int, paid: str = "1000000.00") -> Claim:
    return Claim({"rule": "A3.rent", "year": year, "rent_paid": paid, "premises_use": "production"})


def fair(name: str, held_on: str, fee: str) -> Claim:
    return Claim({"rule": "A6.1", "fair_name": name, "fair_level": "national", "held_on": held_on, "booth_fee": fee})


LITTLE_GIANT = Recognised("region_little_giant", date(2021, 6, 1), date(2027, 6, 1))
NATIONAL = Recognised("national_little_giant", date(2023, 7, 14), date(2026, 7, 14))
SCALE_UP = [Scale(2024, True), Scale(2022, True), Scale(2023, True), Scale(2021, False)]

CASES = {
    # A1.1: a new municipal recognition → 200,000.00 on its date.
    "A1.1": Case(
        [Recognised("municipal_zjtx", date(2024, 6, 18), date(2027, 6, 18))],
        [("A1.1", "200000.00", "2024-06-18")],
    ),
    # A1.1, an earlier municipal recognition recorded late: 2024's was not new → nothing (the calculator
    # once took "held this tier before" from the caller and promised 200,000.00 here).
    "A1.1 late earlier recognition": Case(
        [
            Recognised("municipal_zjtx", date(2024, 6, 18), date(2027, 6, 18)),
            Recognised("municipal_zjtx", date(2020, 5, 1), date(2023, 5, 1)),
        ],
        [],
    ),
    # A1.1 then the recognition revoked (fraud) → nothing stands.
    "A1.1 revoked": Case(
        [Recognised("municipal_zjtx", date(2024, 6, 18), date(2027, 6, 18), revoked_on=date(2025, 8, 1))], []
    ),
    # A1.2: a new national little giant in Hohhot → 500,000.00.
    "A1.2": Case([NATIONAL], [("A1.2", "500000.00", "2023-07-14")]),
    # A1.3, the move recorded after the recognition: recognised outside before moving in → A1.3 500,000.00
    # on the move-in date (once the live service said A1.2).
    "A1.3 move recorded late": Case([NATIONAL, Moved(date(2024, 3, 1))], [("A1.3", "500000.00", "2024-03-01")]),
    "A1.3 move recorded first": Case([Moved(date(2024, 3, 1)), NATIONAL], [("A1.3", "500000.00", "2024-03-01")]),
    # A4.1, reports out of order: below 2021, above 2022-2024 → 300,000.00 on 2024-12-31.
    "A4.1 out of order": Case(SCALE_UP, [("A4.1", "300000.00", "2024-12-31")]),
    # A4.1, large from 2022-06-01 (recorded late): not an SME on 2022-12-31 → nothing.
    "A4.1 late size": Case([*SCALE_UP, Size(date(2022, 6, 1), "large")], []),
    # A2.1, the earlier year claimed late: in order 2023 comes first, 5% × (6,000,000.00 − 5,000,000.00)
    # = 50,000.00, and A2.1 is once ever, so 2024's 150,000.00 gives way.
    "A2.1 earlier year late": Case(
        [supply(2024, "8000000.00", "5000000.00"), supply(2023, "6000000.00", "5000000.00")],
        [("A2.1", "50000.00", "2023-12-31")],
    ),
    # A2.2 claimed before the recognition it needs is recorded: 20% × 2,000,000.00 = 400,000.00.
    "A2.2 recognition late": Case(
        [upgrade("2000000.00", "2025-05-31"), Recognised("region_zjtx", date(2023, 3, 1), date(2026, 3, 1))],
        [("A2.2", "400000.00", "2025-05-31")],
    ),
    # A3.rent, 2025 first then 2022-2024: the run is 2022-2024, 30% × 1,000,000.00 = 300,000.00 each.
    "A3.rent out of order": Case(
        [LITTLE_GIANT, rent(2025), rent(2022), rent(2023), rent(2024)],
        [
            ("A3.rent", "300000.00", "2022-12-31"),
            ("A3.rent", "300000.00", "2023-12-31"),
            ("A3.rent", "300000.00", "2024-12-31"),
        ],
    ),
    # A6.1, June's fair claimed before March's: March 30,000.00, June min(30,000.00, 20,000.00 left).
    "A6.1 out of order": Case(
        [fair("广交会", "2025-06-10", "30000.00"), fair("进博会", "2025-03-10", "30000.00")],
        [("A6.1", "30000.00", "2025-03-10"), ("A6.1", "20000.00", "2025-06-10")],
    ),
    # A6.1, large from 2025-01-01 (recorded late): not an SME on the fair's date → nothing.
    "A6.1 late size": Case([fair("进博会", "2025-04-20", "15000.00"), Size(date(2025, 1, 1), "large")], []),
}


# -- the two runs ---------------------------------------------------------------------------------------


async def _live(client, keys, sessions, handlers, uscc: str, case: Case) -> list[tuple[str, str, str]]:
    await apply(sessions, handlers, registered(uscc))
    for item in case.arrivals:
        match item:
            case Recognised():
                recognition_id = uuid.uuid4()
                events = [recognition(uscc, item.tier, item.on, expires_on=item.expires, recognition_id=recognition_id)]
                if item.revoked_on:
                    events.append(
                        recognition(
                            uscc,
                            item.tier,
                            item.on,
                            expires_on=item.expires,
                            recognition_id=recognition_id,
                            verb="revoked",
                            status="revoked",
                            revoked_on=item.revoked_on,
                        )
                    )
                await apply(sessions, handlers, *events)
            case Moved():
                await apply(sessions, handlers, relocated(uscc, item.on, moved_from_division_code=item.division))
            case Scale():
                await apply(sessions, handlers, scale_reported(uscc, item.year, item.above))
            case Size():
                update = registered(
                    uscc, contract=ev.ENTERPRISE_UPDATED_V2, size_class=item.size_class, effective_on=item.effective_on
                )
                await apply(sessions, handlers, update)
            case Claim():
                response = await client.post(CLAIMS, headers=keys.headers("platform"), json={**item.body, "uscc": uscc})
                assert response.status_code == 201, response.text
    return [(rule, _yuan(fen), on.isoformat()) for rule, fen, on in live(await stored.awards(sessions, uscc=uscc))]


async def _calculated(client, keys, uscc: str, case: Case) -> list[tuple[str, str, str]]:
    items = case.arrivals
    profile = {
        "uscc": uscc,
        "district_code": "150105",
        "cluster": "agri_food",
        "as_of": AS_OF,
        "recognitions": [
            {
                "tier": r.tier,
                "recognized_on": r.on.isoformat(),
                "expires_on": r.expires.isoformat(),
                "revoked_on": r.revoked_on.isoformat() if r.revoked_on else None,
            }
            for r in items
            if isinstance(r, Recognised)
        ],
        "relocations": [
            {"moved_in_on": m.on.isoformat(), "moved_from": "北京市海淀区", "moved_from_division_code": m.division}
            for m in items
            if isinstance(m, Moved)
        ],
        "scale_reports": [{"year": s.year, "above_scale": s.above} for s in items if isinstance(s, Scale)],
        # The registration's size (small, from 2019-05-08) and every change after it.
        "size_history": [
            {"effective_on": REGISTERED_ON.isoformat(), "size_class": "small"},
            *(
                {"effective_on": s.effective_on.isoformat(), "size_class": s.size_class}
                for s in items
                if isinstance(s, Size)
            ),
        ],
        "claims": [c.body for c in items if isinstance(c, Claim)],
    }
    response = await client.post("/v1/simulate", headers=keys.headers("reader"), json=profile)
    assert response.status_code == 200, response.text
    return sorted((a["rule"], a["amount"], a["reference_date"]) for a in response.json()["awards"] if a["eligible"])


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


@pytest.mark.parametrize("name", list(CASES))
async def test_the_same_facts_give_the_same_awards_live_and_in_the_calculator(client, keys, sessions, handlers, name):
    case = CASES[name]
    uscc = make_uscc(1700 + list(CASES).index(name))
    live_awards = await _live(client, keys, sessions, handlers, uscc, case)
    calculated = await _calculated(client, keys, uscc, case)
    assert live_awards == calculated == sorted(case.expected)
