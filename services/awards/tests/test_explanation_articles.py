"""Every award cites the article of the rule that grants it (the sentence of the policy behind its amount),
and lists every other parameter it read with that parameter's own article. Awards computed from events
(A1.1, A1.2, A1.3, A4.1, A1.park) once cited the "policy in force from" sentence instead."""

from __future__ import annotations

import uuid
from datetime import date

from zjtx.common.testing.registry_events import (
    apply,
    make_uscc,
    park_qualified,
    recognition,
    registered,
    relocated,
    scale_reported,
)

from . import stored

START = "本政策……自发布之日起30日后施行 (issued 2021-12-02, in force 30 days later)"
ARTICLES = {
    "A1.1": "一、对新认定的市级“专精特新”中小企业，给予一次性奖励20万元",
    "A1.2": "一、对新认定的国家级专精特新“小巨人”企业……给予一次性奖励50万元",
    "A1.3": "一、我市行政区域以外迁入的国家级专精特新“小巨人”企业，给予一次性奖励50万元",
    "A4.1": "四、对“小升规”后连续3年不退规的中小企业，给予一次性奖励30万元",
    "A1.park": "一、对聚集10家以上“专精特新”中小企业的产业园区授予“专精特新园区”牌匾",
}


def _cites_its_own_article(award) -> None:
    explanation = award.explanation
    assert explanation["article"] == ARTICLES[award.rule], award.rule
    reads = {read["name"]: read for read in explanation["parameters"]}
    # The policy's first day is read too, and listed with its own sentence, not cited as the award's.
    assert reads["policy_in_force_from.value"]["article"] == START
    for read in reads.values():
        assert read["article"], read


async def test_automatic_awards_cite_their_own_article(sessions, handlers):
    municipal, national, moved, scaled = (make_uscc(n) for n in (1301, 1302, 1303, 1304))
    park_id = uuid.uuid4()
    await apply(
        sessions,
        handlers,
        registered(municipal),
        registered(national),
        registered(moved),
        registered(scaled),
        recognition(municipal, "municipal_zjtx", date(2024, 6, 18)),
        recognition(national, "national_little_giant", date(2024, 7, 1)),
        recognition(moved, "national_little_giant", date(2023, 7, 14)),
        relocated(moved, date(2024, 3, 1)),
        *(scale_reported(scaled, year, year > 2021) for year in (2021, 2022, 2023, 2024)),
        park_qualified(park_id, count=12),
    )
    awards = {award.rule: award for award in await stored.awards(sessions)}
    assert sorted(awards) == ["A1.1", "A1.2", "A1.3", "A1.park", "A4.1"]
    for award in awards.values():
        _cites_its_own_article(award)
    # A1.1 200,000.00 reads the amount parameter with the article that grants it.
    amount = next(r for r in awards["A1.1"].explanation["parameters"] if r["name"].endswith(".amount"))
    assert (amount["value"], amount["rule"], amount["article"]) == ("200000.00", "A1.1", ARTICLES["A1.1"])
