"""RSS and Atom feeds of new masterclasses and guidance, served by the index pages."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from masterclasses.models import GuidancePage, MasterclassPage

FEED_LENGTH = 20


class _PageFeed(Feed):
    model = None

    def __init__(self, index):
        super().__init__()
        self.index = index

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
            self.model.objects.live()
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


class MasterclassFeed(_PageFeed):
    model = MasterclassPage


class MasterclassAtomFeed(MasterclassFeed):
    feed_type = Atom1Feed
    subtitle = _PageFeed.description


class GuidanceFeed(_PageFeed):
    model = GuidancePage


class GuidanceAtomFeed(GuidanceFeed):
    feed_type = Atom1Feed
    subtitle = _PageFeed.description
