"""The legal and help pages, the human sitemap, the footer that links them, and the account
pages in the site's one voice."""

import re

import pytest

from core.demo import Demo
from sitewide.demo import loader
from sitewide.models import InformationPage, SitemapPage
from sitewide.navigation import FOOTER_LINKS
from tests.factories import PASSWORD, GuidancePageFactory, MasterclassPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    loader.load(Demo())


def test_every_footer_link_opens_a_seeded_page(client, seeded):
    for link in FOOTER_LINKS:
        response = client.get(link.url)
        assert response.status_code == 200, link.url
        assert f"<h1>{link.title}</h1>" in response.text


def test_seeding_twice_adds_nothing_and_keeps_an_editors_changes(seeded):
    privacy = InformationPage.objects.get(slug="privacy")
    privacy.title = "Our privacy notice"
    privacy.save_revision().publish()

    loader.load(Demo())

    assert InformationPage.objects.count() == 5
    assert SitemapPage.objects.count() == 1
    assert InformationPage.objects.get(slug="privacy").title == "Our privacy notice"


def test_the_privacy_notice_covers_what_uk_gdpr_asks_in_plain_english(client, seeded):
    text = client.get("/privacy/").text

    for needed in (
        "controller",
        "<strong>contract</strong>",
        "<strong>legitimate interests</strong>",
        "<strong>consent</strong>",
        "What circles keep confidential",
        "Only the current members of a circle can read its messages",
        "How long we keep it",
        "Your rights",
        "Information Commissioner's Office",
        "privacy@commonground.example.org",
    ):
        assert needed in text, needed
    assert "{privacy_email}" not in text


def test_the_footer_is_on_every_page_and_marks_the_current_one(client, seeded):
    for path in ("/", "/accounts/login/", "/search/"):
        footer = client.get(path).text.split('<footer class="site-footer">')[1]
        assert [link.url for link in FOOTER_LINKS] == re.findall(r'<a href="(/[^"]*)"', footer)
    footer = client.get("/privacy/").text.split('<footer class="site-footer">')[1]
    assert '<a href="/privacy/" aria-current="page">Privacy notice</a>' in footer


def test_the_sitemap_page_lists_the_site_for_people_and_keeps_the_xml_for_machines(client, seeded):
    masterclass = MasterclassPageFactory(title="Alliances on the Wirral")
    GuidancePageFactory(title="Forming a provider alliance")
    draft = MasterclassPageFactory(title="Unpublished draft")
    draft.unpublish()

    page = client.get("/sitemap/").text

    for title in (
        "Masterclasses",
        "Alliances on the Wirral",
        "Guidance",
        "Forming a provider alliance",
        "Privacy notice",
        "Code of conduct",
        "Peer-support circles",
        "Member directory",
    ):
        assert title in page, title
    assert "Unpublished draft" not in page
    assert f'href="{masterclass.url}"' in page
    assert 'href="/sitemap.xml"' in page
    xml = client.get("/sitemap.xml")
    assert xml["Content-Type"].startswith("application/xml")


def test_the_sitemap_reads_as_many_queries_for_many_pages_as_for_few(
    seeded, django_assert_num_queries
):
    for n in range(3):
        MasterclassPageFactory(title=f"Masterclass {n}")
    sitemap = SitemapPage.objects.get()
    # The home page, the tree, then one per kind of page: two indexes, information, masterclass.
    with django_assert_num_queries(6):
        small = sitemap.page_tree()
    for n in range(3, 12):
        MasterclassPageFactory(title=f"Masterclass {n}")
    sitemap = SitemapPage.objects.get()
    with django_assert_num_queries(6):
        large = sitemap.page_tree()

    def masterclasses(tree):
        (index,) = [node for node in tree if node["page"].title == "Masterclasses"]
        return [child["page"].title for child in index["children"]]

    assert len(masterclasses(small)) == 3
    assert len(masterclasses(large)) == 12


def test_joining_links_the_privacy_notice_and_the_code_of_conduct(client):
    page = client.get("/accounts/signup/").text

    assert '<a href="/privacy/">privacy notice</a>' in page
    assert '<a href="/code-of-conduct/">code of conduct</a>' in page


@pytest.mark.parametrize(
    ("path", "heading", "button"),
    [
        ("/accounts/login/", "Log in", "Log in"),
        ("/accounts/signup/", "Join Common Ground", "Join"),
    ],
)
def test_account_pages_say_join_and_log_in(client, path, heading, button):
    page = client.get(path).text

    assert f"<h1>{heading}</h1>" in page
    assert re.search(rf"<button[^>]*>\s*{button}\s*</button>", page)
    for other_voice in ("Sign Up", "Sign In", "Sign up", "Sign in", "sign up", "sign in"):
        assert other_voice not in page


def test_logging_out_says_log_out(member_client):
    page = member_client.get("/accounts/logout/").text
    assert "<h1>Log out</h1>" in page
    assert "Sign Out" not in page

    response = member_client.post("/accounts/logout/", follow=True)
    assert "You have logged out." in response.text


def test_logging_in_says_logged_in(client, member):
    response = client.post(
        "/accounts/login/",
        {"login": member.user.email, "password": PASSWORD},
        follow=True,
    )
    assert "You are logged in as" in response.text
