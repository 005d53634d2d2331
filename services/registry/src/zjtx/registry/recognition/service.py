"""Recognition use cases: grant or renew, revoke, expire (A1.1, A1.2; consumed by awards and finance)."""

from __future__ import annotations

import uuid
from datetime import date

from zjtx.common.clock import add_years
from zjtx.common.dates import check_fact_date
from zjtx.common.events import registry as events
from zjtx.common.kit.context import Context
from zjtx.common.parameters import ParameterNotInForce
from zjtx.common.reference import TIER_NAMES
from zjtx.common.web.audit import record_audit
from zjtx.registry import errors
from zjtx.registry.enterprise.service import get_enterprise
from zjtx.registry.history.service import record_fact
from zjtx.registry.park import service as park_service
from zjtx.registry.publishing import publish
from zjtx.registry.recognition import repository
from zjtx.registry.recognition.models import WITHDRAWN, Recognition
from zjtx.registry.recognition.schemas import RecognitionCreate, RecognitionRevoke, RecognitionWithdraw

EXPIRY_BATCH = 500
# A recognition's statuses as a Chinese reader reads them (the codes stay in the answers).
_STATUS_ZH = {"valid": "有效", "renewed": "已续期", "revoked": "已撤销", "expired": "已到期", "withdrawn": "已撤回"}


def _tier(code: str) -> str:
    """A tier's Chinese name (国家级专精特新“小巨人”), the code for one the table does not have."""
    return TIER_NAMES.get(code, code)


async def grant_recognition(ctx: Context, *, uscc: str, data: RecognitionCreate) -> Recognition:
    """Record a recognition. A renewal replaces the live one of its tier (status `renewed`); a second
    live recognition of a tier that is not a renewal is refused."""
    enterprise = await get_enterprise(ctx, uscc, for_update=True)
    check_fact_date("recognized_on", data.recognized_on, today=ctx.today())
    expires_on = data.expires_on or _default_expiry(ctx, data)
    if expires_on <= data.recognized_on:
        raise errors.ExpiryBeforeRecognition(
            f"expires_on {expires_on} is not after recognized_on {data.recognized_on}",
            detail_zh=f"到期日{expires_on}不晚于认定日{data.recognized_on}",
        )
    live = await repository.live_of_tier(ctx.session, enterprise.uscc, data.tier)
    if live is not None and not data.renewal and live.expires_on <= min(data.recognized_on, ctx.today()):
        # It lapsed before this one began and the expiry job has not marked it yet (e.g. history being
        # recorded): expire it now, as the job would, rather than call the new one a second live one.
        await _expire(ctx, live, enterprise.district_code)
        await ctx.session.flush()  # before the new row: one valid recognition per tier (partial unique index)
        live = None
    if live is not None and not data.renewal:
        raise errors.RecognitionAlreadyLive(
            f"{enterprise.uscc} holds {data.tier} since {live.recognized_on} until {live.expires_on}"
            " (send renewal: true for a renewal after re-review)",
            detail_zh=f"{enterprise.uscc}自{live.recognized_on}至{live.expires_on}持有{_tier(data.tier)}"
            "（复核后续期请传renewal: true）",
        )
    if live is not None:
        live.status = "renewed"
        await ctx.session.flush()
        await record_audit(
            ctx.session,
            actor=ctx.actor,
            action="recognition.renew",
            entity_type="recognition",
            entity_id=str(live.id),
            before={"status": "valid"},
            after={"status": "renewed"},
        )
    recognition = Recognition(
        id=uuid.uuid4(),
        uscc=enterprise.uscc,
        tier=data.tier,
        document_no=data.document_no,
        recognized_on=data.recognized_on,
        expires_on=expires_on,
        renewal=data.renewal,
        held_tier_before=await repository.held_tier_before(ctx.session, enterprise.uscc, data.tier, data.recognized_on),
        status="valid",
    )
    ctx.session.add(recognition)
    await ctx.session.flush()
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="recognition.grant",
        entity_type="recognition",
        entity_id=str(recognition.id),
        before=None,
        after=_view(recognition, enterprise.district_code),
    )
    await publish(
        ctx.session,
        clock=ctx.clock,
        actor=ctx.actor.name,
        event=events.RECOGNITION_RENEWED if data.renewal else events.RECOGNITION_GRANTED,
        key=enterprise.uscc,
        uscc=enterprise.uscc,
        payload=payload(recognition, enterprise.district_code),
        summary=f"{'renewed' if data.renewal else 'recognised'} {data.tier} ({data.document_no})",
        summary_zh=f"{'续期' if data.renewal else '认定为'}{_tier(data.tier)}（{data.document_no}）",
    )
    if enterprise.park_id is not None:
        await park_service.check_qualification(ctx, park_id=enterprise.park_id)
    return recognition


