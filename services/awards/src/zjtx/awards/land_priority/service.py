"""A3.land: the land-supply priority flag of a registered enterprise, from the recognitions kept in the
read model, on a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zjtx.awards import errors
from zjtx.awards.readmodel import repository as views
from zjtx.awards.rules.facts import EnterpriseFacts
from zjtx.awards.rules.premises import LandPriority, land_priority
from zjtx.common.kit.context import Context
from zjtx.common.uscc import normalise_uscc


@dataclass(frozen=True)
class EnterpriseLandPriority:
    facts: EnterpriseFacts
    on: date
    flag: LandPriority


async def read_land_priority(ctx: Context, *, uscc: str) -> EnterpriseLandPriority:
    """A3.land today (the context's clock) for the enterprise; EnterpriseNotFound unless the registry
    registered it."""
    code = normalise_uscc(uscc)
    facts = await views.enterprise_facts(ctx.session, code)
    # A recognition may arrive before its registration; such a placeholder has no name yet.
    if facts is None or not facts.name:
        raise errors.EnterpriseNotFound(f"no enterprise {code} has been registered", detail_zh=f"企业{code}尚未登记")
    on = ctx.today()
    return EnterpriseLandPriority(facts=facts, on=on, flag=land_priority(facts, on=on))
