"""Staff and facilitators start circles from the site; other members are told who can."""

import pytest
from django.urls import reverse

from peer_support.errors import CannotCreateCircles
from peer_support.models import Circle, CircleMembership
from peer_support.services.circles import circle_start
from tests.factories import CircleFactory, MemberFactory, UserFactory, place

pytestmark = pytest.mark.django_db

URL = reverse("peer_support:circle_new")


def _data(**overrides):
    return {
        "name": "Leading through a merger",
        "purpose": "For chief executives whose boards are weighing a merger.",
        "theme": "Mergers",
        "place": place("north-west").pk,
        "size_limit": 8,
        "admission": "open",
        **overrides,
    }


def test_a_facilitator_starts_a_circle_and_facilitates_it(client):
    facilitator = CircleFactory().facilitator
    client.force_login(facilitator.user)
    assert "Start a circle" in client.get(reverse("peer_support:circle_list")).text

    response = client.post(URL, _data())

    circle = Circle.objects.get(name="Leading through a merger")
    assert response.status_code == 302
    assert response.url == circle.get_absolute_url()
    assert circle.facilitator == facilitator
    assert circle.size_limit == 8
    membership = CircleMembership.objects.get(circle=circle, member=facilitator)
    assert membership.is_facilitator
    assert membership.agreement_accepted_at is not None


def test_staff_start_circles_too(client):
    staff = MemberFactory(user=UserFactory(is_staff=True))
    client.force_login(staff.user)
    assert client.post(URL, _data(admission="invitation")).status_code == 302
    assert Circle.objects.get(name="Leading through a merger").admission == "invitation"


def test_other_members_are_told_who_can_and_nothing_is_made(member, member_client):
    assert "Start a circle" not in member_client.get(reverse("peer_support:circle_list")).text
    page = member_client.get(URL)
    assert page.status_code == 403
    assert "Only Common Ground staff and circle facilitators can start a circle" in page.text
    assert member_client.post(URL, _data()).status_code == 403
    assert not Circle.objects.filter(name="Leading through a merger").exists()
    with pytest.raises(CannotCreateCircles):
        circle_start(started_by=member, name="Sneaky", purpose="No.")


def test_a_bad_form_says_what_to_fix_and_keeps_what_was_typed(client):
    client.force_login(CircleFactory().facilitator.user)
    response = client.post(URL, _data(size_limit=500, name=""))
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 50." in response.text
    assert "For chief executives whose boards are weighing a merger." in response.text


def test_a_circle_called_new_does_not_hide_behind_the_start_page(client):
    client.force_login(CircleFactory().facilitator.user)
    client.post(URL, _data(name="New"))
    circle = Circle.objects.get(name="New")
    assert circle.slug != "new"
    assert client.get(circle.get_absolute_url()).status_code == 200
