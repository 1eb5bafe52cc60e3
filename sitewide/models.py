"""The site's own pages, edited in Wagtail: the privacy notice, accessibility statement, terms of
use, code of conduct and contact page (`InformationPage`), and the human sitemap."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

BODY_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]


class InformationPage(Page):
    """A page of plain information: a policy, a statement, how to get in touch."""

    summary = models.CharField(
        max_length=300, help_text="One or two sentences, shown in search results and the sitemap."
    )
    last_updated = models.DateField(
        default=timezone.localdate, help_text="Shown to readers; change it when the content does."
    )
    body = RichTextField(features=BODY_FEATURES)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("last_updated"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["masterclasses.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "information page"

    @property
    def meta_description(self) -> str:
        return self.search_description or self.summary


# The sections that are not Wagtail pages, for the sitemap: (title, URL name, what it is,
# members only).
APP_SECTIONS = [
    ("Search", "sitewide:search", "Search masterclasses, guidance and help.", False),
    ("Peer-support circles", "peer_support:circle_list", "Confidential circles of peers.", True),
    (
        "Matches and bookings",
        "network:suggestions",
        "Suggested matches between commissioners and providers, and booking a conversation.",
        True,
    ),
    ("Opportunities", "network:opportunity_list", "What commissioners want to achieve.", True),
    ("My bookings", "network:my_bookings", "Conversations booked by you or with you.", True),
    ("Member directory", "network:member_directory", "Find other members.", True),
    ("My masterclasses", "masterclasses:my_masterclasses", "Your places and waiting lists.", True),
    ("Notifications", "notifications:centre", "What has happened since you last looked.", True),
    ("Log in", "account_login", "For members.", False),
    ("Join", "account_signup", "Create an account.", False),
]


class SitemapPage(Page):
    """Every part of the site for people (search engines read /sitemap.xml)."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["masterclasses.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "sitemap"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tree"] = self.page_tree()
        context["sections"] = [
            {"title": title, "url": reverse(name), "about": about, "members_only": members_only}
            for title, name, about, members_only in APP_SECTIONS
        ]
        return context

    def page_tree(self, depth: int = 2) -> list[dict]:
        """The home page's live, public pages to `depth` levels, in the editors' order, read in
        one query: [{"page": ..., "children": [...]}]."""
        home = self.get_parent()
        pages = (
            Page.objects.descendant_of(home)
            .filter(depth__lte=home.depth + depth)
            .live()
            .public()
            .exclude(pk=self.pk)
            .specific()
            .order_by("path")
        )
        nodes: dict[str, dict] = {}
        roots: list[dict] = []
        for page in pages:
            node = {"page": page, "children": []}
            nodes[page.path] = node
            parent = nodes.get(page.path[: -Page.steplen])
            (parent["children"] if parent else roots).append(node)
        return roots
