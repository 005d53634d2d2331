"""A13 flags on inspections: pure functions over the facts, parameters passed in; the answer carries
its explanation (the figures read and each check with its numbers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from zjtx.common.parameters import ParameterFile
from zjtx.common.rules import Explanation, RuleContext


@dataclass(frozen=True)
class InspectionFacts:
    inspection_type: str
    ended_on: date
    published_on: date | None
    special_sector: bool


@dataclass(frozen=True)
class Flag:
    rule: str
    message: str
    message_zh: str  # the same for a Chinese reader (the default one)

    def said_in(self, language: str) -> str:
        return self.message_zh if language.startswith("zh") else self.message


@dataclass(frozen=True)
class InspectionCheck:
    flags: list[Flag]
    explanation: Explanation


def inspection_flags(
    inspection: InspectionFacts, *, earlier_same_type_this_year: int, today: date, parameters: ParameterFile
) -> InspectionCheck:
    """A13.1: more same-type routine inspections in a calendar year than allowed (special sectors exempt).
    A13.2: results published more than N days after the end, or not published and N days have passed.
    An inspection that ended before the policy applies is recorded without flags, and says why."""
    ctx = RuleContext("A13", parameters, inspection.ended_on)
    ctx.inputs(
        inspection_type=inspection.inspection_type,
        ended_on=inspection.ended_on,
        published_on=inspection.published_on,
        special_sector=inspection.special_sector,
        earlier_same_type_this_year=earlier_same_type_this_year,
    )
    flags: list[Flag] = []
    too_early = ctx.refuse_before_policy()
    if too_early is not None:
        # Recorded like any other fact; A13 was not in force when it ended, so nothing is flagged.
        ctx.cap("no flag: A13 did not apply then", zh="不作标记：当时A13尚未施行")
        return InspectionCheck([], too_early.explanation)
    per_year = ctx.integer("inspections_same_type_per_year", "value")
    number = earlier_same_type_this_year + 1
    if inspection.special_sector:
        ctx.step("A13.1: a special sector: not limited", zh="A13.1：特殊行业，不受次数限制")
    else:
        year = inspection.ended_on.year
        ctx.step(
            f"A13.1: inspection number {number} of its type in {year}; at most {per_year}",
            zh=f"A13.1：{year}年同类检查第{number}次；每年至多{per_year}次",
        )
        if number > per_year:
            flags.append(
                Flag(
                    "A13.1",
                    f"inspection number {number} of type {inspection.inspection_type!r} in "
                    f"{inspection.ended_on.year}; at most {per_year} a year",
                    f"{year}年第{number}次“{inspection.inspection_type}”类检查；每年至多{per_year}次",
                )
            )
    days = ctx.integer("inspection_publish_within_days", "value")
    deadline = inspection.ended_on + timedelta(days=days)
    ctx.step(
        f"A13.2: results due by {deadline} ({inspection.ended_on} + {days} days)",
        zh=f"A13.2：结果应不晚于{deadline}公示（{inspection.ended_on}后{days}日）",
    )
    if inspection.published_on is not None and inspection.published_on > deadline:
        late = (inspection.published_on - inspection.ended_on).days
        flags.append(
            Flag(
                "A13.2",
                f"results published {late} days after the inspection ended; limit {days}",
                f"检查结束{late}日后才公示结果；限{days}日内",
            )
        )
    elif inspection.published_on is None and today > deadline:
        flags.append(
            Flag(
                "A13.2",
                f"results not published and {(today - inspection.ended_on).days} days have "
                f"passed since the inspection ended; limit {days}",
                f"检查结束已{(today - inspection.ended_on).days}日，结果仍未公示；限{days}日内",
            )
        )
    ctx.cap(
        ", ".join(f"{flag.rule}: {flag.message}" for flag in flags) or "no flag",
        zh="；".join(f"{flag.rule}：{flag.message_zh}" for flag in flags) or "无标记",
    )
    return InspectionCheck(flags, ctx.explanation)
