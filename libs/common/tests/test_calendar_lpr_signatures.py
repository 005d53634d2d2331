"""The kit's facts: working days (holidays and make-up working days), the LPR on a date with its
horizon, and webhook signatures. Worked examples by hand from shared/policy/facts; the shipped copies
of the facts are checked against the facts themselves."""

from __future__ import annotations

import filecmp
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

from zjtx.common.calendar import CalendarNotKnown, load_calendar
from zjtx.common.lpr import LprUnknown, load_lpr
from zjtx.common.web.signatures import InvalidSignature, StaleSignature, signature, signed_headers, verify

FACTS = Path(__file__).resolve().parents[3].parent / "shared" / "policy" / "facts"
CALENDAR = load_calendar()


@pytest.mark.skipif(not FACTS.is_dir(), reason="shared/policy/facts is not beside this checkout")
@pytest.mark.parametrize("name", ["divisions.csv", "clusters.csv", "holidays.csv", "lpr.csv"])
def test_the_shipped_facts_are_the_facts(name):
    shipped = Path(str(resources.files("zjtx.common") / "data" / name))
    assert filecmp.cmp(shipped, FACTS / name, shallow=False), f"data/{name} differs from shared/policy/facts/{name}"


def test_national_day_2024_and_its_make_up_days():
    # 国办发明电〔2023〕7号: 10-01..10-07 off; Sunday 09-29 and Saturday 10-12 are working days.
    assert CALENDAR.is_working_day(date(2024, 9, 29))  # a Sunday, worked
    assert not CALENDAR.is_working_day(date(2024, 10, 1))
    assert not CALENDAR.is_working_day(date(2024, 10, 7))  # a Monday, off
    assert CALENDAR.is_working_day(date(2024, 10, 8))
    assert CALENDAR.is_working_day(date(2024, 10, 12))  # a Saturday, worked
    assert not CALENDAR.is_working_day(date(2024, 10, 13))  # an ordinary Sunday


def test_counting_working_days_over_a_holiday():
    # From Monday 2024-09-30, 1 working day: 10-01..10-07 are off, so it is Tuesday 10-08; 5 working
    # days: 10-08, 10-09, 10-10, 10-11, 10-12 (the make-up Saturday).
    assert CALENDAR.add_working_days(date(2024, 9, 30), 1) == date(2024, 10, 8)
    assert CALENDAR.add_working_days(date(2024, 9, 30), 5) == date(2024, 10, 12)
    # A due date on a holiday moves to the next working day: 2025-01-01 (元旦, Wednesday) → 01-02.
    assert CALENDAR.next_working_day(date(2025, 1, 1)) == date(2025, 1, 2)
    assert CALENDAR.next_working_day(date(2025, 1, 2)) == date(2025, 1, 2)
    assert CALENDAR.working_days_between(date(2024, 9, 30), date(2024, 10, 12)) == 5


def test_a_year_the_notices_do_not_cover_is_not_guessed():
    with pytest.raises(CalendarNotKnown, match="2027"):
        CALENDAR.is_working_day(date(2027, 1, 4))
    with pytest.raises(CalendarNotKnown):
        CALENDAR.add_working_days(date(2026, 12, 30), 5)  # runs into 2027


def test_the_lpr_on_a_date_is_the_latest_publication_on_or_before_it():
    table = load_lpr()
    assert table.on(date(2024, 10, 20), horizon_days=45).one_year == Decimal("3.35")  # the day before the cut
    assert table.on(date(2024, 10, 21), horizon_days=45).one_year == Decimal("3.10")  # 2024-10-21: 3.10
    assert table.on(date(2022, 1, 1), horizon_days=45).published_on == date(2021, 12, 20)


def test_the_lpr_past_the_horizon_or_before_the_first_is_unknown():
    table = load_lpr()
    last = table.publications[-1].published_on  # 2026-09-20
    assert table.on(last + timedelta(days=45), horizon_days=45).published_on == last
    with pytest.raises(LprUnknown, match="more than 45 days after"):
        table.on(last + timedelta(days=46), horizon_days=45)
    with pytest.raises(LprUnknown, match="no LPR was published"):
        table.on(date(2019, 8, 19), horizon_days=45)


def test_a_signature_made_with_the_secret_verifies_and_anything_else_is_refused():
    now = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
    body = b'{"event_id": "e-1"}'
    headers = signed_headers("s3cret", body, now=now)
    verify(
        "s3cret",
        timestamp=headers["X-Zjtx-Timestamp"],
        signature_header=headers["X-Zjtx-Signature"],
        body=body,
        now=now,
    )
    stamp = headers["X-Zjtx-Timestamp"]
    with pytest.raises(InvalidSignature):  # a changed body
        verify("s3cret", timestamp=stamp, signature_header=headers["X-Zjtx-Signature"], body=body + b" ", now=now)
    with pytest.raises(InvalidSignature):  # another secret
        verify("other", timestamp=stamp, signature_header=headers["X-Zjtx-Signature"], body=body, now=now)
    with pytest.raises(StaleSignature):  # 301 seconds later
        verify(
            "s3cret",
            timestamp=stamp,
            signature_header=headers["X-Zjtx-Signature"],
            body=body,
            now=now + timedelta(seconds=301),
        )
    verify(
        "s3cret",
        timestamp=stamp,
        signature_header=headers["X-Zjtx-Signature"],
        body=body,
        now=now + timedelta(seconds=300),
    )
    with pytest.raises(InvalidSignature):
        verify("s3cret", timestamp="soon", signature_header=signature("s3cret", 0, body), body=body, now=now)
