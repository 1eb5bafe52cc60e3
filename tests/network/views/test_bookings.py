"""Booking pages: the form's clear answers, changes, My bookings and the private feed."""

import calendar
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from network.booking_time import LONDON
from network.forms.bookings import TIME_REQUIRED, TIME_TOO_FAR, WINDOW_ORDER
from network.models import Availability, Booking, CalendarFeed
from network.services.bookings import BOOKING_IN_PAST, BOOKING_OVERLAP
from tests.factories import MemberFactory, OpportunityFactory, availability

pytestmark = pytest.mark.django_db


def last_sunday(year: int, month: int) -> dt.date:
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() + 1) % 7)


def next_weekday(weekday: int = 2, weeks_ahead: int = 1) -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)


@pytest.fixture
def provider():
    member = MemberFactory(provider=True)
    availability(member)
    return member


@pytest.fixture
def commissioner_client(client):
    member = MemberFactory(commissioner=True)
    client.force_login(member.user)
    client.member = member
    return client


def post_booking(client, provider, **data):
    data.setdefault("purpose", "Co-design the programme")
    return client.post(reverse("network:booking_create", args=[provider.pk]), data)


def test_booking_page_lists_open_slots(commissioner_client, provider):
    response = commissioner_client.get(reverse("network:booking_create", args=[provider.pk]))
    assert response.status_code == 200
    day = next_weekday()
    assert f"{day:%A} {day.day} {day:%B}" in response.text
    assert 'name="slot"' in response.text


def test_choosing_a_slot_books_it(commissioner_client, provider):
    starts = dt.datetime.combine(next_weekday(), dt.time(10), tzinfo=LONDON)
    response = post_booking(commissioner_client, provider, slot=starts.isoformat())
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response.url == booking.get_absolute_url()
    assert booking.starts_at == starts


def test_typed_time_with_an_opportunity(commissioner_client, provider):
    opportunity = OpportunityFactory(commissioner=commissioner_client.member)
    response = post_booking(
        commissioner_client,
        provider,
        date=next_weekday().isoformat(),
        time="14:00",
        opportunity=opportunity.pk,
        agenda="1. Outcomes\n2. Places",
    )
    assert response.status_code == 302
    assert Booking.objects.get().opportunity == opportunity


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, TIME_REQUIRED),
        ({"slot": "not-a-time"}, TIME_REQUIRED),
        ({"date": "2020-01-06", "time": "10:00"}, BOOKING_IN_PAST),
        ({"slot": "9999-12-31T23:00:00+00:00"}, TIME_TOO_FAR),
        ({"date": "9999-12-31", "time": "10:00"}, TIME_TOO_FAR),
        ({"slot": "2030-01-01T10:00:00"}, TIME_REQUIRED),
    ],
)
def test_bad_times_get_a_clear_message(commissioner_client, provider, data, message):
    response = post_booking(commissioner_client, provider, **data)
    assert response.status_code == 400
    assert message in response.text.replace("&#x27;", "'")
    assert not Booking.objects.exists()


def test_overlap_message_keeps_what_was_typed(commissioner_client, provider):
    day = next_weekday()
    Booking.objects.create(
        provider=provider,
        requester=MemberFactory(commissioner=True),
        starts_at=dt.datetime.combine(day, dt.time(10), tzinfo=LONDON),
        ends_at=dt.datetime.combine(day, dt.time(10, 45), tzinfo=LONDON),
        blocked_until=dt.datetime.combine(day, dt.time(11), tzinfo=LONDON),
        purpose="Taken",
    )
    response = post_booking(
        commissioner_client, provider, date=day.isoformat(), time="10:30", purpose="My purpose"
    )
    assert response.status_code == 400
    assert BOOKING_OVERLAP.format(name=provider.name) in response.text.replace("&#x27;", "'")
    assert 'value="My purpose"' in response.text


def test_spring_forward_time_is_explained(commissioner_client):
    provider = MemberFactory(provider=True)
    night = last_sunday(timezone.localdate().year + 1, 3)
    availability(provider, weekdays=(), dates=(night,), start=dt.time(0, 30), end=dt.time(3, 30))
    response = post_booking(commissioner_client, provider, date=night.isoformat(), time="01:30")
    assert response.status_code == 400
    assert "01:30 does not exist on" in response.text
    assert "the clocks go forward" in response.text


