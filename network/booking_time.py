"""Wall-clock times in Europe/London and the instants they mean, across clock changes.

In spring 01:00-01:59 does not exist (clocks go forward to 02:00); in autumn 01:00-01:59
happens twice (first in BST, `fold=0`, then in GMT, `fold=1`). A time someone types is
checked here so they get a clear answer rather than a silently shifted session.
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC


class LocalTimeError(ValueError):
    """A wall-clock time that needs the person to choose again."""


class NonexistentLocalTime(LocalTimeError):
    pass


class AmbiguousLocalTime(LocalTimeError):
    pass


def nonexistent_message(day: dt.date, time: dt.time) -> str:
    return (
        f"{time:%H:%M} does not exist on {day:%-d %B %Y}: the clocks go forward an hour "
        "that night. Choose a time from 02:00."
    )


def ambiguous_message(day: dt.date, time: dt.time) -> str:
    return (
        f"{time:%H:%M} happens twice on {day:%-d %B %Y} because the clocks go back an hour. "
        "Choose whether you mean the first (BST) or the second (GMT)."
    )


def is_nonexistent(local: dt.datetime) -> bool:
    """True for a wall time skipped by the spring clock change."""
    round_trip = local.astimezone(UTC).astimezone(LONDON)
    return round_trip.replace(tzinfo=None, fold=0) != local.replace(tzinfo=None, fold=0)


def is_ambiguous(local: dt.datetime) -> bool:
    """True for a wall time that happens twice at the autumn clock change."""
    if is_nonexistent(local):
        return False
    return local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset()


def to_utc(day: dt.date, time: dt.time, *, fold: int | None = None) -> dt.datetime:
    """The instant a London wall time means, or a LocalTimeError explaining why not.

    `fold` picks between the two occurrences of an ambiguous time (0 first, 1 second);
    without it an ambiguous time is refused, since guessing would move a session by an hour.
    """
    local = dt.datetime.combine(day, time, tzinfo=LONDON)
    if is_nonexistent(local):
        raise NonexistentLocalTime(nonexistent_message(day, time))
    if is_ambiguous(local):
        if fold is None:
            raise AmbiguousLocalTime(ambiguous_message(day, time))
        local = local.replace(fold=fold)
    return local.astimezone(UTC)


def window_bounds(day: dt.date, start: dt.time, end: dt.time) -> tuple[dt.datetime, dt.datetime]:
    """A window's instants on `day`: as wide as possible across a clock change.

    A bound in the spring gap moves to the first real instant after it; an ambiguous
    start takes its first occurrence and an ambiguous end its second,
    so the window covers all the wall-clock time it names.
    """
    lo_utc = _first_real(dt.datetime.combine(day, start, tzinfo=LONDON)).astimezone(UTC)
    hi = _first_real(dt.datetime.combine(day, end, tzinfo=LONDON))
    hi_utc = hi.replace(fold=1).astimezone(UTC)
    return lo_utc, hi_utc


def _first_real(local: dt.datetime) -> dt.datetime:
    """`local` itself, or the first wall time after the spring gap it falls in."""
    while is_nonexistent(local):
        local = (local.replace(tzinfo=None) + dt.timedelta(minutes=1)).replace(tzinfo=LONDON)
    return local.replace(fold=0)


@dataclass(frozen=True)
class Slot:
    starts_at: dt.datetime  # UTC
    ends_at: dt.datetime  # UTC

    @property
    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(LONDON)

    @property
    def fold(self) -> int:
        return self.local_start.fold

    @property
    def label(self) -> str:
        local = self.local_start
        text = f"{local:%H:%M}"
        if is_ambiguous(local.replace(tzinfo=LONDON)):
            text += f" {local.tzname()}"
        return text


def daterange(first: dt.date, days: int) -> Iterator[dt.date]:
    for n in range(days):
        yield first + dt.timedelta(days=n)


def slots_in_window(
    lo: dt.datetime, hi: dt.datetime, *, session: dt.timedelta, step: dt.timedelta
) -> Iterator[Slot]:
    """Back-to-back sessions (plus buffer) from `lo`, in real elapsed time, that fit by `hi`."""
    start = lo
    while start + session <= hi:
        yield Slot(start, start + session)
        start += step


def overlaps(
    start: dt.datetime, end: dt.datetime, busy: Iterable[tuple[dt.datetime, dt.datetime]]
) -> bool:
    return any(b_start < end and start < b_end for b_start, b_end in busy)
