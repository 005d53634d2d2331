"""A1.1, A1.2, A1.3 (recognition awards, without application) and A1.park (the plaque). What a decision
needs to know of the enterprise's other recognitions and moves it works out from the facts themselves,
so the same facts give the same answer whatever order they were recorded in (RULES, principles)."""

from __future__ import annotations

import uuid
from datetime import date

from zjtx.awards.rules.facts import HOHHOT_DIVISION_PREFIX, EnterpriseFacts, RecognitionFact, RelocationFact
from zjtx.common.parameters import ParameterFile
from zjtx.common.reference import load_reference, said_zh, tier_zh
from zjtx.common.rules import BEFORE_POLICY, Decision, RuleContext, yuan

NATIONAL = "national_little_giant"
MUNICIPAL = "municipal_zjtx"


def little_giant_key(uscc: str) -> str:
    """A1.2 and A1.3 are one award for one enterprise (RULES decision): one key for both."""
    return f"A1.2|A1.3:{uscc}"


def _not_new(ctx: RuleContext, facts: EnterpriseFacts, recognition: RecognitionFact, key: str) -> Decision | None:
    """RULES decision: 'newly recognised' = dated on or after the policy's start, no earlier recognition of
    the same level among the enterprise's recognitions, not a renewal after re-review; and, for the
    award to stand, not revoked. A refusal saying why, or None."""
    start = ctx.policy_start()
    if recognition.recognized_on < start:
        return ctx.refuse(
            f"recognised on {recognition.recognized_on}, before the policy applies ({start})",
            zh=f"认定日期{recognition.recognized_on}早于本政策施行之日（{start}）",
            code=BEFORE_POLICY,
            dedup_key=key,
        )
    if recognition.renewal:
        return ctx.refuse(
            "a renewal after re-review is not a new recognition",
            zh="复核通过后的延续不属于新认定",
            code="renewal",
            dedup_key=key,
        )
    earlier = sorted(
        r.recognized_on
        for r in facts.recognitions
        if r.tier == recognition.tier and r.recognized_on < recognition.recognized_on
    )
    if earlier:
        return ctx.refuse(
            f"the enterprise held a recognition of this level before ({earlier[0]})",
            zh=f"企业此前已获同级认定（{earlier[0]}）",
            code="held_before",
            dedup_key=key,
        )
    if recognition.revoked:
        why = f": {recognition.revoked_reason}" if recognition.revoked_reason else ""
        why_zh = f"：{recognition.revoked_reason}" if recognition.revoked_reason else ""
        return ctx.refuse(
            f"recognition {recognition.tier} revoked on {recognition.revoked_on}{why}",
            zh=f"认定（{tier_zh(recognition.tier)}）已于{recognition.revoked_on}撤销{why_zh}",
            code="revoked",
            dedup_key=key,
        )
    return None


def _inputs(ctx: RuleContext, facts: EnterpriseFacts, recognition: RecognitionFact) -> None:
    ctx.inputs(
        uscc=facts.uscc,
        tier=recognition.tier,
        recognized_on=recognition.recognized_on,
        renewal=recognition.renewal,
        earlier_of_this_level=sorted(
            r.recognized_on
            for r in facts.recognitions
            if r.tier == recognition.tier and r.recognized_on < recognition.recognized_on
        ),
        revoked_on=recognition.revoked_on,
    )


def municipal_recognition_award(
    facts: EnterpriseFacts, recognition: RecognitionFact, parameters: ParameterFile
) -> Decision:
    """A1.1: a newly recognised 市级专精特新中小企业 gets a one-time 200,000."""
    ctx = RuleContext("A1.1", parameters, recognition.recognized_on)
    _inputs(ctx, facts, recognition)
    key = f"A1.1:{facts.uscc}"
    if recognition.tier != MUNICIPAL:
        return ctx.refuse(
            f"A1.1 is for municipal 专精特新 recognitions, not {recognition.tier}",
            zh=f"A1.1仅适用于市级专精特新中小企业认定，不适用于{tier_zh(recognition.tier)}",
            dedup_key=key,
        )
    refused = _not_new(ctx, facts, recognition, key)
    if refused is not None:
        return refused
    amount = ctx.yuan("municipal_recognition_award", "amount")
    ctx.step(
        f"one-time award for a new municipal recognition = {yuan(amount)}",
        zh=f"新认定市级专精特新中小企业，一次性奖励金额 = {yuan(amount)}元",
    )
    return ctx.decide(amount, dedup_key=key)


