"""Reads for booking pages: open slots, a member's sessions, the month grid."""

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from network.booking_time import LONDON, Slot, daterange, slots_in_window, window_bounds
from network.models import Availability, Booking, CalendarFeed, Member

SLOT_DAYS = 28
PREVIEW_DAYS = 14  # what a provider sees of their own availability: the next two weeks


@dataclass(frozen=True)
class DaySlots:
    day: dt.date
    slots: list[Slot]


def availability_of(member: Member) -> Availability | None:
    return Availability.objects.prefetch_related("windows").filter(member=member).first()


def open_slots(
    *, provider: Member, days: int = SLOT_DAYS, now: dt.datetime | None = None
) -> list[DaySlots]:
    """The sessions one could still book with `provider`, day by day (local dates).

    Mirrors the rules `booking_request` enforces (notice, windows, overlaps with the buffer,
    daily and weekly caps) so what is offered can be booked; the service still checks.
    """
    now = now or timezone.now()
    availability = availability_of(provider)
    if availability is None or not availability.accepting:
        return []
    windows = list(availability.windows.all())
    earliest = now + dt.timedelta(hours=availability.notice_hours)
    first_day = earliest.astimezone(LONDON).date()
    last_day = first_day + dt.timedelta(days=days)
    busy = list(
        Booking.objects.active()
        .filter(
            provider=provider,
            starts_at__gte=earliest - dt.timedelta(days=8),
            starts_at__lt=dt.datetime.combine(last_day, dt.time(), tzinfo=LONDON)
            + dt.timedelta(days=8),
        )
        .values_list("starts_at", "blocked_until")
    )
    per_day: dict[dt.date, int] = defaultdict(int)
    per_week: dict[tuple[int, int], int] = defaultdict(int)
    for start, _ in busy:
        local = start.astimezone(LONDON).date()
        per_day[local] += 1
        per_week[local.isocalendar()[:2]] += 1
    session = dt.timedelta(minutes=availability.session_minutes)
    step = session + dt.timedelta(minutes=availability.buffer_minutes)
    result = []
    for day in daterange(first_day, days):
        if availability.max_per_day is not None and per_day[day] >= availability.max_per_day:
            continue
        week_full = (
            availability.max_per_week is not None
            and per_week[day.isocalendar()[:2]] >= availability.max_per_week
        )
        if week_full:
            continue
        slots = []
        for window in windows:
            if window.date is not None and window.date != day:
                continue
            if window.date is None and window.weekday != day.weekday():
                continue
            lo, hi = window_bounds(day, window.start_time, window.end_time)
            for slot in slots_in_window(lo, hi, session=session, step=step):
                blocked = slot.ends_at + dt.timedelta(minutes=availability.buffer_minutes)
                if slot.starts_at < earliest:
                    continue
                if any(b_start < blocked and slot.starts_at < b_end for b_start, b_end in busy):
                    continue
                slots.append(slot)
        if slots:
            result.append(DaySlots(day, sorted(set(slots), key=lambda s: s.starts_at)))
    return result


def bookings_of(*, member: Member) -> QuerySet[Booking]:
    return Booking.objects.involving(member.pk).with_people()


def my_bookings(
    *, member: Member, now: dt.datetime | None = None
) -> tuple[list[Booking], list[Booking]]:
    """(upcoming soonest first, past most recent first); cancelled ones stay visible."""
    now = now or timezone.now()
    bookings = bookings_of(member=member)
    upcoming = list(bookings.filter(ends_at__gte=now).order_by("starts_at"))
    past = list(bookings.filter(ends_at__lt=now).order_by("-starts_at")[:50])
    return upcoming, past


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date
    in_month: bool
    is_today: bool
    bookings: list[Booking]


def month_grid(*, member: Member, year: int, month: int) -> list[list[CalendarDay]]:
    """Weeks (Monday first) of the month, each day with the member's sessions that day."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    start = dt.datetime.combine(weeks[0][0], dt.time(), tzinfo=LONDON)
    end = dt.datetime.combine(weeks[-1][-1] + dt.timedelta(days=1), dt.time(), tzinfo=LONDON)
    by_day: dict[dt.date, list[Booking]] = defaultdict(list)
    for booking in bookings_of(member=member).filter(starts_at__gte=start, starts_at__lt=end):
        by_day[booking.starts_at.astimezone(LONDON).date()].append(booking)
    today = timezone.localdate()
    return [
        [CalendarDay(day, day.month == month, day == today, by_day.get(day, [])) for day in week]
        for week in weeks
    ]


def booking_visible_to(*, member: Member, pk: int) -> Booking | None:
    return bookings_of(member=member).filter(pk=pk).first()


def feed_bookings(*, member: Member) -> QuerySet[Booking]:
    since = timezone.now() - dt.timedelta(days=90)
    return bookings_of(member=member).filter(starts_at__gte=since)


def calendar_feed_of(*, member: Member) -> CalendarFeed | None:
    """The member's private feed, if they have asked for one (reading never makes one)."""
    return CalendarFeed.objects.filter(member=member).first()


def calendar_feed_by_token(*, token: str) -> CalendarFeed | None:
    """The feed behind a secret link, while its member's account is active."""
    return (
        CalendarFeed.objects.select_related("member__user")
        .filter(token=token, member__user__is_active=True)
        .first()
    )