async def revoke_recognition(
    ctx: Context, *, uscc: str, recognition_id: uuid.UUID, data: RecognitionRevoke
) -> Recognition:
    enterprise = await get_enterprise(ctx, uscc, for_update=True)
    check_fact_date("revoked_on", data.revoked_on, today=ctx.today())
    recognition = await repository.get(ctx.session, enterprise.uscc, recognition_id)
    if recognition is None:
        raise errors.RecognitionNotFound(
            f"{enterprise.uscc} has no recognition {recognition_id}",
            detail_zh=f"{enterprise.uscc}没有认定{recognition_id}",
        )
    if recognition.status != "valid":
        raise errors.RecognitionNotValid(
            f"the recognition is {recognition.status}",
            detail_zh=f"该认定状态为{_STATUS_ZH.get(recognition.status, recognition.status)}",
        )
    if data.revoked_on < recognition.recognized_on:
        raise errors.RevocationBeforeRecognition(
            f"revoked_on {data.revoked_on} is before {recognition.recognized_on}",
            detail_zh=f"撤销日{data.revoked_on}早于认定日{recognition.recognized_on}",
        )
    before = _view(recognition, enterprise.district_code)
    recognition.status, recognition.revoked_on, recognition.revoked_reason = "revoked", data.revoked_on, data.reason
    await ctx.session.flush()
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="recognition.revoke",
        entity_type="recognition",
        entity_id=str(recognition.id),
        before=before,
        after=_view(recognition, enterprise.district_code),
    )
    await publish(
        ctx.session,
        clock=ctx.clock,
        actor=ctx.actor.name,
        event=events.RECOGNITION_REVOKED,
        key=enterprise.uscc,
        uscc=enterprise.uscc,
        payload=payload(recognition, enterprise.district_code),
        summary=f"{recognition.tier} revoked on {data.revoked_on}: {data.reason}",
        summary_zh=f"{_tier(recognition.tier)}于{data.revoked_on}被撤销：{data.reason}",
    )
    return recognition


async def withdraw_recognition(
    ctx: Context, *, uscc: str, recognition_id: uuid.UUID, data: RecognitionWithdraw
) -> Recognition:
    """A correction (issue 12, item 2): the recognition was recorded in error, whatever its status, and never
    held. It stays on record as `withdrawn` with the reason, counts for nothing (parks, KPIs, whether a later
    one is new), and is published (`registry.recognition.withdrawn`): what it brought is taken back (an
    unpaid award revoked, a paid one flagged for recovery). A withdrawn renewal never replaced anything: the
    recognition it had marked `renewed` holds again (valid, or expired if its term ended meanwhile)."""
    enterprise = await get_enterprise(ctx, uscc, for_update=True)
    recognition = await repository.get(ctx.session, enterprise.uscc, recognition_id)
    if recognition is None:
        raise errors.RecognitionNotFound(
            f"{enterprise.uscc} has no recognition {recognition_id}",
            detail_zh=f"{enterprise.uscc}没有认定{recognition_id}",
        )
    if recognition.status == WITHDRAWN:
        raise errors.RecognitionWithdrawn(
            f"withdrawn already: {recognition.withdrawn_reason}", detail_zh=f"已撤回：{recognition.withdrawn_reason}"
        )
    before = _view(recognition, enterprise.district_code)
    was_live_renewal = recognition.renewal and recognition.status == "valid"
    recognition.status, recognition.withdrawn_reason = WITHDRAWN, data.reason
    await ctx.session.flush()  # before a predecessor is valid again: one valid recognition per tier
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="recognition.withdraw",
        entity_type="recognition",
        entity_id=str(recognition.id),
        before=before,
        after={**before, "status": WITHDRAWN, "withdrawn_reason": data.reason},
    )
    await publish(
        ctx.session,
        clock=ctx.clock,
        actor=ctx.actor.name,
        event=events.RECOGNITION_WITHDRAWN,
        key=enterprise.uscc,
        uscc=enterprise.uscc,
        payload=events.RecognitionWithdrawn(
            recognition_id=recognition.id,
            uscc=recognition.uscc,
            tier=recognition.tier,
            document_no=recognition.document_no,
            recognized_on=recognition.recognized_on,
            district_code=enterprise.district_code,
            reason=data.reason,
        ),
        summary=f"{recognition.tier} ({recognition.document_no}) withdrawn as recorded in error: {data.reason}",
        summary_zh=f"{_tier(recognition.tier)}（{recognition.document_no}）因误录撤回：{data.reason}",
    )
    if was_live_renewal:
        await _restore_renewed(ctx, recognition, enterprise.district_code)
    return recognition


