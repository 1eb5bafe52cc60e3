"""After verifying their email a person tells us their role and organisation."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from network.forms import members as forms
from network.models import Member, Organisation
from network.validators import CHARITY_NUMBER_INVALID
from tests.factories import MemberFactory, OrganisationFactory, UserFactory, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer_client(client):
    client.force_login(UserFactory(first_name="Jo", last_name="Ashworth"))
    return client


def new_charity(**overrides) -> dict:
    data = {
        "role": "chief_executive",
        "job_title": "Chief Executive",
        "new_organisation_name": "Bootle Food Bank",
        "new_organisation_kind": "charity",
        "new_organisation_place": place("sefton").pk,
        "new_organisation_charity_number": "1151234",
        "listed_in_directory": "on",
        "show_organisation": "on",
    }
    return {**data, **overrides}


def test_a_newcomer_adds_their_charity_and_lands_on_their_member_page(newcomer_client):
    response = newcomer_client.post(reverse("network:onboarding"), new_charity())

    member = Member.objects.get()
    assert response.status_code == 302
    assert response.url == member.get_absolute_url()
    assert member.role == Member.Role.CHIEF_EXECUTIVE
    assert member.organisation.name == "Bootle Food Bank"
    assert member.organisation.place.slug == "sefton"
    page = newcomer_client.get(response.url).content.decode()
    assert "Jo Ashworth" in page
    assert "Bootle Food Bank, Sefton" in page


def test_a_new_organisations_income_places_it_in_a_size_band(newcomer_client):
    newcomer_client.post(
        reverse("network:onboarding"), new_charity(new_organisation_annual_income="45000")
    )
    organisation = Organisation.objects.get()
    assert organisation.annual_income == 45_000
    assert organisation.size_band == "small"


def test_a_commissioner_joins_an_organisation_already_on_common_ground(newcomer_client):
    council = OrganisationFactory(name="Wirral Council", kind=Organisation.Kind.LOCAL_AUTHORITY)

    newcomer_client.post(
        reverse("network:onboarding"), {"role": "commissioner", "organisation": council.pk}
    )

    assert Member.objects.get().organisation == council
    assert Organisation.objects.count() == 1


def test_onboarding_returns_to_the_page_the_member_was_going_to(newcomer_client):
    response = newcomer_client.post(
        reverse("network:onboarding"), {**new_charity(), "next": "/members/"}
    )

    assert response.url == "/members/"


def test_onboarding_ignores_a_next_address_on_another_site(newcomer_client):
    response = newcomer_client.post(
        reverse("network:onboarding"), {**new_charity(), "next": "https://evil.example/"}
    )

    assert response.url == Member.objects.get().get_absolute_url()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"new_organisation_charity_number": "12AB"}, CHARITY_NUMBER_INVALID),
        ({"new_organisation_charity_number": "123"}, CHARITY_NUMBER_INVALID),
        ({"role": "archbishop"}, forms.ROLE_INVALID),
        ({"role": ""}, forms.ROLE_INVALID),
        ({"new_organisation_name": "x" * 201}, "at most 200 characters"),
        ({"job_title": "x" * 121}, "at most 120 characters"),
        ({"new_organisation_place": ""}, forms.ORGANISATION_DETAILS_MISSING),
        ({"new_organisation_place": "99999"}, "Select a valid choice"),
        ({"role": "commissioner"}, forms.ROLE_NEEDS_PUBLIC_BODY),
        (
            {"new_organisation_kind": "nhs_body", "role": "commissioner"},
            forms.CHARITY_NUMBER_NOT_FOR_PUBLIC_BODY,
        ),
    ],
)
def test_bad_onboarding_input_gets_a_clear_message_and_saves_nothing(
    newcomer_client, overrides, message
):
    response = newcomer_client.post(reverse("network:onboarding"), new_charity(**overrides))

    assert response.status_code == 400
    assert escape(message) in response.content.decode()
    assert not Member.objects.exists()
    assert not Organisation.objects.exists()


def test_no_organisation_at_all_is_explained(newcomer_client):
    response = newcomer_client.post(reverse("network:onboarding"), {"role": "provider"})

    assert response.status_code == 400
    assert forms.ORGANISATION_MISSING in response.content.decode()


def test_an_organisation_cannot_be_added_twice(newcomer_client):
    OrganisationFactory(name="Bootle Food Bank")

    response = newcomer_client.post(
        reverse("network:onboarding"),
        new_charity(new_organisation_name="bootle food bank", new_organisation_charity_number=""),
    )

    assert response.status_code == 400
    assert "Bootle Food Bank is already on Common Ground" in response.content.decode()


def test_a_charity_number_already_registered_is_refused(newcomer_client):
    OrganisationFactory(charity_number="1151234")

    response = newcomer_client.post(reverse("network:onboarding"), new_charity())

    assert response.status_code == 400
    assert forms.CHARITY_NUMBER_TAKEN in response.content.decode()


@pytest.mark.parametrize("number", ["SC012345", "sc 012345", "NIC100002", "1 123 456", "234567"])
def test_charity_numbers_from_all_three_regulators_are_accepted(newcomer_client, number):
    newcomer_client.post(
        reverse("network:onboarding"), new_charity(new_organisation_charity_number=number)
    )

    assert Organisation.objects.get().charity_number == number.replace(" ", "").upper()


def test_member_pages_need_onboarding_first(newcomer_client):
    response = newcomer_client.get(reverse("network:member_directory"))

    assert response.status_code == 302
    assert response.url == f"{reverse('network:onboarding')}?next=%2Fmembers%2F"


def test_a_member_who_has_onboarded_is_not_asked_again(member_client, member):
    response = member_client.get(reverse("network:onboarding"))

    assert response.url == member.get_absolute_url()


def test_a_member_edits_their_profile_and_sharing_choices(member_client, member):
    response = member_client.post(
        reverse("network:member_edit"),
        {
            "role": "provider",
            "organisation": member.organisation.pk,
            "job_title": "Director of Services",
            "bio": "We run befriending across Wirral.",
            "show_email": "on",
        },
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == Member.Role.PROVIDER
    assert member.job_title == "Director of Services"
    assert not member.listed_in_directory
    assert member.show_email


def test_a_bad_profile_edit_keeps_what_was_saved(member_client, member):
    response = member_client.post(
        reverse("network:member_edit"),
        {"role": "commissioner", "organisation": member.organisation.pk, "job_title": "Chief"},
    )

    assert response.status_code == 400
    assert forms.ROLE_NEEDS_PUBLIC_BODY in response.content.decode()
    member.refresh_from_db()
    assert member.role == Member.Role.CHIEF_EXECUTIVE
    assert member.job_title == "Chief Executive"


def test_anonymous_visitors_are_asked_to_log_in(client):
    MemberFactory()

    response = client.get(reverse("network:member_directory"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("target", ["-1", "member_me", "https://elsewhere.example/"])
def test_onboarding_ignores_a_next_that_is_not_a_path_here(member_client, member, target):
    response = member_client.get(f"/welcome/?next={target}")
    assert response.status_code == 302
    assert response.url == member.get_absolute_url()


def test_the_organisation_search_suggests_matches_as_json(newcomer_client):
    bootle = OrganisationFactory(name="Bootle Food Bank", place=place("sefton"))
    OrganisationFactory(name="Food for Bootle Families")
    OrganisationFactory(name="Kernow Coast Community Trust")

    response = newcomer_client.get(reverse("network:organisation_search"), {"q": "bootle"})

    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["name"] for r in results] == ["Bootle Food Bank", "Food for Bootle Families"]
    assert results[0] == {
        "id": bootle.pk,
        "name": "Bootle Food Bank",
        "place": "Sefton",
        "kind": bootle.get_kind_display(),
    }
    every_word = newcomer_client.get(reverse("network:organisation_search"), {"q": "food bootle"})
    assert len(every_word.json()["results"]) == 2
    nothing = newcomer_client.get(reverse("network:organisation_search"), {"q": " "})
    assert nothing.json() == {"results": []}


def test_the_organisation_search_is_for_signed_in_people(client):
    response = client.get(reverse("network:organisation_search"), {"q": "bootle"})
    assert response.status_code == 302


def test_without_javascript_the_organisation_is_still_a_list_to_choose_from(newcomer_client):
    OrganisationFactory(name="Bootle Food Bank")
    page = newcomer_client.get(reverse("network:onboarding")).content.decode()
    assert 'data-organisation-picker="/organisations/search/"' in page
    assert ">Bootle Food Bank</option>" in page
