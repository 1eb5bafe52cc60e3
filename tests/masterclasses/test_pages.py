from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from wagtail.embeds.exceptions import EmbedNotFoundException

from masterclasses.models import Audience, Format
from tests.factories import (
    GuidancePageFactory,
    MasterclassPageFactory,
    SessionFactory,
    place,
    topic,
)

pytestmark = pytest.mark.django_db


def _titles(response):
    return [page.title for page in response.context["page_obj"].object_list]


@pytest.fixture
def catalogue():
    wirral = MasterclassPageFactory(
        title="Alliances on the Wirral",
        summary="Building a provider alliance with the council.",
        place=place("wirral"),
        audience=Audience.COMMISSIONERS,
        format=Format.IN_PERSON,
        topics=[topic("collaborative-commissioning")],
    )
    SessionFactory(page=wirral)
    cornwall = MasterclassPageFactory(
        title="Assets in Cornwall",
        place=place("cornwall"),
        audience=Audience.BOTH,
        format=Format.ONLINE,
        topics=[topic("asset-based-approaches")],
    )
    SessionFactory(page=cornwall, online=True)
    past = MasterclassPageFactory(title="Last year's outcomes masterclass")
    SessionFactory(
        page=past,
        start=timezone.now() - timedelta(days=30),
        end=timezone.now() - timedelta(days=30) + timedelta(hours=2),
    )
    return {"wirral": wirral, "cornwall": cornwall, "past": past}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Alliances on the Wirral", "Assets in Cornwall"]),
        ("?topic=asset-based-approaches", ["Assets in Cornwall"]),
        ("?audience=commissioners", ["Alliances on the Wirral", "Assets in Cornwall"]),
        ("?audience=chief_executives", ["Assets in Cornwall"]),
        ("?place=wirral", ["Alliances on the Wirral"]),
        ("?place=north-west", ["Alliances on the Wirral"]),  # a region includes its areas
        ("?format=online", ["Assets in Cornwall"]),
        ("?when=past", ["Last year's outcomes masterclass"]),
    ],
)
def test_listing_filters(client, catalogue, query, expected):
    response = client.get(f"/masterclasses/{query}")
    assert response.status_code == 200
    assert sorted(_titles(response)) == sorted(expected)


@pytest.mark.parametrize(
    "query",
    ["?topic=no-such-topic", "?audience=everyone%00", "?format=teleport", "?when=tomorrow"],
)
def test_malformed_filters_get_a_clear_400_not_a_500(client, catalogue, query):
    response = client.get(f"/masterclasses/{query}")
    assert response.status_code == 400
    assert "There is a problem" in response.text


@pytest.mark.parametrize("page", ["abc", "-1", "99999", "1.5"])
def test_malformed_page_numbers_give_a_normal_page(client, catalogue, page):
    response = client.get(f"/masterclasses/?page={page}")
    assert response.status_code == 200


def test_listing_paginates(client):
    for _ in range(13):
        SessionFactory()
    first = client.get("/masterclasses/")
    second = client.get("/masterclasses/?page=2")
    assert len(_titles(first)) == 12
    assert len(_titles(second)) == 1
    assert 'rel="next"' in first.text


def test_guidance_listing_filters_by_topic_and_rejects_unknown_ones(client):
    GuidancePageFactory(title="Alliance checklist", topics=[topic("governance")])
    GuidancePageFactory(title="Asset mapping", topics=[topic("asset-based-approaches")])
    response = client.get("/guidance/?topic=governance")
    assert _titles(response) == ["Alliance checklist"]
    assert client.get("/guidance/?topic=nope").status_code == 400


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


def test_draft_masterclasses_are_not_found_or_listed(client, catalogue):
    catalogue["wirral"].unpublish()
    assert "Alliances on the Wirral" not in _titles(client.get("/masterclasses/"))
    assert client.get("/search/?q=alliance").context["results"].masterclasses == []


@pytest.mark.parametrize(
    ("url", "marker"),
    [
        ("/masterclasses/feed/", "<rss"),
        ("/masterclasses/feed/atom/", "<feed"),
    ],
)
def test_masterclass_feeds(client, catalogue, url, marker):
    response = client.get(url)
    assert response.status_code == 200
    assert marker in response.text
    assert "Alliances on the Wirral" in response.text


def test_guidance_feeds(client):
    GuidancePageFactory(title="Outcomes without paperwork")
    assert "Outcomes without paperwork" in client.get("/guidance/feed/").text
    assert "Outcomes without paperwork" in client.get("/guidance/feed/atom/").text


def test_sitemap_lists_masterclasses_and_guidance(client, catalogue):
    guidance = GuidancePageFactory()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert catalogue["wirral"].url in response.text
    assert guidance.url in response.text


def test_pages_have_titles_descriptions_and_open_graph_tags(client, catalogue):
    page = catalogue["wirral"]
    response = client.get(page.url)
    assert f"<title>{page.title} · Common Ground</title>" in response.text
    assert f'<meta name="description" content="{page.summary}">' in response.text
    assert f'<meta property="og:title" content="{page.title}">' in response.text
    assert '<meta property="og:type" content="article">' in response.text


def test_home_page_shows_upcoming_masterclasses_guidance_and_the_peer_invitation(client, catalogue):
    GuidancePageFactory(title="What is collaborative commissioning?")
    response = client.get("/")
    assert "Alliances on the Wirral" in response.text
    assert "Last year's outcomes masterclass" not in response.text
    assert "What is collaborative commissioning?" in response.text
    assert "Find your peers" in response.text


def test_a_video_that_cannot_be_embedded_becomes_a_link(client):
    page = MasterclassPageFactory(
        body=[
            (
                "video",
                {"url": "https://www.youtube.com/watch?v=abc", "title": "Alliance stories"},
            )
        ]
    )
    with mock.patch(
        "wagtail.embeds.embeds.get_embed", side_effect=EmbedNotFoundException("offline")
    ):
        response = client.get(page.url)
        assert response.status_code == 200
        assert 'href="https://www.youtube.com/watch?v=abc">Alliance stories</a>' in response.text
    with mock.patch("wagtail.embeds.embeds.get_embed", side_effect=OSError("no network")):
        assert client.get(page.url).status_code == 200
