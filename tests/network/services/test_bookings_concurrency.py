"""No double booking under truly simultaneous requests (PostgreSQL: the database decides)."""

import datetime as dt
import re
import threading

import httpx
import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from network.booking_time import LONDON
from network.models import Availability, Booking
from network.services import bookings as booking_services
from network.services.bookings import BOOKING_OVERLAP, BOOKING_TAKEN
from tests.factories import MemberFactory, availability

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REQUESTERS = 8


def _slot() -> dt.datetime:
    today = timezone.localdate()
    day = today + dt.timedelta(days=(2 - today.weekday()) % 7 + 7)  # a Wednesday ahead
    return dt.datetime.combine(day, dt.time(10), tzinfo=LONDON)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("guard", ["service", "constraint-only"])
def test_simultaneous_requests_for_one_slot_make_exactly_one_booking(
    live_asgi_server, monkeypatch, guard
):
    """With the service as it is, and again with its row lock bypassed: the exclusion
    constraint alone still lets exactly one request win, and the others get a message."""
    if guard == "constraint-only":
        monkeypatch.setattr(
            booking_services,
            "_locked_availability",
            lambda provider: Availability.objects.get(member=provider),
        )
    provider = MemberFactory(provider=True)
    availability(provider)
    url = f"{live_asgi_server.url}{reverse('network:booking_create', args=[provider.pk])}"
    starts = _slot()

    clients = []
    for _ in range(REQUESTERS):
        member = MemberFactory(commissioner=True)
        django_client = Client()
        django_client.force_login(member.user)
        http = httpx.Client(
            cookies={"sessionid": django_client.cookies["sessionid"].value}, timeout=30
        )
        page = http.get(url)
        assert page.status_code == 200
        clients.append((http, CSRF.search(page.text).group(1)))

    barrier = threading.Barrier(REQUESTERS)
    responses: list[httpx.Response] = []
    lock = threading.Lock()

    def request(http: httpx.Client, token: str) -> None:
        barrier.wait()
        response = http.post(
            url,
            data={
                "csrfmiddlewaretoken": token,
                "slot": starts.isoformat(),
                "purpose": "Same slot, same moment",
            },
            headers={"Referer": url},
        )
        with lock:
            responses.append(response)

    threads = [threading.Thread(target=request, args=c) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for http, _ in clients:
        http.close()

    assert Booking.objects.filter(provider=provider).count() == 1
    assert sorted(r.status_code for r in responses) == [302] + [400] * (REQUESTERS - 1)
    overlap = BOOKING_OVERLAP.format(name=provider.name).replace("'", "&#x27;")
    for response in responses:
        if response.status_code == 400:
            assert overlap in response.text or BOOKING_TAKEN in response.text


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_itself_refuses_overlapping_active_bookings():
    """Even code that skips the service cannot double-book: the exclusion constraint."""
    provider = MemberFactory(provider=True)
    starts = _slot()
    common = {
        "provider": provider,
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(minutes=45),
        "blocked_until": starts + dt.timedelta(minutes=60),
        "purpose": "First",
    }
    Booking.objects.create(requester=MemberFactory(commissioner=True), **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            requester=MemberFactory(commissioner=True),
            **{
                **common,
                "starts_at": starts + dt.timedelta(minutes=30),
                "ends_at": starts + dt.timedelta(minutes=75),
                "blocked_until": starts + dt.timedelta(minutes=90),
            },
        )
    # A cancelled booking no longer holds the time.
    Booking.objects.update(status=Booking.Status.CANCELLED)
    Booking.objects.create(requester=MemberFactory(commissioner=True), **common)
    assert Booking.objects.count() == 2