def national_little_giant_award(
    facts: EnterpriseFacts, recognition: RecognitionFact, parameters: ParameterFile
) -> Decision:
    """A1.2: a newly recognised 国家级专精特新“小巨人” gets a one-time 500,000 (shared with A1.3). One
    recognised outside Hohhot before moving in is A1.3's, whichever was recorded first (RULES A1.3)."""
    ctx = RuleContext("A1.2", parameters, recognition.recognized_on)
    _inputs(ctx, facts, recognition)
    key = little_giant_key(facts.uscc)
    if recognition.tier != NATIONAL:
        return ctx.refuse(
            f"A1.2 is for national little-giant recognitions, not {recognition.tier}",
            zh=f"A1.2仅适用于国家级专精特新“小巨人”企业认定，不适用于{tier_zh(recognition.tier)}",
            dedup_key=key,
        )
    refused = _not_new(ctx, facts, recognition, key)
    if refused is not None:
        return refused
    later_moves = sorted(r.moved_in_on for r in facts.relocations if r.moved_in_on > recognition.recognized_on)
    if later_moves:
        return ctx.refuse(
            f"recognised outside Hohhot before moving in on {later_moves[0]}: that is A1.3",
            zh=f"于{later_moves[0]}迁入呼和浩特市之前在市外获得认定，适用A1.3",
            code="relocation",
            dedup_key=key,
        )
    amount = ctx.yuan("national_little_giant_award", "amount")
    ctx.step(
        f"one-time award for a new national little giant = {yuan(amount)}",
        zh=f"新认定国家级专精特新“小巨人”企业，一次性奖励金额 = {yuan(amount)}元",
    )
    return ctx.decide(amount, dedup_key=key)


def relocation_award(facts: EnterpriseFacts, relocation: RelocationFact, parameters: ParameterFile) -> Decision:
    """A1.3: a national little giant moving its registration into Hohhot from outside the city (the move
    names the division it came from: not one of Hohhot's) gets a one-time 500,000."""
    ctx = RuleContext("A1.3", parameters, relocation.moved_in_on)
    ctx.inputs(
        uscc=facts.uscc,
        moved_in_on=relocation.moved_in_on,
        moved_from=relocation.moved_from,
        moved_from_division_code=relocation.moved_from_division_code,
    )
    key = little_giant_key(facts.uscc)
    start = ctx.policy_start()
    if relocation.moved_in_on < start:
        return ctx.refuse(
            f"moved in on {relocation.moved_in_on}, before the policy applies ({start})",
            zh=f"迁入日期{relocation.moved_in_on}早于本政策施行之日（{start}）",
            code=BEFORE_POLICY,
            dedup_key=key,
        )
    division = relocation.moved_from_division_code
    if not division:
        return ctx.refuse(
            "the move names no division it came from",
            zh="迁入记录未注明迁出地区划",
            code="origin_unknown",
            dedup_key=key,
        )
    if division.startswith(HOHHOT_DIVISION_PREFIX):
        return ctx.refuse(
            f"moved from {division}, a division of Hohhot",
            zh=f"迁出地{said_zh(load_reference().divisions, division)}属呼和浩特市辖区，不属于从市外迁入",
            code="within_city",
            dedup_key=key,
        )
    held = [r for r in facts.holds(frozenset({NATIONAL}), relocation.moved_in_on) if not r.revoked]
    if not held:
        return ctx.refuse(
            f"held no valid national little-giant recognition on {relocation.moved_in_on}",
            zh=f"{relocation.moved_in_on}未持有有效的国家级专精特新“小巨人”认定",
            code="not_recognised",
            dedup_key=key,
        )
    ctx.inputs(recognition=f"{held[0].tier} {held[0].recognized_on}..{held[0].expires_on}")
    amount = ctx.yuan("relocation_award", "amount")
    ctx.step(
        f"one-time award for a national little giant moving into Hohhot = {yuan(amount)}",
        zh=f"国家级专精特新“小巨人”企业整体迁入呼和浩特市，一次性奖励金额 = {yuan(amount)}元",
    )
    return ctx.decide(amount, dedup_key=key)


def park_plaque(
    *, park_id: uuid.UUID, park_name: str, qualified_on: date, zjtx_count: int, parameters: ParameterFile
) -> Decision:
    """A1.park: a park hosting at least 10 enterprises with a valid 专精特新 recognition: a plaque, no money."""
    ctx = RuleContext("A1.park", parameters, qualified_on)
    ctx.inputs(park_id=str(park_id), park_name=park_name, qualified_on=qualified_on, zjtx_count=zjtx_count)
    key = f"A1.park:{park_id}"
    too_early = ctx.refuse_before_policy(dedup_key=key)
    if too_early is not None:
        return too_early
    threshold = ctx.integer("park_plaque_threshold", "value")
    if zjtx_count < threshold:
        return ctx.refuse(
            f"{zjtx_count} enterprises with a valid recognition, fewer than {threshold}",
            zh=f"园区内有效认定的专精特新企业{zjtx_count}家，少于{threshold}家",
            dedup_key=key,
        )
    ctx.step(
        f"{zjtx_count} ≥ {threshold}: the plaque “专精特新园区” (non-monetary)",
        zh=f"有效认定的专精特新企业{zjtx_count}家 ≥ {threshold}家：授予“专精特新园区”牌匾（非资金奖励）",
    )
    return ctx.decide(0, dedup_key=key, monetary=False)
