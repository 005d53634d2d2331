"""POST /v1/simulate, the policy calculator, through the ASGI app (clock fixed at 2025-09-01): every
award a profile and hypothetical claims would bring, explained and split (F.1), what-if parameter
overrides and nothing stored (refusals: test_simulate_refusals.py). Figures are worked by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from zjtx.awards.award.models import Award
from zjtx.awards.claim.models import Claim
from zjtx.common.messaging.tables import OutboxRow
from zjtx.common.web.audit import AuditRecord

from .simulating import by_source, fair, profile, rent, simulate, upgrade


async def test_municipal_recognition_and_upgrade_claim(client, keys):
    # A1.1: a new municipal recognition on 2024-06-18 → 200,000.00.
    # A2.2: 20% × 2,500,000.00 = 500,000.00 ≤ cap 500,000.00 → 500,000.00 (the recognition is valid on 2025-05-31).
    # Total 200,000.00 + 500,000.00 = 700,000.00; F.1: 350,000.00 the city, 350,000.00 赛罕区 (150105).
    result = await simulate(
        client,
        keys,
        profile(recognitions=[{"tier": "municipal_zjtx", "recognized_on": "2024-06-18"}], claims=[upgrade()]),
    )
    awards = by_source(result)
    assert [(a["source"], a["rule"], a["eligible"], a["amount"]) for a in result["awards"]] == [
        ("recognitions[0]", "A1.1", True, "200000.00"),
        ("claims[0]", "A2.2", True, "500000.00"),
    ]
    assert result["total"] == "700000.00"
    assert result["funding"] == [
        {"funder": "city", "amount": "350000.00", "funder_name": "市本级"},
        {"funder": "150105", "amount": "350000.00", "funder_name": "赛罕区"},
    ]
    assert awards["claims[0]"]["funding"] == [
        {"funder": "city", "amount": "250000.00", "funder_name": "市本级"},
        {"funder": "150105", "amount": "250000.00", "funder_name": "赛罕区"},
    ]
    assert awards["claims[0]"]["explanation"]["formula"][-1] == "20% × 2,500,000.00 = 500,000.00"
    assert awards["claims[0]"]["reference_date"] == "2025-05-31"
    assert (result["as_of"], result["parameters_version"], result["overrides"]) == (
        "2025-09-01",
        "common:2026-12-02.1+awards:2026-12-02.1",
        [],
    )
    # A municipal recognition gives no land priority (A3.land is for little giants and champions).
    assert result["land_priority"]["eligible"] is False
    assert result["stored"] is False


async def test_the_calculator_refuses_what_the_black_list_bars_as_the_live_service_does(client, keys):
    # On the black list 2025-01-10 .. 2025-06-30 (removed 2025-07-01): the A1.1 recognition of 2024-06-18 is
    # before it (200,000.00); the A2.2 project completed 2025-05-31 is during it: refused, 0.00. Total 200,000.00.
    listing = {"list": "black", "listed_on": "2025-01-10", "removed_on": "2025-07-01"}
    result = await simulate(
        client,
        keys,
        profile(
            recognitions=[{"tier": "municipal_zjtx", "recognized_on": "2024-06-18"}],
            claims=[upgrade()],
            credit_lists=[listing],
        ),
    )
    assert [(a["source"], a["eligible"], a["amount"], a["reason_code"]) for a in result["awards"]] == [
        ("recognitions[0]", True, "200000.00", None),
        ("claims[0]", False, "0.00", "credit_black_list"),
    ]
    assert result["total"] == "200000.00"
    backwards = listing | {"removed_on": "2025-01-10"}
    refused = await simulate(client, keys, profile(credit_lists=[backwards]), status=422)
    assert refused["code"] == "validation_failed"


async def test_override_applies_to_the_value_in_force_and_is_marked(client, keys):
    # What if A2.2 paid 10%? 10% × 2,500,000.00 = 250,000.00; total 200,000.00 + 250,000.00 = 450,000.00.
    result = await simulate(
        client,
        keys,
        profile(
            recognitions=[{"tier": "municipal_zjtx", "recognized_on": "2024-06-18"}],
            claims=[upgrade()],
            parameter_overrides=[{"name": "upgrade_award", "key": "rate", "value": "0.10"}],
        ),
    )
    award = by_source(result)["claims[0]"]
    assert (award["amount"], result["total"]) == ("250000.00", "450000.00")
    assert (
        award["parameters_version"] == result["parameters_version"] == "common:2026-12-02.1+awards:2026-12-02.1+what-if"
    )
    reads = {read["name"]: read for read in award["explanation"]["parameters"]}
    assert reads["upgrade_award.rate"] == {
        "name": "upgrade_award.rate",
        "value": "0.10",
        "valid_from": "2022-01-01",
        "rule": "A2.2",
        "article": "二、对“专精特新”中小企业投资100万元以上的技改项目，按项目投资额的20%予以补助，最高不超过50万元",
        "overridden": True,
        "original_value": "0.20",
    }
    assert "overridden" not in reads["upgrade_award.cap"]
    assert result["overrides"] == [
        {
            "name": "upgrade_award.rate",
            "value": "0.10",
            "original_value": "0.20",
            "valid_from": "2022-01-01",
            "rule": "A2.2",
        }
    ]


async def test_an_override_may_be_a_json_number(client, keys):
    # 0.1 sent as a number reads as the rate 0.1: 10% × 2,500,000.00 = 250,000.00.
    result = await simulate(
        client,
        keys,
        profile(
            recognitions=[{"tier": "municipal_zjtx", "recognized_on": "2024-06-18"}],
            claims=[upgrade()],
            parameter_overrides=[{"name": "upgrade_award", "key": "rate", "value": 0.1}],
        ),
    )
    assert by_source(result)["claims[0]"]["amount"] == "250000.00"
    assert result["overrides"][0]["value"] == "0.1"


async def test_override_of_a_cap_and_a_whole_number(client, keys):
    # Cap raised to 600,000.00: 20% × 3,000,000.00 = 600,000.00 ≤ 600,000.00 → not capped.
    # A4.1 with consecutive_years = 2: below 2022, above 2023 and 2024 → the award falls due on 2024 → 300,000.00.
    result = await simulate(
        client,
        keys,
        profile(
            recognitions=[{"tier": "region_zjtx", "recognized_on": "2023-03-01"}],
            scale_reports=[
                {"year": 2022, "above_scale": False},
                {"year": 2023, "above_scale": True},
                {"year": 2024, "above_scale": True},
            ],
            claims=[upgrade("3000000.00")],
            parameter_overrides=[
                {"name": "upgrade_award", "key": "cap", "value": "600000"},
                {"name": "scale_up_award", "key": "consecutive_years", "value": 2},
            ],
        ),
    )
    awards = by_source(result)
    assert awards["claims[0]"]["amount"] == "600000.00"
    assert awards["claims[0]"]["explanation"]["caps"] == ["600,000.00 ≤ cap per project 600,000.00: not capped"]
    assert (awards["scale_reports"]["amount"], awards["scale_reports"]["reference_date"]) == ("300000.00", "2024-12-31")
    # 600,000.00 + 300,000.00 = 900,000.00 (a regional 专精特新 recognition has no A1 award).
    assert result["total"] == "900000.00"


async def test_relocated_little_giant_gets_one_award(client, keys):
    # Recognised a national little giant outside Hohhot on 2023-03-01, moved in on 2024-05-10:
    # A1.3 → 500,000.00; A1.2 refused (that recognition is A1.3's); one award, 500,000.00.
    # A3.land on 2025-09-01: a valid national little giant of the cluster agri_food → priority.
    result = await simulate(
        client,
        keys,
        profile(
            recognitions=[{"tier": "national_little_giant", "recognized_on": "2023-03-01"}],
            relocations=[
                {"moved_in_on": "2024-05-10", "moved_from": "北京市海淀区", "moved_from_division_code": "110108"}
            ],
        ),
    )
    awards = by_source(result)
    assert awards["relocations[0]"]["rule"] == "A1.3"
    assert (awards["relocations[0]"]["eligible"], awards["relocations[0]"]["amount"]) == (True, "500000.00")
    assert (awards["recognitions[0]"]["rule"], awards["recognitions[0]"]["eligible"]) == ("A1.2", False)
    assert "that is A1.3" in awards["recognitions[0]"]["reason"]
    assert result["total"] == "500000.00"
    assert result["land_priority"] == {
        "rule": "A3.land",
        "on": "2025-09-01",
        "eligible": True,
        "tiers": ["national_little_giant"],
        "reasons": ["holds national_little_giant on 2025-09-01: each six-cluster project has priority"],
    }


async def test_a_second_claim_for_the_same_facts_awards_nothing(client, keys):
    # The same project twice: the first 200,000.00 (20% × 1,000,000.00), the second refused, as the
    # database's unique key would refuse it.
    result = await simulate(
        client,
        keys,
        profile(
            recognitions=[{"tier": "region_zjtx", "recognized_on": "2023-03-01"}],
            claims=[upgrade("1000000.00"), upgrade("1000000.00")],
        ),
    )
    awards = by_source(result)
    assert (awards["claims[0]"]["eligible"], awards["claims[0]"]["amount"]) == (True, "200000.00")
    assert (awards["claims[1]"]["eligible"], awards["claims[1]"]["amount"]) == (False, "0.00")
    assert awards["claims[1]"]["reason"] == "already awarded for the same facts (A2.2): claims[0]"
    assert awards["claims[1]"]["funding"] == []
    assert result["total"] == "200000.00"


async def test_rent_over_four_years_in_any_order(client, keys):
    # A national little giant from 2022-03-01 (valid to 2025-03-01, so in each of 2022-2025).
    # A1.2: 500,000.00. A3.rent: 30% × 1,000,000.00 = 300,000.00 for 2022, 2023, 2024; 2025 is the
    # fourth year → refused. Claims are decided in date order whatever order they come in.
    # Total 500,000.00 + 3 × 300,000.00 = 1,400,000.00.
    result = await simulate(
        client,
        keys,
        profile(
            recognitions=[{"tier": "national_little_giant", "recognized_on": "2022-03-01"}],
            claims=[rent(2025), rent(2023), rent(2022), rent(2024)],
            as_of="2026-03-01",  # 2025 has ended
        ),
    )
    awards = by_source(result)
    assert [awards[f"claims[{i}]"]["amount"] for i in (2, 1, 3)] == ["300000.00"] * 3
    assert awards["claims[0]"]["eligible"] is False
    assert awards["claims[0]"]["reason"] == "the 3 consecutive years run 2022-2024; 2025 is outside them"
    assert result["total"] == "1400000.00"
    assert [a["reference_date"] for a in result["awards"]] == sorted(a["reference_date"] for a in result["awards"])


async def test_trade_fairs_share_the_yearly_cap(client, keys):
    # A6.1: 100% of the fee up to 50,000.00 a year: 30,000.00, then 50,000.00 − 30,000.00 = 20,000.00 left.
    result = await simulate(
        client, keys, profile(claims=[fair("2024-06-10", "30000.00"), fair("2024-03-10", "30000.00")])
    )
    awards = by_source(result)
    assert (awards["claims[1]"]["amount"], awards["claims[0]"]["amount"]) == ("30000.00", "20000.00")
    assert result["total"] == "50000.00"


async def test_odd_fen_goes_to_the_city(client, keys):
    # A2.2: 20% × 1,000,000.05 = 200,000.01; F.1: city 100,000.01, 金山高新区 100,000.00.
    result = await simulate(
        client,
        keys,
        profile(
            district_code="Z-JSGX",
            recognitions=[{"tier": "municipal_zjtx", "recognized_on": "2024-06-18"}],
            claims=[upgrade("1000000.05")],
        ),
    )
    award = by_source(result)["claims[0]"]
    assert award["amount"] == "200000.01"
    assert award["funding"] == [
        {"funder": "city", "amount": "100000.01", "funder_name": "市本级"},
        {"funder": "Z-JSGX", "amount": "100000.00", "funder_name": "金山高新区"},
    ]
    assert sum(Decimal(s["amount"]) for s in award["funding"]) == Decimal(award["amount"])


async def test_refusals_are_explained_not_errors(client, keys):
    # A1.1 before the policy (2021-05-01) → not new under the policy. A2.2 completed 2021-06-01: before
    # the policy → not eligible, with the reason (never a 500). A2.2 and A2.1 for an enterprise that is not
    # an SME → refused. A4.1 with two above-scale years → refused, saying it needs three.
    result = await simulate(
        client,
        keys,
        profile(
            is_sme=False,
            recognitions=[
                {"tier": "municipal_zjtx", "recognized_on": "2021-05-01", "expires_on": "2024-05-01"},
                {"tier": "region_zjtx", "recognized_on": "2020-03-01", "expires_on": "2023-03-01"},
                {"tier": "region_zjtx", "recognized_on": "2023-03-01", "renewal": True},
            ],
            scale_reports=[
                {"year": 2022, "above_scale": False},
                {"year": 2023, "above_scale": True},
                {"year": 2024, "above_scale": True},
            ],
            claims=[
                upgrade("999999.99"),
                upgrade("1500000.00", name="旧生产线改造", on="2021-06-01"),
                {
                    "rule": "A2.1",
                    "year": 2024,
                    "supply_amount": "8000000.00",
                    "previous_year_supply_amount": "5000000.00",
                    "buyer_name": "伊利集团",
                    "buyer_cluster": "agri_food",
                    "own_product": True,
                    "contract_refs": ["YL-2024-0087"],
                },
            ],
        ),
    )
    awards = by_source(result)
    assert all(a["eligible"] is False and a["amount"] == "0.00" for a in result["awards"])
    assert awards["recognitions[0]"]["reason"] == "recognised on 2021-05-01, before the policy applies (2022-01-01)"
    assert awards["recognitions[0]"]["reason_code"] == "before_policy"
    # Not an SME on any date (is_sme false): A2.2 needs one on its completion date, A2.1 on 2024-12-31.
    assert (awards["claims[0]"]["reason"], awards["claims[0]"]["reason_code"]) == (
        "not an SME on 2025-05-31",
        "not_sme",
    )
    assert (awards["claims[1]"]["reason"], awards["claims[1]"]["reason_code"]) == (
        "2021-06-01 is before the policy applies (2022-01-01)",
        "before_policy",
    )
    assert awards["claims[2]"]["reason"] == "not an SME on 2024-12-31"
    assert awards["scale_reports"]["reason"] == "2 consecutive above-scale year(s); the award needs 3"
    assert (result["total"], result["funding"]) == ("0.00", [])


async def test_nothing_is_stored(client, keys, sessions):
    async def counts() -> list[int]:
        async with sessions() as session:
            return [
                await session.scalar(select(func.count()).select_from(table))
                for table in (Award, Claim, OutboxRow, AuditRecord)
            ]

    before = await counts()
    result = await simulate(
        client,
        keys,
        profile(
            recognitions=[{"tier": "national_little_giant", "recognized_on": "2024-06-18"}],
            claims=[upgrade(), rent(2024), fair("2024-03-10", "30000.00")],
        ),
    )
    # 500,000.00 (A1.2) + 500,000.00 (A2.2) + 300,000.00 (A3.rent) + 30,000.00 (A6.1) = 1,330,000.00
    assert result["total"] == "1330000.00"
    assert await counts() == before


async def test_the_openapi_example_is_real(client, keys, app):
    schema = app.openapi()["components"]["schemas"]
    request = schema["SimulationRequest"]["examples"][0]
    expected = schema["SimulationRead"]["examples"][0]
    result = await simulate(client, keys, request)
    for field in ("uscc", "district_code", "as_of", "parameters_version", "overrides", "total", "funding", "stored"):
        assert result[field] == expected[field], field
    assert result["land_priority"] == expected["land_priority"]
    for got, example in zip(result["awards"], expected["awards"], strict=True):
        assert {k: got[k] for k in example if k != "explanation"} == {
            k: v for k, v in example.items() if k != "explanation"
        }
        for key, value in example["explanation"].items():
            assert got["explanation"][key] == value
