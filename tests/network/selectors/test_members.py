"""The member directory and member pages show each member only what they chose to share."""

import pytest
from django.urls import reverse

from network.models import Member
from network.selectors.members import DIRECTORY_GENERATION
from tests.factories import MemberFactory, place

pytestmark = pytest.mark.django_db


def directory(client, **params) -> str:
    response = client.get(reverse("network:member_directory"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_directory_lists_members_with_their_role_and_organisation(member_client):
    MemberFactory(
        user__first_name="Niamh",
        user__last_name="Byrne",
        organisation__name="Sefton Carers Centre",
        organisation__place=place("sefton"),
    )

    page = directory(member_client)

    assert "Niamh Byrne" in page
    assert "Sefton Carers Centre, Sefton" in page
    assert "Chief executive" in page


def test_unlisted_members_do_not_appear_and_their_page_is_not_found(member_client):
    hidden = MemberFactory(user__first_name="Hidden", listed_in_directory=False)

    assert "Hidden" not in directory(member_client)
    assert member_client.get(hidden.get_absolute_url()).status_code == 404


def test_a_member_always_sees_their_own_page(client):
    me = MemberFactory(listed_in_directory=False, show_email=False)
    client.force_login(me.user)

    page = client.get(me.get_absolute_url()).content.decode()

    assert me.user.email in page
    assert "only you can see it" in page


def test_email_and_organisation_show_only_when_shared(member_client):
    private = MemberFactory(
        user__email="private@example.org",
        organisation__name="Quiet Trust",
        show_organisation=False,
    )
    public = MemberFactory(user__email="open@example.org", show_email=True)

    page = directory(member_client)
    assert "private@example.org" not in page
    assert "Quiet Trust" not in page
    assert "open@example.org" in page

    detail = member_client.get(private.get_absolute_url()).content.decode()
    assert "private@example.org" not in detail
    assert "Quiet Trust" not in detail
    assert "open@example.org" in member_client.get(public.get_absolute_url()).content.decode()


def test_search_by_name(member_client):
    MemberFactory(user__first_name="Bronwen", user__last_name="Pascoe")
    MemberFactory(user__first_name="Tariq", user__last_name="Hussain")

    page = directory(member_client, q="pascoe")

    assert "Bronwen Pascoe" in page
    assert "Tariq Hussain" not in page


def test_search_by_role(member_client):
    MemberFactory(commissioner=True, user__first_name="Commissioning", user__last_name="Person")

    page = directory(member_client, role="commissioner")

    assert "Commissioning Person" in page
    assert "1 member found" in page


def test_search_by_place_includes_areas_within_a_region(member_client):
    MemberFactory(user__first_name="Wirralite", organisation__place=place("wirral"))
    MemberFactory(user__first_name="Cornish", organisation__place=place("cornwall"))

    north_west = directory(member_client, place="north-west")
    wirral = directory(member_client, place="wirral")

    assert "Wirralite" in north_west
    assert "Cornish" not in north_west
    assert "Wirralite" in wirral


def test_search_never_reveals_a_hidden_organisation(member_client):
    MemberFactory(
        user__first_name="Secretive", organisation__name="Hidden Harbour", show_organisation=False
    )

    assert "Secretive" not in directory(member_client, organisation="harbour")
    assert "Secretive" not in directory(member_client, place="wirral")


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-1"},
        {"place": "atlantis"},
        {"role": "pope"},
        {"q": "x" * 500},
    ],
)
def test_malformed_search_parameters_never_break_the_page(member_client, params):
    response = member_client.get(reverse("network:member_directory"), params)

    assert response.status_code in (200, 400)
    assert "Member directory" in response.content.decode()


# The directory's results come from a cached fragment, the same for every member, and the
# viewer with their member from memory (network/auth_backends.py): a signed-in request reads
# nothing (the session, as in production with Redis, and the header's unread count come from
# the cache). Rendered afresh after a change, it reads the viewer again, counts the members
# and reads a page of them.
DIRECTORY_QUERIES = 0
DIRECTORY_RENDERED = 3


