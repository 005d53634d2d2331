"""The request limits' sliding-window counter (zjtx.common.web.ratelimit.SlidingWindowCounter), on a clock
the test moves: exact in the first window, the previous window weighted by the share still inside the
sliding one, a Retry-After that is right, identities apart, and identities not seen for two windows
forgotten."""

from __future__ import annotations

import pytest
from limits import parse

from zjtx.common.web.ratelimit import SlidingWindowCounter


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def counter(limit: str, start: float = 6000.0) -> tuple[SlidingWindowCounter, Clock]:
    clock = Clock(start)  # 6000 s: the start of window 100 of a minute
    return SlidingWindowCounter(parse(limit), clock), clock


def test_the_first_window_allows_exactly_the_limit_then_says_when_to_come_back():
    window, clock = counter("5/minute")
    clock.now += 12  # 12 s into the window
    assert [window.hit("a") for _ in range(5)] == [None] * 5
    # The sixth is refused until the next window, which starts in 48 s and then still counts these five
    # fully for an instant: 48 s + 60 s × (1 - 5/5) = 48 s.
    assert window.hit("a") == pytest.approx(48.0)


def test_the_previous_window_counts_by_the_share_of_it_still_inside_the_sliding_window():
    window, clock = counter("10/minute")
    assert [window.hit("a") for _ in range(10)] == [None] * 10
    clock.now += 60 + 30  # half-way through the next window: 10 × 0.5 = 5 of the previous still count
    assert [window.hit("a") for _ in range(5)] == [None] * 5  # 5 + 0…4 < 10
    # 5 now + 10 × 0.5 = 10: refused; room comes when the previous window's weight drops below
    # (10 - 5) / 10 = 0.5, i.e. at once: 60 × (1 - 5/10) - 30 = 0 s.
    assert window.hit("a") == pytest.approx(0.0)
    clock.now += 6  # 36 s in: 5 + 10 × 0.4 = 9 < 10
    assert window.hit("a") is None
    assert window.hit("a") is not None  # 6 + 4 = 10


def test_identities_are_counted_apart():
    window, _ = counter("2/minute")
    assert [window.hit("a"), window.hit("a"), window.hit("b"), window.hit("b")] == [None] * 4
    assert window.hit("a") is not None and window.hit("b") is not None and window.hit("c") is None


def test_an_identity_not_seen_for_two_windows_is_forgotten():
    window, clock = counter("3/minute")
    assert [window.hit(address) for address in ("10.0.0.1", "10.0.0.2")] == [None, None]
    clock.now += 60
    window.hit("10.0.0.2")  # seen in the next window: its count is kept as the previous one
    clock.now += 60
    window.hit("10.0.0.3")
    assert window.tracked == {"10.0.0.2", "10.0.0.3"}
