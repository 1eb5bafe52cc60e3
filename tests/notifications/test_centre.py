"""The notification centre and the header badge, with and without JavaScript."""

import pytest
from channels.testing import WebsocketCommunicator
from django.test import TestCase
from django.urls import reverse

from config.asgi import application
from notifications.models import Kind, Notification
from notifications.services import notify
from tests.factories import MemberFactory
from tests.peer_support.conftest import ORIGIN, receive_close, session_headers

pytestmark = pytest.mark.django_db

TEMPLATE = "notifications/tests/greeting"


def _tell(member, text, url="/bookings/"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return _notify(member, text, url)


def _notify(member, text, url):
    return notify(
        to=member,
        kind=Kind.BOOKING_CONFIRMED,
        template=TEMPLATE,
        subject=text,
        url=url,
        context={"what": text},
    )[0]


def test_the_badge_shows_the_unread_count_on_every_page(client):
    member = MemberFactory()
    client.force_login(member.user)
    assert b"data-unread-badge hidden" in client.get("/members/").content
    _tell(member, "First")
    _tell(member, "Second")
    page = client.get("/members/").content.decode()
    assert "<span data-unread-count>2</span>" in page
    assert "unread notifications" in page


def test_the_centre_lists_newest_first_and_marks_read_by_post_only(client):
    member, other = MemberFactory(), MemberFactory()
    first = _tell(member, "Session confirmed with Ada", url="/bookings/1/")
    second = _tell(member, "Session moved by Bo", url="/bookings/2/")
    theirs = _tell(other, "Not yours")
    client.force_login(member.user)
    page = client.get(reverse("notifications:centre")).content.decode()
    assert page.index("Session moved by Bo") < page.index("Session confirmed with Ada")
    assert "Not yours" not in page
    assert 'href="/bookings/2/"' in page
    assert Notification.objects.filter(member=member).unread().count() == 2  # a GET writes nothing
    client.post(reverse("notifications:read", args=[first.pk]))
    client.post(reverse("notifications:read", args=[theirs.pk]))  # someone else's: untouched
    assert set(Notification.objects.unread().values_list("pk", flat=True)) == {
        theirs.pk,
        second.pk,
    }
    response = client.post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert list(Notification.objects.unread().values_list("pk", flat=True)) == [theirs.pk]
    assert b"data-unread-badge hidden" in client.get(reverse("notifications:centre")).content


def test_an_empty_centre_says_what_to_do_next(client):
    client.force_login(MemberFactory().user)
    page = client.get(reverse("notifications:centre")).content.decode()
    assert "Nothing yet" in page
    assert 'href="/matches/"' in page


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_the_badge_rises_live_over_the_socket():
    from asgiref.sync import sync_to_async

    member = await sync_to_async(MemberFactory)()
    headers = await sync_to_async(session_headers)(member.user)
    communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    try:
        connected, _ = await communicator.connect()
        assert connected
        assert await communicator.receive_json_from() == {"type": "unread", "count": 0}
        await sync_to_async(_notify)(member, "Session requested", "/bookings/")
        assert await communicator.receive_json_from(timeout=5) == {"type": "unread", "count": 1}
        await communicator.send_to(text_data="[" * 10_000)  # nonsense is ignored, not fatal
        await communicator.send_json_to({"type": "ping"})
        assert await communicator.receive_json_from() == {"type": "pong"}
    finally:
        await communicator.disconnect()


@pytest.mark.asyncio
async def test_a_signed_out_socket_is_closed_with_the_documented_code():
    communicator = WebsocketCommunicator(
        application, "/ws/notifications/", headers=[(b"origin", ORIGIN)]
    )
    try:
        await communicator.connect()
        assert await receive_close(communicator) == 4401
    finally:
        await communicator.disconnect()
