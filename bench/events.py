"""Registry-like events for the benchmarks: an `enterprise.registered` snapshot (~400 bytes of envelope)
for a distinct, valid credit code per serial."""

from __future__ import annotations

from datetime import date
from typing import Any

from zjtx.common.events import registry as registry_events
from zjtx.common.events.registry import EnterpriseSnapshot
from zjtx.common.testing.registry_events import registration_body
from zjtx.common.testing.uscc import make_uscc

EVENT = registry_events.ENTERPRISE_REGISTERED
TOPIC = EVENT.topic


def enterprise_body(serial: int) -> dict[str, Any]:
    """The JSON a client POSTs to /v1/enterprises."""
    return registration_body(make_uscc(serial), name=f"呼和浩特基准企业{serial}")


def snapshot(serial: int) -> EnterpriseSnapshot:
    """The payload the registry publishes for that enterprise."""
    return EnterpriseSnapshot(
        uscc=make_uscc(serial),
        name=f"呼和浩特基准企业{serial}",
        district_code="150105",
        sector="industry",
        cluster="agri_food",
        employees=120,
        annual_revenue="35000000.00",
        total_assets="52000000.00",
        size_class="medium",
        is_sme=True,
        registered_on=date(2019, 5, 8),
        park_id=None,
    )
