"""London wall-clock times across the clock changes."""

import datetime as dt

import pytest

from network.booking_time import (
    AmbiguousLocalTime,
    NonexistentLocalTime,
    ambiguous_message,
    nonexistent_message,
    to_utc,
    window_bounds,
)

SPRING = dt.date(2026, 3, 29)  # clocks go forward at 01:00 GMT
AUTUMN = dt.date(2026, 10, 25)  # clocks go back at 02:00 BST


def test_ordinary_times_convert_with_the_right_offset():
    assert to_utc(dt.date(2026, 1, 5), dt.time(9)) == dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    assert to_utc(dt.date(2026, 7, 6), dt.time(9)) == dt.datetime(2026, 7, 6, 8, tzinfo=dt.UTC)


def test_a_time_in_the_spring_gap_is_refused_with_an_explanation():
    with pytest.raises(NonexistentLocalTime) as error:
        to_utc(SPRING, dt.time(1, 30))
    assert str(error.value) == nonexistent_message(SPRING, dt.time(1, 30))
    assert "does not exist on 29 March 2026" in str(error.value)


def test_a_time_that_happens_twice_needs_a_choice():
    with pytest.raises(AmbiguousLocalTime) as error:
        to_utc(AUTUMN, dt.time(1, 30))
    assert str(error.value) == ambiguous_message(AUTUMN, dt.time(1, 30))
    first = to_utc(AUTUMN, dt.time(1, 30), fold=0)
    second = to_utc(AUTUMN, dt.time(1, 30), fold=1)
    assert first == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)
    assert second - first == dt.timedelta(hours=1)


def test_window_across_spring_forward_is_an_hour_shorter():
    lo, hi = window_bounds(SPRING, dt.time(0, 0), dt.time(4, 0))
    assert hi - lo == dt.timedelta(hours=3)


def test_window_across_fall_back_is_an_hour_longer():
    lo, hi = window_bounds(AUTUMN, dt.time(0, 0), dt.time(4, 0))
    assert hi - lo == dt.timedelta(hours=5)


def test_window_starting_in_the_gap_starts_when_the_clocks_jump():
    lo, _ = window_bounds(SPRING, dt.time(1, 30), dt.time(4, 0))
    assert lo == dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC)  # 02:00 BST
