"""The insight dashboard: figures against hand-counted fixtures, the rule that no figure is
about fewer than 5 people, constant queries, and a page only staff can open."""

import csv
import datetime as dt
import io
import itertools

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from insight import selectors
from insight.selectors import LONDON, Period
from masterclasses.models import Registration
from network.models import Booking, Connection, Member
from peer_support.models import Message
from tests.factories import (
    CircleFactory,
    MemberFactory,
    MessageFactory,
    RegistrationFactory,
    SessionFactory,
    ThreadFactory,
    match_profile,
    place,
)

pytestmark = pytest.mark.django_db

PERIOD = Period(dt.date(2026, 1, 1), dt.date(2026, 3, 1))


def on(day: int, month: int, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, 12, 0, tzinfo=LONDON)


def members(n: int, when: dt.datetime, **kwargs) -> list[Member]:
    made = [MemberFactory(**kwargs) for _ in range(n)]
    Member.objects.filter(pk__in=[m.pk for m in made]).update(created_at=when)
    return made


def table(key: str, period: Period = PERIOD) -> dict[str, list]:
    found = next(t for t in selectors.dashboard(period) if t.key == key)
    return dict(found.rows)


def test_members_by_role_at_the_end_of_each_month():
    members(5, on(10, 12, 2025), provider=True)  # before the period: counted from the start
    members(2, on(15, 1), commissioner=True)  # too few to show
    members(6, on(3, 2))
    rows = table("members")
    # Chief executive, Commissioner, Provider
    assert rows == {
        "Jan 2026": [0, None, 5],
        "Feb 2026": [6, None, 5],
        "Mar 2026": [6, None, 5],
    }


def test_members_by_place_in_a_region():
    members(5, on(10, 1), organisation__place=place("wirral"))
    members(3, on(10, 1), organisation__place=place("cornwall"))
    rows = table("places", Period(PERIOD.start, PERIOD.end, place("north-west")))
    assert rows == {"Wirral": [5]}
    assert table("places") == {"Cornwall": [None], "Wirral": [5]}


def _post(circle, authors, when, count_each=1):
    thread = ThreadFactory(circle=circle)
    for author in authors:
        for _ in range(count_each):
            MessageFactory(thread=thread, author=author)
    Message.objects.filter(thread=thread).update(created_at=when)


def test_circle_activity_per_week_withholds_weeks_with_few_posters():
    circle, other = CircleFactory(), CircleFactory()
    people = [MemberFactory() for _ in range(5)]
    _post(circle, people[:3], on(3, 2))  # Tuesday 3 Feb: week of Monday 2 Feb
    _post(other, people[3:], on(5, 2), count_each=2)
    _post(circle, people[:2], on(10, 2))  # two people only
    rows = table("circles")
    assert rows["2 Feb 2026"] == [2, 7, 5]
    assert rows["9 Feb 2026"] == [None, None, None]
    assert rows["16 Feb 2026"] == [0, 0, 0]


def test_masterclass_places_attendance_and_waiting_lists():
    held = SessionFactory(start=on(10, 2), end=on(10, 2) + dt.timedelta(hours=2), capacity=6)
    for _ in range(6):
        RegistrationFactory(session=held)
    for _ in range(2):
        RegistrationFactory(session=held, status=Registration.Status.WAITLISTED)
    RegistrationFactory(session=held, status=Registration.Status.CANCELLED)
    rows = table("masterclasses")
    assert rows["Feb 2026"] == [6, 6, None]  # 2 waiting: withheld
    assert rows["Jan 2026"] == [0, 0, 0]


def _connect(a, b, when):
    first, second = sorted([a, b], key=lambda m: m.pk)
    connection = Connection.objects.create(first=first, second=second)
    Connection.objects.filter(pk=connection.pk).update(created_at=when)


def _book(provider, requester, when):
    booking = Booking.objects.create(
        provider=provider,
        requester=requester,
        starts_at=when + dt.timedelta(days=7),
        ends_at=when + dt.timedelta(days=7, minutes=45),
        blocked_until=when + dt.timedelta(days=7, minutes=60),
        purpose="Talk",
    )
    Booking.objects.filter(pk=booking.pk).update(created_at=when)


