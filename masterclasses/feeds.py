"""RSS and Atom feeds of new pages under an index page. The index page hands over the index
and the pages to list, so this module imports no page model."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from wagtail.query import PageQuerySet

FEED_LENGTH = 20


class PageFeed(Feed):
    def __init__(self, index, pages: PageQuerySet):
        super().__init__()
        self.index = index
        self.pages = pages

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.index.title} · Common Ground"

    def link(self):
        return self.index.get_url(self.request)

    def description(self):
        return self.index.search_description or f"New {self.index.title.lower()} on Common Ground."

    def items(self):
        return (
            self.pages.live()
            .public()
            .descendant_of(self.index)
            .order_by("-first_published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


class AtomPageFeed(PageFeed):
    feed_type = Atom1Feed
    subtitle = PageFeed.description
