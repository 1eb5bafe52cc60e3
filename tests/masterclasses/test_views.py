"""My masterclasses and search: the pages that are not Wagtail pages."""

import pytest

from tests.factories import GuidancePageFactory, RegistrationFactory, SessionFactory

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


def test_search_finds_masterclasses_and_guidance(client, catalogue):
    GuidancePageFactory(title="Forming a provider alliance", summary="Alliance contracts.")
    response = client.get("/search/?q=alliance")
    assert response.status_code == 200
    assert [p.title for p in response.context["results"].masterclasses] == [
        "Alliances on the Wirral"
    ]
    assert [p.title for p in response.context["results"].guidance] == [
        "Forming a provider alliance"
    ]


def test_search_with_an_overlong_query_is_a_clear_400(client):
    response = client.get("/search/?q=" + "a" * 500)
    assert response.status_code == 400