def test_connections_bookings_and_the_share_with_small_organisations():
    small = [MemberFactory() for _ in range(5)]
    for m in small:
        match_profile(m, size_band="micro")
    large = [MemberFactory() for _ in range(10)]
    for m in large:
        match_profile(m, size_band="large")
    for s in small:  # 5 connections involving a small organisation
        _connect(s, large[0], on(4, 2))
    for a, b in zip(large[1:6], large[6:], strict=False):  # 4 between large ones
        _connect(a, b, on(5, 2))
    _connect(large[5], large[1], on(6, 2))  # and a fifth
    for a, b in zip(large[:5], large[5:], strict=True):  # 5 bookings, none small
        _book(a, b, on(2, 3))
    counts, shares = table("matching"), table("small")
    assert counts["Feb 2026"] == [0, 10, 0]
    assert counts["Mar 2026"] == [0, 0, 5]
    assert shares["Feb 2026"] == [50.0, 0.0]
    assert shares["Mar 2026"] == [0.0, 0.0]


def test_a_share_resting_on_fewer_than_5_is_withheld():
    assert selectors._share(3, 10) is None
    assert selectors._share(7, 10) is None  # the rest are 3
    assert selectors._share(5, 10) == 50.0
    assert selectors._share(2, 4) is None


@pytest.mark.parametrize("value", [1, 2, 3, 4])
def test_counts_of_1_to_4_are_withheld(value):
    assert selectors.withhold(value) is None


@pytest.mark.parametrize("value", [0, 5, 120])
def test_counts_of_none_or_5_and_more_are_shown(value):
    assert selectors.withhold(value) == value


def _world(size: int):
    circle = CircleFactory()
    people = [MemberFactory() for _ in range(size)]
    for m in people:
        match_profile(m, size_band="small")
    _post(circle, people, on(3, 2))
    session = SessionFactory(start=on(10, 2), end=on(10, 2) + dt.timedelta(hours=1))
    for m in people:
        RegistrationFactory(session=session, member=m)
    for a, b in itertools.pairwise(people):
        _connect(a, b, on(4, 2))
        _book(a, b, on(5, 2))


@pytest.mark.parametrize("size", [2, 25])
def test_the_figures_take_the_same_queries_at_any_size(size, django_assert_num_queries):
    _world(size)
    period = Period(PERIOD.start, PERIOD.end, place("north-west"))
    with django_assert_num_queries(7):
        tables = selectors.dashboard(period)
    expected = [1, size, size] if size >= selectors.MIN_GROUP else [None, None, None]
    assert dict(tables[2].rows)["2 Feb 2026"] == expected


# --- The page -----------------------------------------------------------------------------------

URL = reverse("insight:dashboard")


@pytest.fixture
def staff_client(client):
    staff = MemberFactory(user__is_staff=True)
    Authenticator.objects.create(user=staff.user, type=Authenticator.Type.TOTP, data={})
    client.force_login(staff.user)
    return client


def test_the_page_draws_each_table_as_an_accessible_chart(staff_client):
    members(6, on(3, 2))
    page = staff_client.get(URL, {"start": "2026-01", "end": "2026-03"}).content.decode()
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"') == 6
    assert "<title id=" in page
    assert "<desc id=" in page
    assert '<th scope="row">Feb 2026</th><td>6</td>' in page
    assert "fewer than 5" in page


def test_each_table_downloads_as_csv(staff_client):
    members(2, on(3, 2), commissioner=True)
    response = staff_client.get(
        reverse("insight:table_csv", kwargs={"key": "members"}),
        {"start": "2026-01", "end": "2026-03"},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Month", "Chief executive", "Commissioner", "Provider"]
    assert rows[2] == ["Feb 2026", "0", "fewer than 5", "0"]


def test_a_csv_of_a_bad_period_says_why(staff_client):
    response = staff_client.get("/insight/members.csv", {"start": "2026-13", "end": "2026-01"})
    assert response.status_code == 400
    assert "YYYY-MM" in response.content.decode()


def test_an_unknown_table_is_a_404(staff_client):
    assert staff_client.get("/insight/nothing.csv").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2026-13", "end": "2026-03"},
        {"start": "2026-05", "end": "2026-03"},
        {"start": "2020-01", "end": "2026-03"},
        {"start": "x" * 500, "end": ""},
        {"start": "2026-01", "end": "2026-03", "place": "999999999999999999999"},
    ],
)
def test_a_bad_period_is_explained_not_a_500(staff_client, query):
    response = staff_client.get(URL, query)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_only_staff_see_it(member_client):
    assert member_client.get(URL).status_code == 403
    assert member_client.get("/insight/members.csv").status_code == 403