async def _restore_renewed(ctx: Context, withdrawn: Recognition, district_code: str) -> None:
    """The recognition a withdrawn renewal had replaced is live again until its own expiry; expired (and
    published so) if that came meanwhile, as the daily job would have done. The services that read
    recognitions go by their dates, not by `renewed`: a recognition that is valid again changes nothing
    for them, so it is audited and told in the history, and published only when it expires."""
    predecessor = await repository.renewed_by(ctx.session, withdrawn)
    if predecessor is None:
        return
    predecessor.status = "valid"
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="recognition.restore",
        entity_type="recognition",
        entity_id=str(predecessor.id),
        before={"status": "renewed"},
        after={"status": "valid", "because": f"renewal {withdrawn.id} withdrawn"},
    )
    await record_fact(
        ctx.session,
        uscc=predecessor.uscc,
        line_type="registry.recognition.restored",
        at=ctx.clock.now(),
        on=ctx.today(),
        summary=f"{predecessor.tier} ({predecessor.document_no}) holds again until {predecessor.expires_on}: "
        "the renewal that replaced it was withdrawn",
        summary_zh=f"{_tier(predecessor.tier)}（{predecessor.document_no}）恢复有效至{predecessor.expires_on}："
        "取代它的续期已撤回",
        payload={"recognition_id": str(predecessor.id), "withdrawn_renewal_id": str(withdrawn.id)},
        actor=ctx.actor.name,
    )
    if predecessor.expires_on <= ctx.today():
        await _expire(ctx, predecessor, district_code)
    await ctx.session.flush()


async def expire_due(ctx: Context) -> int:
    """One batch of the hourly job (it runs `in_batches`, a transaction a batch, until a batch changes
    nothing: the recognitions of one year's list expire on the same day): up to EXPIRY_BATCH valid
    recognitions whose expiry date has come, marked and published; how many."""
    due = await repository.due_to_expire(ctx.session, ctx.today(), limit=EXPIRY_BATCH)
    for recognition in due:
        enterprise = await get_enterprise(ctx, recognition.uscc)
        await _expire(ctx, recognition, enterprise.district_code)
    await ctx.session.flush()
    return len(due)


async def _expire(ctx: Context, recognition: Recognition, district_code: str) -> None:
    recognition.status = "expired"
    await record_audit(
        ctx.session,
        actor=ctx.actor,
        action="recognition.expire",
        entity_type="recognition",
        entity_id=str(recognition.id),
        before={"status": "valid"},
        after={"status": "expired"},
    )
    await publish(
        ctx.session,
        clock=ctx.clock,
        actor=ctx.actor.name,
        event=events.RECOGNITION_EXPIRED,
        key=recognition.uscc,
        uscc=recognition.uscc,
        payload=payload(recognition, district_code),
        summary=f"{recognition.tier} expired on {recognition.expires_on}",
        summary_zh=f"{_tier(recognition.tier)}于{recognition.expires_on}到期",
    )


def _default_expiry(ctx: Context, data: RecognitionCreate) -> date:
    """The tier's validity (reference.md: 3 years) from the recognition date, when the caller gave none."""
    try:
        validity = ctx.parameters.in_force("recognition_validity_years", data.recognized_on)
    except ParameterNotInForce:
        raise errors.ExpiryRequired(
            f"no validity period for {data.tier} is on record for {data.recognized_on}: give expires_on",
            detail_zh=f"{data.recognized_on}没有{_tier(data.tier)}有效期的记录：请填写expires_on",
        ) from None
    return add_years(data.recognized_on, int(validity.body["tiers"][data.tier]))


async def list_recognitions(
    ctx: Context, *, uscc: str, limit: int, after: tuple[date, uuid.UUID] | None
) -> list[Recognition]:
    """A page of the enterprise's recognitions, oldest first, after the one of `after` (its date, its id)."""
    enterprise = await get_enterprise(ctx, uscc)
    return await repository.of_enterprise(ctx.session, enterprise.uscc, limit=limit, after=after)


def payload(recognition: Recognition, district_code: str) -> events.RecognitionEvent:
    return events.RecognitionEvent(
        recognition_id=recognition.id,
        uscc=recognition.uscc,
        tier=recognition.tier,
        document_no=recognition.document_no,
        recognized_on=recognition.recognized_on,
        expires_on=recognition.expires_on,
        renewal=recognition.renewal,
        held_tier_before=recognition.held_tier_before,
        status=recognition.status,
        district_code=district_code,
        revoked_on=recognition.revoked_on,
        revoked_reason=recognition.revoked_reason,
    )


def _view(recognition: Recognition, district_code: str) -> dict:
    return payload(recognition, district_code).model_dump(mode="json")
