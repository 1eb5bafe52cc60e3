"""Interest, connection and profiles: what the matching services do and report."""

import pytest

from network.models import MatchProfile, Opportunity
from network.services import matching as services
from notifications.models import Notification
from tests.factories import MemberFactory, OpportunityFactory, outcome, place

pytestmark = pytest.mark.django_db


def test_interest_reports_noted_then_connected_and_tells_both_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    commissioner, provider = MemberFactory(commissioner=True), MemberFactory(provider=True)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.interest_express(member=commissioner, other=provider)
    assert first.result is services.Interest.NOTED
    assert first.connection is None
    # The provider is told someone is interested, once.
    [told] = mailoutbox
    assert told.to == [provider.user.email]
    assert f"{commissioner.name} is interested in meeting you" in told.subject
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        second = services.interest_express(member=provider, other=commissioner)
    assert second.result is services.Interest.CONNECTED
    assert second.connection is not None
    assert {m.to[0] for m in mailoutbox} == {commissioner.user.email, provider.user.email}
    for message in mailoutbox:
        assert "are now connected" in message.body
        [(html, mimetype)] = message.alternatives
        assert mimetype == "text/html"
        assert "are now connected" in html
    assert Notification.objects.filter(kind="connection").count() == 2


def test_interest_in_yourself_is_refused_with_its_code():
    member = MemberFactory()
    with pytest.raises(services.MatchingError) as error:
        services.interest_express(member=member, other=member)
    assert error.value.template == services.INTEREST_IN_SELF
    assert error.value.code == "matching_refused"


def test_saving_a_profile_twice_updates_the_one_profile():
    member = MemberFactory(provider=True)
    services.match_profile_save(
        member=member, outcome_areas=[outcome()], places=[place("cornwall")], looking_for="Peers"
    )
    profile = services.match_profile_save(
        member=member, outcome_areas=[outcome()], places=[place("wirral")], opted_out=True
    )
    assert MatchProfile.objects.filter(member=member).count() == 1
    profile.refresh_from_db()
    assert profile.opted_out is True
    assert profile.looking_for == ""
    assert list(profile.places.all()) == [place("wirral")]


def test_only_its_commissioner_changes_an_opportunity():
    opportunity = OpportunityFactory()
    other = MemberFactory(commissioner=True)
    with pytest.raises(services.MatchingError) as error:
        services.opportunity_save(commissioner=other, opportunity=opportunity, title="Mine now")
    assert error.value.template == services.OPPORTUNITY_NOT_YOURS
    services.opportunity_save(
        commissioner=opportunity.commissioner, opportunity=opportunity, title="Renamed"
    )
    assert Opportunity.objects.get(pk=opportunity.pk).title == "Renamed"
