"""What the soak's clients were told: every write and its answer (the check compares the platform's
tables with it), and the run's constants."""

from __future__ import annotations

import secrets
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from zjtx.awards.definition import AWARDS
from zjtx.finance_subsidy.definition import FINANCE_SUBSIDY
from zjtx.hotline.definition import HOTLINE
from zjtx.payments_watch.definition import PAYMENTS_WATCH
from zjtx.registry.definition import REGISTRY

VAR = Path("var")
DEFINITIONS = (REGISTRY, AWARDS, FINANCE_SUBSIDY, PAYMENTS_WATCH, HOTLINE)
WEBHOOK_SECRET = secrets.token_urlsafe(24)
WRITE_DEADLINE = 45.0  # seconds a write is retried (same Idempotency-Key) before it counts as unacknowledged
MAX_IN_FLIGHT = 32  # writes to one service under way at once; beyond, a tick is skipped (the achieved rate says so)
CATEGORIES = ("arrears", "finance", "awards_policy", "inspection", "permits", "other")
SERIAL_BASE = 700_000_000
BUYER = {
    "code": "11150100011526044W",
    "name": "呼和浩特市浸泡测试局",
    "kind": "organ",
    "district_code": "150102",
    "supervisor": "呼和浩特市人民政府",
}


def log(message: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


# -- what the clients were told ------------------------------------------------------------------------


@dataclass
class Ledger:
    """Every write and its answer, as the clients saw them."""

    attempts: Counter = field(default_factory=Counter)  # kind -> writes started
    acked: Counter = field(default_factory=Counter)  # kind -> writes answered 2xx
    unacked: Counter = field(default_factory=Counter)  # kind -> never answered 2xx within the deadline
    refused: Counter = field(default_factory=Counter)  # kind -> answered 4xx (a soak bug, or a stuck key)
    stuck_in_progress: Counter = field(default_factory=Counter)  # kind -> key stayed 409 in progress to the end
    first_refusal: dict[str, str] = field(default_factory=dict)
    registered: dict[str, str] = field(default_factory=dict)  # uscc -> base name (acknowledged)
    registered_unacked: set[str] = field(default_factory=set)
    versions_acked: dict[str, int] = field(default_factory=dict)  # uscc -> last acknowledged version k
    versions_unacked: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    updates_acked: Counter = field(default_factory=Counter)  # uscc -> acknowledged updates
    updates_attempted: Counter = field(default_factory=Counter)
    recognitions: dict[str, str] = field(default_factory=dict)  # uscc -> recognition id (acknowledged)
    recognition_tried: set[str] = field(default_factory=set)
    tickets: dict[str, str] = field(default_factory=dict)  # external id -> uscc (acknowledged)
    contracts: set[str] = field(default_factory=set)  # contract numbers (acknowledged)
    busy: set[str] = field(default_factory=set)  # enterprises with a write of theirs under way
    next_version: Counter = field(default_factory=Counter)

    @property
    def writes(self) -> int:
        return sum(self.attempts.values())
