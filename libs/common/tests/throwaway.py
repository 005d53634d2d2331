"""A service built from the kit the way docs/new-service.md says, written out by a test: it records
ticks (POST /v1/ticks publishes `throwaway.tick.recorded` through the outbox) and counts them when
its consumer receives them. The count has no unique key of its own, so only the inbox stands between a
redelivered event and a second count: the inbox tests use it for that."""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE = "throwaway_service"

FILES = {
    "__init__.py": '''"""A service made from the kit: it counts ticks."""
''',
    "base.py": """from sqlalchemy.orm import DeclarativeBase

from zjtx.common.db import service_metadata


class Base(DeclarativeBase):
    metadata = service_metadata()
""",
    "tables.py": """from throwaway_service.base import Base
from throwaway_service.tick import models as tick_models

metadata = Base.metadata

__all__ = ["metadata", "tick_models"]
""",
    "events.py": """from pydantic import BaseModel

from zjtx.common.events import contract


class Tick(BaseModel):
    name: str


TICK_RECORDED = contract("throwaway.tick.recorded", 1, Tick)
""",
    "tick/__init__.py": "",
    "tick/models.py": """from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from throwaway_service.base import Base


class Counter(Base):
    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[int]
""",
    "tick/service.py": '''from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from throwaway_service.events import TICK_RECORDED, Tick
from throwaway_service.tick.models import Counter
from zjtx.common.kit import Context
from zjtx.common.messaging import add_event


async def record_tick(ctx: Context, *, name: str) -> None:
    await add_event(
        ctx.session, TICK_RECORDED, key=name, payload=Tick(name=name), producer="throwaway", occurred_at=ctx.clock.now()
    )


async def count_tick(ctx: Context, *, name: str) -> None:
    """Adds one, whatever it is given: no key of its own would notice a second delivery."""
    statement = insert(Counter).values(name=name, value=1)
    await ctx.session.execute(
        statement.on_conflict_do_update(index_elements=["name"], set_={"value": Counter.value + 1})
    )


async def read_count(ctx: Context, *, name: str) -> int:
    return int(await ctx.session.scalar(select(Counter.value).where(Counter.name == name)) or 0)
''',
    "tick/router.py": """from fastapi import APIRouter
from pydantic import BaseModel

from throwaway_service.tick import service
from zjtx.common.kit import TransactionalRoute, scoped_context

router = APIRouter(prefix="/v1", tags=["ticks"], route_class=TransactionalRoute)
Writer = scoped_context("admin")


class TickCreate(BaseModel):
    name: str


@router.post("/ticks", status_code=202, summary="Record a tick; it is counted when its event comes back")
async def record(body: TickCreate, ctx: Writer) -> dict[str, str]:
    await service.record_tick(ctx, name=body.name)
    return {"status": "recorded"}


@router.get("/counters/{name}", summary="How many ticks of this name were counted")
async def read(name: str, ctx: Writer) -> dict[str, int]:
    return {"value": await service.read_count(ctx, name=name)}
""",
    "tick/handlers.py": """from throwaway_service.events import Tick
from throwaway_service.tick import service
from zjtx.common.events import Event
from zjtx.common.kit import Context


async def on_tick(ctx: Context, event: Event[Tick]) -> None:
    await service.count_tick(ctx, name=event.payload.name)
""",
    "definition.py": """from pathlib import Path

from throwaway_service.events import TICK_RECORDED
from throwaway_service.tick.handlers import on_tick
from throwaway_service.tick.router import router
from zjtx.common.kit import ServiceDefinition
from zjtx.common.migrations import Schema

THROWAWAY = ServiceDefinition(
    name="throwaway",
    port=8099,
    title="Throwaway",
    description="A service made from the kit in a test",
    schema=Schema(tables="throwaway_service.tables", versions=Path(__file__).parent / "migrations" / "versions"),
    routers=(router,),
    handlers={TICK_RECORDED: on_tick},
    publishes=(TICK_RECORDED.topic,),
)
""",
}


def write_service(root: Path) -> Path:
    """Write the service's files under `root` and make it importable; its versions directory."""
    package = root / PACKAGE
    for name, text in FILES.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    versions = package / "migrations" / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(root))
    return versions
