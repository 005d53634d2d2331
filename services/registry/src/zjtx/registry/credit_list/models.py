from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zjtx.common.db import TimestampedMixin, UUIDKeyMixin
from zjtx.registry.base import Base


class CreditListEntry(UUIDKeyMixin, TimestampedMixin, Base):
    """An enterprise on a credit list (A13.2's red and black lists; 信用核查): `black` is the
    serious-dishonesty list (严重失信主体名单), `red` a list of good credit. On it from `listed_on` up to
    the day before `removed_on` (信用修复), or still on it while that is null."""

    __tablename__ = "credit_list_entries"

    uscc: Mapped[str] = mapped_column(ForeignKey("enterprises.uscc"), index=True)
    list: Mapped[str] = mapped_column(String(10))
    listed_on: Mapped[date]
    removed_on: Mapped[date | None]
    authority: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)
    # The reason in Chinese when the registry wrote it (an inspection's entry); none for a client's typed
    # reason, which reads as typed.
    reason_zh: Mapped[str | None] = mapped_column(Text)
    removal_reason: Mapped[str | None] = mapped_column(Text)
    # The inspection that put it on the list, when it came with one (A13.2).
    inspection_id: Mapped[uuid.UUID | None]