@pytest.mark.parametrize("others", [1, 100])
def test_the_directory_runs_the_same_queries_for_1_or_100_members(
    member_client, django_assert_num_queries, others, settings
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    MemberFactory.create_batch(others)
    directory(member_client)  # the session and the results are now in the cache

    with django_assert_num_queries(DIRECTORY_QUERIES):
        page = directory(member_client)
    assert f"{others + 1} members found" in page

    MemberFactory(user__first_name="Newcomer")
    with django_assert_num_queries(DIRECTORY_RENDERED):
        page = directory(member_client, role="chief_executive", place="north-west")
    assert "members found" in page


def test_a_member_who_opts_out_leaves_the_cached_directory_at_once(member_client):
    shy = MemberFactory(user__first_name="Shy", user__last_name="Violet")
    assert "Shy Violet" in directory(member_client)
    assert "Shy Violet" in directory(member_client, q="violet")

    shy.listed_in_directory = False
    shy.save()

    assert "Shy Violet" not in directory(member_client)
    assert "Shy Violet" not in directory(member_client, q="violet")


def test_a_closed_account_leaves_the_cached_directory_at_once(member_client):
    leaving = MemberFactory(user__first_name="Leaving", user__last_name="Soon")
    assert "Leaving Soon" in directory(member_client)

    leaving.user.is_active = False
    leaving.user.save()

    assert "Leaving Soon" not in directory(member_client)


def test_changes_to_a_card_show_at_once(member_client):
    member = MemberFactory(
        user__first_name="Carys",
        organisation__name="Old Name Trust",
        organisation__place=place("sefton"),
        show_email=False,
    )
    assert "Old Name Trust, Sefton" in directory(member_client)

    member.organisation.name = "New Name Trust"
    member.organisation.save()
    member.show_organisation = False
    member.show_email = True
    member.save()
    page = directory(member_client)

    assert "New Name Trust" not in page
    assert "Old Name Trust" not in page
    assert member.user.email in page

    member.show_organisation = True
    member.save()
    sefton = place("sefton")
    sefton.name = "Sefton and Bootle"
    sefton.save()

    page = directory(member_client)
    assert "New Name Trust, Sefton and Bootle" in page
    assert '<option value="sefton">Sefton and Bootle</option>' in page


def test_each_search_gets_its_own_results_from_the_cache(member_client):
    MemberFactory(user__first_name="Wirralite", organisation__place=place("wirral"))
    MemberFactory(user__first_name="Cornish", organisation__place=place("cornwall"))
    directory(member_client)

    for _ in range(2):  # rendered, then from the cache
        assert "Cornish" not in directory(member_client, place="north-west")
        assert "Wirralite" not in directory(member_client, place="cornwall")
        everyone = directory(member_client)
        assert "Wirralite" in everyone
        assert "Cornish" in everyone


def test_while_the_shared_cache_is_away_nothing_is_kept(member_client, monkeypatch):
    """Without a generation no purge could reach a stored page, so none is stored."""
    monkeypatch.setattr(DIRECTORY_GENERATION, "current", lambda: None)
    shy = MemberFactory(user__first_name="Shy", user__last_name="Violet")
    assert "Shy Violet" in directory(member_client)

    Member.objects.filter(pk=shy.pk).update(listed_in_directory=False)  # no purge at all

    assert "Shy Violet" not in directory(member_client)


def test_a_signed_in_members_own_details_never_reach_another_members_directory(client):
    """The cached results are the same for everyone; the header around them is each viewer's."""
    first, second = (
        MemberFactory(user__first_name="Eluned"),
        MemberFactory(user__first_name="Gwilym", listed_in_directory=False),
    )
    client.force_login(first.user)
    directory(client)
    client.force_login(second.user)

    page = directory(client)

    assert "Gwilym" in page  # in the header: their own name
    assert f'href="{second.get_absolute_url()}"' not in page.split("</header>")[1]


def test_a_member_page_runs_a_fixed_number_of_queries(
    member_client, django_assert_num_queries, settings
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    other = MemberFactory()
    member_client.get(other.get_absolute_url())  # the session is now in the cache
    with django_assert_num_queries(MEMBER_PAGE_QUERIES):
        member_client.get(other.get_absolute_url())


MEMBER_PAGE_QUERIES = 2  # the member shown, whether they take bookings
