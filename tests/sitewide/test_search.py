"""The one site-wide search at /search/: pages through Wagtail's search backend, grouped by kind,
and the member directory for members only."""

import pytest

from tests.factories import (
    GuidancePageFactory,
    InformationPageFactory,
    MasterclassPageFactory,
    MemberFactory,
    ProgrammePageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _groups(response) -> dict[str, list[str]]:
    """Each kind's results by title or name, in the order the page shows them."""
    return {
        group.kind: [getattr(result, "title", None) or result.name for result in group.results]
        for group in response.context["groups"]
    }


@pytest.fixture
def content():
    MasterclassPageFactory(title="Alliances on the Wirral", summary="A provider alliance.")
    MasterclassPageFactory(title="Asset mapping in Cornwall", summary="Community assets.")
    ProgrammePageFactory(title="Wirral alliance academy", summary="Monthly alliance sessions.")
    GuidancePageFactory(title="Forming a provider alliance", summary="Alliance contracts.")
    InformationPageFactory(title="Code of conduct", summary="How members treat each other.")


@pytest.fixture
def alliance_member(db):
    return MemberFactory(user=UserFactory(first_name="Alliance", last_name="Okafor"))


def test_one_search_finds_every_kind_of_page_grouped_by_kind(client, content):
    response = client.get("/search/?q=alliance")

    assert response.status_code == 200
    assert _groups(response) == {
        "masterclasses": ["Alliances on the Wirral"],
        "programmes": ["Wirral alliance academy"],
        "guidance": ["Forming a provider alliance"],
        "help": [],
    }
    page = response.text
    assert page.index('id="masterclasses"') < page.index('id="programmes"')
    assert page.index('id="programmes"') < page.index('id="guidance"')
    assert "3 results for “alliance”" in page


def test_help_and_policy_pages_are_found(client, content):
    assert _groups(client.get("/search/?q=conduct"))["help"] == ["Code of conduct"]


def test_anonymous_visitors_never_get_member_results(client, content, alliance_member):
    response = client.get("/search/?q=alliance")

    assert "members" not in _groups(response)
    assert "Alliance Okafor" not in response.text
    assert f"/members/{alliance_member.pk}/" not in response.text
    assert "Members who have joined can also search the member directory" in response.text


def test_someone_signed_in_but_not_yet_joined_gets_no_member_results(
    client, content, alliance_member
):
    client.force_login(UserFactory())
    response = client.get("/search/?q=alliance")

    assert "members" not in _groups(response)
    assert "Alliance Okafor" not in response.text


def test_members_also_find_listed_members(member_client, content, alliance_member):
    response = member_client.get("/search/?q=alliance")

    assert _groups(response)["members"] == ["Alliance Okafor"]
    assert f'href="/members/{alliance_member.pk}/"' in response.text


def test_members_who_chose_not_to_be_listed_are_never_found(member_client, alliance_member):
    alliance_member.listed_in_directory = False
    alliance_member.save()

    assert _groups(member_client.get("/search/?q=alliance"))["members"] == []


def test_drafts_are_not_found(client, content):
    draft = MasterclassPageFactory(title="Alliance draft", summary="Not yet published.")
    draft.unpublish()

    assert "Alliance draft" not in _groups(client.get("/search/?q=alliance"))["masterclasses"]


def test_no_query_shows_the_form_and_no_results(client, content):
    response = client.get("/search/")

    assert response.status_code == 200
    assert response.context["groups"] == []
    assert 'role="search"' in response.text


def test_nothing_found_says_so(client, content):
    response = client.get("/search/?q=zeppelin")

    assert "Nothing matches “zeppelin”" in response.text


def test_an_overlong_query_is_a_clear_400(client):
    response = client.get("/search/?q=" + "a" * 500)

    assert response.status_code == 400
    assert "Ensure this value has at most 200 characters" in response.text


def test_the_header_links_to_search_and_marks_it_current(client):
    response = client.get("/search/")

    assert (
        '<a class="header-search" href="/search/" aria-current="page">Search</a>' in response.text
    )