def test_fall_back_time_asks_which_one_then_books_it(commissioner_client):
    provider = MemberFactory(provider=True)
    night = last_sunday(timezone.localdate().year + 1, 10)
    availability(provider, weekdays=(), dates=(night,), start=dt.time(0, 30), end=dt.time(3, 0))
    response = post_booking(commissioner_client, provider, date=night.isoformat(), time="01:30")
    assert response.status_code == 400
    assert "01:30 happens twice on" in response.text
    response = post_booking(
        commissioner_client, provider, date=night.isoformat(), time="01:30", fold="1"
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.starts_at == dt.datetime.combine(night, dt.time(1, 30), tzinfo=dt.UTC)


def test_provider_confirms_and_both_see_it_in_my_bookings(client, commissioner_client, provider):
    starts = dt.datetime.combine(next_weekday(), dt.time(10), tzinfo=LONDON)
    post_booking(commissioner_client, provider, slot=starts.isoformat(), purpose="Plan pilots")
    booking = Booking.objects.get()
    provider_client = client.__class__()
    provider_client.force_login(provider.user)
    response = provider_client.post(
        reverse("network:booking_confirm", args=[booking.pk]), follow=True
    )
    assert "Session confirmed" in response.text
    for c in (provider_client, commissioner_client):
        response = c.get(reverse("network:my_bookings"))
        assert "Plan pilots" in response.text
        assert "Confirmed" in response.text
        month = f"{starts:%Y-%m}"
        response = c.get(reverse("network:my_bookings"), {"view": "calendar", "month": month})
        assert "calendar__booking" in response.text
        assert "Plan pilots" in response.text


def test_a_stranger_cannot_see_or_change_a_booking(client, commissioner_client, provider):
    starts = dt.datetime.combine(next_weekday(), dt.time(10), tzinfo=LONDON)
    post_booking(commissioner_client, provider, slot=starts.isoformat())
    booking = Booking.objects.get()
    client.force_login(MemberFactory().user)
    assert client.get(reverse("network:booking_detail", args=[booking.pk])).status_code == 404
    response = client.post(reverse("network:booking_cancel", args=[booking.pk]), {"reason": "x"})
    assert response.status_code == 404


def test_cancel_from_the_page_needs_a_reason(commissioner_client, provider):
    starts = dt.datetime.combine(next_weekday(), dt.time(10), tzinfo=LONDON)
    post_booking(commissioner_client, provider, slot=starts.isoformat())
    booking = Booking.objects.get()
    url = reverse("network:booking_cancel", args=[booking.pk])
    page = booking.get_absolute_url()
    response = commissioner_client.post(url, {"reason": ""}, follow=True, HTTP_REFERER=page)
    assert "Give a reason" in response.text
    response = commissioner_client.post(url, {"reason": "Budget moved"}, follow=True)
    assert "Session cancelled" in response.text
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_reschedule_page_moves_the_session(commissioner_client, provider):
    starts = dt.datetime.combine(next_weekday(), dt.time(10), tzinfo=LONDON)
    post_booking(commissioner_client, provider, slot=starts.isoformat())
    booking = Booking.objects.get()
    later = starts + dt.timedelta(hours=3)
    response = commissioner_client.post(
        reverse("network:booking_reschedule", args=[booking.pk]),
        {"slot": later.isoformat(), "reason": "Train times"},
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.starts_at == later


def test_private_feed_and_resetting_its_token(client, commissioner_client, provider):
    starts = dt.datetime.combine(next_weekday(), dt.time(10), tzinfo=LONDON)
    post_booking(commissioner_client, provider, slot=starts.isoformat(), purpose="Feed me")
    commissioner_client.post(reverse("network:booking_feed_create"))
    response = commissioner_client.get(reverse("network:my_bookings"))
    feed_url = response.context["feed_url"]
    path = feed_url.split("testserver", 1)[1]

    anonymous = client.__class__()
    response = anonymous.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert "Feed me" in str(event["SUMMARY"])

    commissioner_client.post(reverse("network:booking_feed_reset"))
    assert anonymous.get(path).status_code == 404


def test_availability_form_saves_windows_and_rules(client, provider):
    client.force_login(provider.user)
    url = reverse("network:availability_edit")
    data = {
        "accepting": "on",
        "session_minutes": 30,
        "buffer_minutes": 10,
        "notice_hours": 48,
        "cancellation_notice_hours": 12,
        "max_per_day": 3,
        "max_per_week": "",
        "windows-TOTAL_FORMS": 2,
        "windows-INITIAL_FORMS": 0,
        "windows-0-weekday": "1",
        "windows-0-start_time": "10:00",
        "windows-0-end_time": "12:00",
        "windows-1-date": next_weekday(5).isoformat(),
        "windows-1-start_time": "09:00",
        "windows-1-end_time": "11:00",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    saved = Availability.objects.get(member=provider)
    assert saved.session_minutes == 30
    assert saved.max_per_day == 3
    assert saved.windows.count() == 2

    data["windows-0-end_time"] = "09:00"
    response = client.post(url, data)
    assert response.status_code == 400
    assert WINDOW_ORDER in response.text
    assert saved.windows.count() == 2  # nothing saved is lost


@pytest.mark.parametrize("count", [1, 30])
def test_my_bookings_queries_do_not_grow_with_bookings(
    commissioner_client, count, django_assert_num_queries
):
    day = next_weekday()
    for n in range(count):
        provider = MemberFactory(provider=True)
        starts = dt.datetime.combine(day + dt.timedelta(days=n % 3), dt.time(9), tzinfo=LONDON)
        Booking.objects.create(
            provider=provider,
            requester=commissioner_client.member,
            starts_at=starts,
            ends_at=starts + dt.timedelta(minutes=45),
            blocked_until=starts + dt.timedelta(minutes=60),
            purpose=f"Session {n}",
        )
    url = reverse("network:my_bookings")
    commissioner_client.post(reverse("network:booking_feed_create"))
    # The header's unread count is read once, then cached until it changes; so are the session
    # and the viewer.
    with django_assert_num_queries(3):
        response = commissioner_client.get(url, {"view": "calendar", "month": f"{day:%Y-%m}"})
    assert response.text.count("calendar__booking") >= 1
    with django_assert_num_queries(3):
        response = commissioner_client.get(url)
    assert response.text.count('class="booking ') == count


def test_provider_declines_with_a_reason_and_the_time_is_free_again(
    client, commissioner_client, provider, mailoutbox, django_capture_on_commit_callbacks
):
    starts = dt.datetime.combine(next_weekday(), dt.time(10), tzinfo=LONDON)
    post_booking(commissioner_client, provider, slot=starts.isoformat())
    booking = Booking.objects.get()
    client = client.__class__()  # the provider, in their own browser
    client.force_login(provider.user)
    url = reverse("network:booking_decline", args=[booking.pk])
    response = client.post(
        url, {"reason": ""}, follow=True, HTTP_REFERER=booking.get_absolute_url()
    )
    assert "Give a reason" in response.text
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "On leave that week"}, follow=True)
    assert "Session declined" in response.text
    [message] = mailoutbox
    assert message.to == [commissioner_client.member.user.email]
    assert "On leave that week" in message.body
    response = commissioner_client.get(reverse("network:booking_create", args=[provider.pk]))
    assert starts.isoformat() in response.text  # offered again


def test_a_booking_page_offers_its_calendar_file_to_the_people_in_it(
    client, commissioner_client, provider
):
    starts = dt.datetime.combine(next_weekday(), dt.time(10), tzinfo=LONDON)
    post_booking(commissioner_client, provider, slot=starts.isoformat(), purpose="Plan pilots")
    booking = Booking.objects.get()
    url = reverse("network:booking_calendar", args=[booking.pk])
    assert url in commissioner_client.get(booking.get_absolute_url()).text

    response = commissioner_client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="session-{booking.pk}.ics"'
    calendar = Calendar.from_ical(response.content)
    assert calendar["METHOD"] == "PUBLISH"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"booking-{booking.uid}@commonground"
    assert event.decoded("DTSTART") == starts

    client.force_login(MemberFactory().user)
    assert client.get(url).status_code == 404


def test_looking_at_my_bookings_makes_no_calendar_link_until_asked(commissioner_client):
    url = reverse("network:my_bookings")
    response = commissioner_client.get(url)
    assert "Create my calendar link" in response.text
    assert "feed_url" not in response.context
    assert not CalendarFeed.objects.exists()

    response = commissioner_client.post(reverse("network:booking_feed_create"), follow=True)
    feed = CalendarFeed.objects.get(member=commissioner_client.member)
    assert feed.token in response.context["feed_url"]
    commissioner_client.post(reverse("network:booking_feed_create"))
    assert CalendarFeed.objects.get().token == feed.token  # asking again keeps the link


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1999-13"])
@pytest.mark.parametrize("view", ["list", "calendar"])
def test_a_month_beyond_the_calendar_shows_this_month(commissioner_client, month, view):
    response = commissioner_client.get(
        reverse("network:my_bookings"), {"month": month, "view": view}
    )
    assert response.status_code == 200
    assert response.context["month"] == timezone.localdate().replace(day=1)


@pytest.mark.parametrize("slot", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_a_slot_beyond_the_calendar_gets_a_clear_message(commissioner_client, provider, slot):
    response = post_booking(commissioner_client, provider, slot=slot)
    assert response.status_code == 400
    assert TIME_REQUIRED in response.text
    assert not Booking.objects.exists()


def test_the_month_is_also_an_agenda_of_the_days_with_sessions(commissioner_client, provider):
    starts = dt.datetime.combine(next_weekday(), dt.time(10), tzinfo=LONDON)
    post_booking(commissioner_client, provider, slot=starts.isoformat(), purpose="Plan pilots")
    url = reverse("network:my_bookings")

    page = commissioner_client.get(url, {"view": "calendar", "month": f"{starts:%Y-%m}"}).text
    agenda = page.split('<div class="calendar-agenda">')[1].split("</div>")[0]
    assert f'<h3 class="agenda__day">{starts:%A} {starts.day} {starts:%B}' in agenda
    assert "10:00 Plan pilots" in agenda
    assert agenda.count('class="agenda__day"') == 1  # only the days that have sessions

    far = (starts + dt.timedelta(days=62)).strftime("%Y-%m")
    empty = commissioner_client.get(url, {"view": "calendar", "month": far}).text
    assert "No sessions in" in empty.split('<div class="calendar-agenda">')[1]


def test_open_slots_are_grouped_by_day_and_each_names_its_day(commissioner_client, provider):
    import re

    response = commissioner_client.get(reverse("network:booking_create", args=[provider.pk]))
    day = next_weekday()
    name = f"{day:%A} {day.day} {day:%B}"
    groups = re.findall(
        r'<fieldset class="slots__day">\s*<legend>([^<]+)</legend>(.*?)</fieldset>',
        response.text,
        flags=re.S,
    )
    assert len(groups) > 1  # a fieldset per day, not one long list
    legends = [legend for legend, _ in groups]
    assert legends.count(name) == 1
    radios = dict(groups)[name]
    # 09:00 to 17:00 in 45-minute sessions with a 15-minute buffer.
    assert radios.count('type="radio"') == 8
    assert f'<span class="visually-hidden">{name}, </span>10:00' in radios


def test_the_availability_page_previews_the_open_times_of_the_next_two_weeks(client, provider):
    client.force_login(provider.user)
    response = client.get(reverse("network:availability_edit"))
    preview = response.text.split('id="preview-heading"')[1]
    day = next_weekday(weeks_ahead=1)
    assert f"<dt>{day:%A} {day.day} {day:%B}</dt>" in preview
    assert '<span class="slot-preview__time">09:00</span>' in preview
    too_far = timezone.localdate() + dt.timedelta(days=15)
    assert f"<dt>{too_far:%A} {too_far.day} {too_far:%B}</dt>" not in preview


def test_saving_the_availability_form_unchanged_keeps_every_window(client, provider):
    """The rows come back as they were shown, one-off dates in the form a date input reads;
    none is dropped for being unchanged."""
    from wagtail.test.utils.form_data import querydict_from_html
    from wagtail.test.utils.wagtail_tests import WagtailTestUtils

    one_off = next_weekday(5, weeks_ahead=2)
    availability(provider, dates=[one_off])
    client.force_login(provider.user)
    url = reverse("network:availability_edit")
    page = client.get(url).content.decode()
    # A date input shows only an ISO date: anything else would look empty, and be lost.
    assert f'value="{one_off.isoformat()}"' in page
    soup = WagtailTestUtils.get_soup(page)
    data = querydict_from_html(str(soup.find("form", attrs={"data-availability-form": True})))
    before = provider.availability.windows.count()

    response = client.post(url, data)

    assert response.status_code == 302
    assert Availability.objects.get(member=provider).windows.count() == before == 6
    assert Availability.objects.get(member=provider).windows.filter(date=one_off).exists()
