"""Consent, hiding and opt-out as members meet them on the pages, and opportunities."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from network.models import CONNECTION_CAP_RANGE, Connection, MatchProfile, Opportunity
from network.services.matching import INTEREST_IN_SELF, OPPORTUNITY_ONLY_COMMISSIONERS
from notifications.models import Notification
from tests.factories import (
    MemberFactory,
    OpportunityFactory,
    availability,
    outcome,
    place,
)

pytestmark = pytest.mark.django_db


def as_member(client, member):
    client.force_login(member.user)
    return client


def test_suggestion_shows_the_why(client, pair):
    commissioner, provider = pair
    response = as_member(client, commissioner).get(reverse("network:suggestions"))
    assert escape(provider.name) in response.text
    assert "You both work on loneliness and isolation." in response.text
    assert "They offer lived experience, which you are looking for." in response.text


def test_the_score_reads_as_a_strength_with_a_meter_not_a_bare_number(client, pair):
    commissioner, _provider = pair
    response = as_member(client, commissioner).get(reverse("network:suggestions"))
    # One shared outcome, the same place, and lived experience offered and sought.
    assert "<strong>Good match</strong> — 3 of 5" in response.text
    assert response.text.count('class="strength__step is-on"') == 3
    assert "Match score" not in response.text


def test_mutual_interest_connects_and_tells_both(
    client, pair, mailoutbox, django_capture_on_commit_callbacks
):
    commissioner, provider = pair
    with django_capture_on_commit_callbacks(execute=True):
        response = as_member(client, commissioner).post(
            reverse("network:interest", args=[provider.pk]), follow=True
        )
    assert "noted your interest in" in response.text
    assert not Connection.objects.exists()
    assert [m.to[0] for m in mailoutbox] == [provider.user.email]  # told of the interest
    mailoutbox.clear()

    # The provider sees who is interested, and reciprocates.
    response = as_member(client, provider).get(reverse("network:suggestions"))
    assert "Interested in meeting you" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("network:interest", args=[commissioner.pk]), follow=True)
    assert escape(f"You and {commissioner.name} are now connected.") in response.text
    assert Connection.objects.count() == 1
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [commissioner.user.email, provider.user.email]
    )
    assert Notification.objects.filter(member=commissioner).exists()
    # The commissioner offers no sessions, so the provider is not offered a booking...
    assert "Book a session" not in response.text
    # ...while the commissioner can book the provider, who has set their availability.
    availability(provider)
    response = as_member(client, commissioner).get(reverse("network:connections"))
    assert (
        f'Book a session<span class="visually-hidden"> with {escape(provider.name)}'
        in response.text
    )


def test_declined_suggestion_stays_hidden(client, pair):
    commissioner, provider = pair
    response = as_member(client, commissioner).post(
        reverse("network:decline", args=[provider.pk]), follow=True
    )
    assert "be suggested to you again" in response.text
    response = client.get(reverse("network:suggestions"))
    assert provider.name not in response.text
    # ...and the one declined does not see the decliner either.
    response = as_member(client, provider).get(reverse("network:suggestions"))
    assert commissioner.name not in response.text


def test_opting_out_removes_you_from_everyone_elses_suggestions(client, pair):
    commissioner, provider = pair
    profile = MatchProfile.objects.get(member=provider)
    response = as_member(client, provider).post(
        reverse("network:match_profile_edit"),
        {
            "outcome_areas": [o.pk for o in profile.outcome_areas.all()],
            "places": [p.pk for p in profile.places.all()],
            "monthly_connection_cap": 5,
            "opted_out": "on",
        },
    )
    assert response.status_code == 302
    response = as_member(client, commissioner).get(reverse("network:suggestions"))
    assert provider.name not in response.text


def test_profile_form_refuses_a_cap_out_of_range(client, pair):
    commissioner, _ = pair
    response = as_member(client, commissioner).post(
        reverse("network:match_profile_edit"), {"monthly_connection_cap": 0}
    )
    assert response.status_code == 400
    assert CONNECTION_CAP_RANGE in response.text


def test_interest_in_yourself_is_refused_clearly(client, pair):
    commissioner, _ = pair
    response = as_member(client, commissioner).post(
        reverse("network:interest", args=[commissioner.pk]), follow=True
    )
    assert INTEREST_IN_SELF in response.text


def test_interest_with_a_nonsense_opportunity_is_still_recorded(client, pair):
    commissioner, provider = pair
    response = as_member(client, commissioner).post(
        reverse("network:interest", args=[provider.pk]), {"opportunity": "abc"}
    )
    assert response.status_code == 302


def test_interest_needs_post(client, pair):
    commissioner, provider = pair
    response = as_member(client, commissioner).get(reverse("network:interest", args=[provider.pk]))
    assert response.status_code == 405


def test_opportunity_listing_filters_by_place_including_region(client, pair):
    commissioner, provider = pair
    cornwall = OpportunityFactory(commissioner=commissioner, title="Rural connections")
    wirral = OpportunityFactory(
        commissioner=commissioner, title="Wirral housing", place=place("wirral")
    )
    closed = OpportunityFactory(commissioner=commissioner, title="Old one", status="closed")
    as_member(client, provider)
    response = client.get(reverse("network:opportunity_list"))
    assert cornwall.title in response.text
    assert wirral.title in response.text
    assert closed.title not in response.text
    response = client.get(reverse("network:opportunity_list"), {"place": place("south-west").pk})
    assert cornwall.title in response.text
    assert wirral.title not in response.text


def opportunity_data(**fields) -> dict:
    """A valid opportunity form, closing in a year and starting in two, with `fields` changed."""
    today = timezone.localdate()
    return {
        "title": "Tackling isolation in west Cornwall",
        "summary": "Outcomes-based, co-produced with residents.",
        "outcome_area": outcome().pk,
        "place": place("cornwall").pk,
        "value_band": Opportunity.ValueBand.FROM_50K,
        "closes_on": today.replace(year=today.year + 1).isoformat(),
        "starts_on": today.replace(year=today.year + 2).isoformat(),
        "open_to_small_providers": "on",
        "status": "open",
        **fields,
    }


def test_commissioner_publishes_an_opportunity_and_sees_who_fits(client, pair):
    commissioner, provider = pair
    response = as_member(client, commissioner).post(
        reverse("network:opportunity_create"), opportunity_data(), follow=True
    )
    assert "Tackling isolation in west Cornwall" in response.text
    assert "Providers who fit" in response.text
    assert escape(provider.name) in response.text
    assert "They serve Cornwall." in response.text


def test_opportunity_dates_in_the_wrong_order_get_a_clear_message(client, pair):
    commissioner, _ = pair
    today = timezone.localdate()
    backwards = opportunity_data(
        title="Backwards",
        closes_on=today.replace(year=today.year + 2).isoformat(),
        starts_on=today.replace(year=today.year + 1).isoformat(),
    )
    response = as_member(client, commissioner).post(
        reverse("network:opportunity_create"), backwards
    )
    assert response.status_code == 400
    assert "The service should start after interest closes." in response.text


def test_only_commissioners_publish_opportunities(client, pair):
    _, provider = pair
    response = as_member(client, provider).get(reverse("network:opportunity_create"), follow=True)
    assert OPPORTUNITY_ONLY_COMMISSIONERS in response.text


def test_editing_an_opportunity_saves_the_change(client, pair):
    opportunity = OpportunityFactory(title="Befriending in Truro")
    url = reverse("network:opportunity_edit", args=[opportunity.pk])
    page = as_member(client, opportunity.commissioner).get(url)
    data = {
        name: field.value() if field.value() is not None else ""
        for name, field in ((n, page.context["form"][n]) for n in page.context["form"].fields)
    }
    data["title"] = "Befriending across Cornwall"
    response = client.post(url, {k: v for k, v in data.items() if v is not False})
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.title == "Befriending across Cornwall"
    page = client.get(opportunity.get_absolute_url())
    assert "Befriending across Cornwall" in page.text


def test_someone_elses_opportunity_cannot_be_edited(client, pair):
    _, _provider = pair
    opportunity = OpportunityFactory()
    other = MemberFactory(commissioner=True)
    response = as_member(client, other).get(
        reverse("network:opportunity_edit", args=[opportunity.pk])
    )
    assert response.status_code == 404


def test_opening_the_profile_form_saves_nothing(client):
    member = MemberFactory(provider=True)
    response = as_member(client, member).get(reverse("network:match_profile_edit"))
    assert response.status_code == 200
    assert not MatchProfile.objects.filter(member=member).exists()


def test_updates_stay_unread_until_the_member_marks_them_read(client, pair):
    commissioner, _ = pair
    Notification.objects.create(member=commissioner, text="You are connected.", url="/")
    as_member(client, commissioner)
    client.get(reverse("network:connections"))
    response = client.get(reverse("network:suggestions"))
    assert "notice--unread" in response.text
    assert Notification.objects.get().read_at is None

    response = client.post(reverse("network:updates_read"), follow=True)
    assert "notice--unread" not in response.text
    assert Notification.objects.get().read_at is not None
