"""The figures on the insight dashboard, each from a fixed number of aggregate queries.

Every selector takes a `Period` (whole months, UK time) and an optional place (an area, or a
region with its areas) and returns a `Table`: the same figures the page draws as a chart,
shows as a table and offers as CSV. Any figure about fewer than MIN_GROUP people is withheld
(None, shown as "fewer than 5"), so nobody can be picked out.
"""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth, TruncWeek

from network.models import SMALL_SIZE_BANDS, Booking, Connection, MatchResponse, Member, Place

LONDON = ZoneInfo("Europe/London")
MIN_GROUP = 5
WITHHELD = "fewer than 5"


@dataclass(frozen=True)
class Period:
    """From the first day of `start`'s month to the last day of `end`'s, UK time."""

    start: dt.date
    end: dt.date
    place: Place | None = None

    @property
    def months(self) -> list[dt.date]:
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + dt.timedelta(days=32)).replace(day=1)
        return months

    @property
    def weeks(self) -> list[dt.date]:
        monday = self.starts_at.astimezone(LONDON).date()
        monday -= dt.timedelta(days=monday.weekday())
        weeks = []
        while monday < self.ends_at.astimezone(LONDON).date():
            weeks.append(monday)
            monday += dt.timedelta(days=7)
        return weeks

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start.replace(day=1), dt.time(), tzinfo=LONDON)

    @property
    def ends_at(self) -> dt.datetime:
        after = (self.end.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        return dt.datetime.combine(after, dt.time(), tzinfo=LONDON)


@dataclass
class Table:
    key: str
    title: str
    desc: str
    columns: list[str]  # the first names the row label
    rows: list[tuple[str, list[int | float | None]]] = field(default_factory=list)
    unit: str = ""
    chart_columns: list[int] | None = None  # which value columns the chart draws (all if None)


def withhold(value: int | None) -> int | None:
    """Counts of 1 to 4 people are withheld; none at all says nothing about anyone."""
    if value is None or 0 < value < MIN_GROUP:
        return None
    return value


def _day(value) -> dt.date:
    return value.astimezone(LONDON).date() if isinstance(value, dt.datetime) else value


def _in_place(prefix: str, place: Place | None) -> Q:
    if place is None:
        return Q()
    return Q(**{f"{prefix}place": place}) | Q(**{f"{prefix}place__region": place})


def _month_label(month: dt.date) -> str:
    return f"{month:%b %Y}"


def members_by_role(period: Period) -> Table:
    """Members at the end of each month, by role: one query."""
    roles = [r for r in Member.Role if r != Member.Role.EDITOR]
    counts = (
        Member.objects.filter(created_at__lt=period.ends_at, erasure__isnull=True)
        .filter(_in_place("organisation__", period.place))
        .annotate(month=TruncMonth("created_at", tzinfo=LONDON))
        .values_list("month", "role")
        .annotate(n=Count("pk"))
        .order_by()
    )
    joined: dict[tuple[dt.date, str], int] = {}
    before = dict.fromkeys(roles, 0)
    for month, role, n in counts:
        month = _day(month)
        if role not in before:
            continue
        if month < period.months[0]:
            before[role] += n
        else:
            joined[month, role] = joined.get((month, role), 0) + n
    running = dict(before)
    rows = []
    for month in period.months:
        for role in roles:
            running[role] += joined.get((month, role), 0)
        rows.append((_month_label(month), [withhold(running[role]) for role in roles]))
    return Table(
        "members",
        "Members by role",
        "Members at the end of each month, by role.",
        ["Month", *[str(r.label).split(" (")[0] for r in roles]],
        rows,
    )


def members_by_place(period: Period) -> Table:
    """Members at the end of the period by the area their organisation is in: one query."""
    counts = (
        Member.objects.filter(created_at__lt=period.ends_at, erasure__isnull=True)
        .filter(_in_place("organisation__", period.place))
        .values_list("organisation__place__name")
        .annotate(n=Count("pk"))
        .order_by("organisation__place__name")
    )
    return Table(
        "places",
        "Members by place",
        "Members at the end of the period, by the place their organisation is in.",
        ["Place", "Members"],
        [(name, [withhold(n)]) for name, n in counts],
    )


def circle_activity(period: Period) -> Table:
    """Active circles and messages each week (counts only, never content): one query.

    A week in which fewer than 5 people posted is withheld whole."""
    counts = {
        _day(week): (circles, messages, people)
        for week, circles, messages, people in (
            _messages()
            .filter(created_at__gte=period.starts_at, created_at__lt=period.ends_at)
            .filter(_in_place("circle__", period.place))
            .annotate(week=TruncWeek("created_at", tzinfo=LONDON))
            .values_list("week")
            .annotate(
                circles=Count("circle", distinct=True),
                messages=Count("pk"),
                people=Count("author", distinct=True),
            )
            .order_by()
        )
    }
    rows = []
    for week in period.weeks:
        circles, messages, people = counts.get(week, (0, 0, 0))
        if 0 < people < MIN_GROUP:
            rows.append((f"{week:%-d %b %Y}", [None, None, None]))
        else:
            rows.append((f"{week:%-d %b %Y}", [circles, messages, people]))
    return Table(
        "circles",
        "Circle activity per week",
        "Circles with at least one message, messages posted, and people posting, each week "
        "(Monday to Sunday).",
        ["Week beginning", "Active circles", "Messages", "People posting"],
        rows,
        chart_columns=[0, 1],
    )


def _messages():
    from peer_support.models import Message

    return Message.objects.all()


def masterclasses(period: Period) -> Table:
    """Places, attendance and waiting lists at sessions starting each month: one query.

    Attendance is places held at sessions that have ended (no register is taken)."""
    from django.utils import timezone

    from masterclasses.models import Registration

    place = period.place
    counts = (
        Registration.objects.filter(
            session__start__gte=period.starts_at, session__start__lt=period.ends_at
        )
        .filter(_in_place("session__page__", place))
        .annotate(month=TruncMonth("session__start", tzinfo=LONDON))
        .values_list("month")
        .annotate(
            places=Count("pk", filter=Q(status=Registration.Status.REGISTERED)),
            attended=Count(
                "pk",
                filter=Q(status=Registration.Status.REGISTERED, session__end__lt=timezone.now()),
            ),
            waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        )
        .order_by()
    )
    by_month = {_day(m): values for m, *values in counts}
    rows = [
        (_month_label(m), [withhold(v) for v in by_month.get(m, (0, 0, 0))]) for m in period.months
    ]
    return Table(
        "masterclasses",
        "Masterclass places, attendance and waiting lists",
        "For sessions starting each month: places taken, places at sessions that have "
        "happened, and people on waiting lists.",
        ["Month", "Places", "Attended", "Waiting list"],
        rows,
    )


def _small(prefix: str) -> Q:
    return Q(**{f"{prefix}match_profile__size_band__in": SMALL_SIZE_BANDS})


def _monthly(queryset, date_field: str, small: Q | None = None) -> dict:
    annotations = {"n": Count("pk", distinct=True)}
    if small is not None:
        annotations["small"] = Count("pk", filter=small, distinct=True)
    rows = (
        queryset.annotate(month=TruncMonth(date_field, tzinfo=LONDON))
        .values("month")
        .annotate(**annotations)
        .order_by()
    )
    return {_day(r["month"]): (r["n"], r.get("small", 0)) for r in rows}


def _pair_place(a: str, b: str, place: Place | None) -> Q:
    if place is None:
        return Q()
    return _in_place(f"{a}__organisation__", place) | _in_place(f"{b}__organisation__", place)


def matching(period: Period) -> tuple[Table, Table]:
    """Suggestions answered, connections and bookings made each month, and the share of
    connections and bookings involving a small organisation: three queries."""
    window = {"created_at__gte": period.starts_at, "created_at__lt": period.ends_at}
    answered = _monthly(
        MatchResponse.objects.filter(**window).filter(_pair_place("member", "other", period.place)),
        "created_at",
    )
    connections = _monthly(
        Connection.objects.filter(**window).filter(_pair_place("first", "second", period.place)),
        "created_at",
        _small("first__") | _small("second__"),
    )
    bookings = _monthly(
        Booking.objects.filter(**window).filter(_pair_place("provider", "requester", period.place)),
        "created_at",
        _small("provider__") | _small("requester__"),
    )
    counts, shares = [], []
    for month in period.months:
        label = _month_label(month)
        s, _ = answered.get(month, (0, 0))
        c, c_small = connections.get(month, (0, 0))
        b, b_small = bookings.get(month, (0, 0))
        counts.append((label, [withhold(s), withhold(c), withhold(b)]))
        shares.append((label, [_share(c_small, c), _share(b_small, b)]))
    return (
        Table(
            "matching",
            "Suggestions, connections and bookings",
            "Each month: suggestions members answered (interested or not for me), new "
            "connections, and sessions booked.",
            ["Month", "Suggestions answered", "Connections", "Bookings"],
            counts,
        ),
        Table(
            "small",
            "Share involving small organisations",
            "Each month: the percentage of new connections and of sessions booked in which at "
            "least one side is a micro or small organisation (income under £1 million).",
            ["Month", "Connections (%)", "Bookings (%)"],
            shares,
            unit="%",
        ),
    )


def _share(part: int, whole: int) -> float | None:
    """Withheld when the whole, or the part or the rest, is about fewer than 5 people."""
    if whole == 0:
        return 0.0
    if whole < MIN_GROUP or 0 < part < MIN_GROUP or 0 < whole - part < MIN_GROUP:
        return None
    return round(100 * part / whole, 1)


def dashboard(period: Period) -> list[Table]:
    return [
        members_by_role(period),
        members_by_place(period),
        circle_activity(period),
        masterclasses(period),
        *matching(period),
    ]
