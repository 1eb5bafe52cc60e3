"""My masterclasses: the page that is not a Wagtail page. (Search: tests/sitewide.)"""

import pytest

from tests.factories import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_my_masterclasses_shows_waiting_list_position(member_client, member):
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session)
    RegistrationFactory(session=session, status="waitlisted")
    RegistrationFactory(session=session, status="waitlisted", member=member)

    response = member_client.get("/my-masterclasses/")
    assert "On the waiting list" in response.text
    assert "number 2 in the queue" in response.text


def test_my_masterclasses_needs_a_member(client):
    response = client.get("/my-masterclasses/")
    assert response.status_code == 302
