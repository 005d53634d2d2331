"""The kit's cursors: a page's last sort key goes out and comes back as it was; whatever else comes back
(forged, from another list, at the ends of time) is `cursor_invalid`, never a value for the database."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from zjtx.common.web import paging
from zjtx.common.web.paging import InvalidCursor, encode_cursor

CHINA = timezone(timedelta(hours=8))
ROW = SimpleNamespace(
    at=datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=CHINA), on=date(2025, 3, 1), id=uuid.uuid4(), seq=41
)
PARTS = (paging.instant, paging.day, paging.identifier, paging.seq)


def test_the_last_sort_key_of_a_full_page_comes_back_as_it_was():
    cursor = paging.next_cursor([ROW, ROW], 2, lambda row: (row.at, row.on, row.id, row.seq))
    assert paging.after(cursor, *PARTS) == (ROW.at, ROW.on, ROW.id, ROW.seq)
    assert paging.next_cursor([ROW], 2, lambda row: (row.at,)) is None  # a short page is the last
    assert paging.after(None, *PARTS) is None


@pytest.mark.parametrize(
    "values",
    [
        ["2025-03-01T09:30:15", "2025-03-01", str(ROW.id), 1],  # an instant without its offset
        ["0001-01-01T00:00:00+14:00", "2025-03-01", str(ROW.id), 1],  # leaves the calendar in UTC
        ["9999-12-31T23:59:59-14:00", "2025-03-01", str(ROW.id), 1],
        [ROW.at.isoformat(), "1900-01-01", str(ROW.id), 1],  # a day before the calendar
        [ROW.at.isoformat(), "2025-03-01", "not-a-uuid", 1],
        [ROW.at.isoformat(), "2025-03-01", str(ROW.id), 2**63],  # beyond a BIGINT
        [ROW.at.isoformat(), "2025-03-01", str(ROW.id), -1],
        [ROW.at.isoformat(), "2025-03-01", str(ROW.id), True],  # a boolean is no position
        [ROW.at.isoformat(), "2025-03-01", str(ROW.id)],  # a part missing
        [ROW.at.isoformat(), "2025-03-01", str(ROW.id), 1, 1],  # one too many
        {"at": ROW.at.isoformat()},  # not a list
    ],
)
def test_a_cursor_that_is_not_one_of_ours_is_refused(values):
    with pytest.raises(InvalidCursor):
        paging.after(encode_cursor(values) if isinstance(values, list) else _raw(values), *PARTS)


@pytest.mark.parametrize("cursor", ["²", "٣", "0", "-1", "%%%", "W10"])
def test_what_is_not_base64_json_is_refused(cursor):
    with pytest.raises(InvalidCursor):
        paging.after(cursor, paging.seq)


def test_codes_and_credit_codes_are_read_as_text_without_control_characters():
    assert paging.after(encode_cursor(["91150105MA0Q4LJX27", "BOC"]), paging.uscc, paging.text) == (
        "91150105MA0Q4LJX27",
        "BOC",
    )
    for values in (["91150105ma0q4ljx27", "BOC"], ["91150105MA0Q4LJX27", "B\x00C"], ["91150105MA0Q4LJX27", "x" * 201]):
        with pytest.raises(InvalidCursor):
            paging.after(encode_cursor(values), paging.uscc, paging.text)


def _raw(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def test_utc_is_an_offset_too():
    moment = datetime(2025, 1, 1, tzinfo=UTC)
    assert paging.after(encode_cursor([moment.isoformat()]), paging.instant) == (moment,)
