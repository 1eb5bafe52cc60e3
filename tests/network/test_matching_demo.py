"""The demo gives every demo commissioner and provider something real to try."""

import pytest
from django.urls import reverse

from core.demo import load_demo, read_data
from network.models import Member, Opportunity
from network.selectors.bookings import open_slots
from network.selectors.matching import providers_for_opportunity, suggestions_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    load_demo(["network"])
    load_demo(["network"])  # idempotent
    return {m.user.email: m for m in Member.objects.select_related("user")}


def test_demo_members_have_meaningful_suggestions_opportunities_and_slots(seeded):
    for email in ("commissioner@example.org", "ceo@example.org", "provider@example.org"):
        suggestions = suggestions_for(member=seeded[email])
        assert len(suggestions) >= 3, email
        assert all(s.reasons for s in suggestions)
    cornwall = suggestions_for(member=seeded["commissioner@example.org"])
    assert cornwall[0].member.user.email == "cornwall-provider@example.org"
    data = read_data("network")
    assert Opportunity.objects.open().count() == len(data["opportunities"])
    for opportunity in Opportunity.objects.all():
        assert providers_for_opportunity(opportunity=opportunity), opportunity.title
    bookable = [m["email"] for m in data["members"] if m.get("bookable")]
    assert len(bookable) >= 5
    for email in bookable:
        assert open_slots(provider=seeded[email]), email


@pytest.mark.parametrize(
    "name",
    [
        "network:suggestions",
        "network:connections",
        "network:match_profile_edit",
        "network:opportunity_list",
        "network:opportunity_create",
        "network:my_bookings",
        "network:availability_edit",
    ],
)
def test_every_page_renders_for_the_demo_commissioner(client, seeded, name):
    client.force_login(seeded["commissioner@example.org"].user)
    assert client.get(reverse(name)).status_code == 200


def test_opportunity_and_booking_pages_render(client, seeded):
    commissioner = seeded["commissioner@example.org"]
    client.force_login(commissioner.user)
    opportunity = commissioner.opportunities.first()
    response = client.get(opportunity.get_absolute_url())
    assert "Providers who fit" in response.text
    provider = seeded["cornwall-provider@example.org"]
    response = client.get(reverse("network:booking_create", args=[provider.pk]))
    assert response.status_code == 200
    assert 'name="slot"' in response.text
