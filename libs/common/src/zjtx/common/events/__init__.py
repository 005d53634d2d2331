"""Event contracts: the payloads each service publishes, one module per producing service.

Every event type is declared once, with its version and payload model, in one registry:
`(event_type, event_version) -> payload model`. `add_event` publishes only a declared contract with
a payload of its model; a consumer lists the contracts it handles, and so the versions it accepts. A
new optional field keeps the version; a breaking change is a new contract with the next version,
and consumers accept both while the change rolls out (DESIGN: "Versions")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from pydantic import BaseModel

if TYPE_CHECKING:
    from zjtx.common.messaging.envelope import Envelope

P = TypeVar("P", bound=BaseModel)


@dataclass(frozen=True, eq=False)
class EventContract(Generic[P]):
    """One version of one event type: `<service>.<aggregate>.<past-tense verb>` and its payload."""

    event_type: str
    version: int
    payload: type[P]

    @property
    def topic(self) -> str:
        """`<service>.<aggregate>`: the topic the event travels on."""
        return self.event_type.rsplit(".", 1)[0]

    @property
    def verb(self) -> str:
        return self.event_type.rsplit(".", 1)[1]

    def __repr__(self) -> str:
        return f"<{self.event_type} v{self.version}>"


@dataclass(frozen=True)
class Event(Generic[P]):
    """An event as a consumer's handler gets it: the envelope, and the payload checked against its contract."""

    envelope: Envelope
    payload: P
    contract: EventContract[P]


class ContractClash(ValueError):
    """The same event type and version declared twice."""


CONTRACTS: dict[tuple[str, int], EventContract] = {}


def contract(event_type: str, version: int, payload: type[P]) -> EventContract[P]:
    """Declare (once) version `version` of `event_type`, carrying `payload`."""
    parts = event_type.split(".")
    if len(parts) != 3 or not all(parts):
        raise ValueError(f"{event_type!r} is not <service>.<aggregate>.<verb>")
    if (event_type, version) in CONTRACTS:
        raise ContractClash(f"{event_type} v{version} is declared twice")
    declared = EventContract(event_type, version, payload)
    CONTRACTS[(event_type, version)] = declared
    return declared


def lookup(event_type: str, version: int) -> EventContract | None:
    return CONTRACTS.get((event_type, version))
