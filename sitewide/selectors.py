"""Reads for the site-wide search: every kind of thing a visitor can find, grouped by kind."""

from dataclasses import dataclass, field

from masterclasses.models import GuidancePage, MasterclassPage, ProgrammePage
from network.models import Member
from network.selectors.members import directory_search
from sitewide.models import InformationPage

PER_KIND = 20


@dataclass
class SearchGroup:
    kind: str  # "masterclasses", also the heading's id
    heading: str
    results: list = field(default_factory=list)


def site_search(*, query: str, member: Member | None) -> list[SearchGroup]:
    """Pages through Wagtail's search backend, and, for a member only, the member directory
    (listed members, matched by name as the directory matches them)."""
    if not query:
        return []
    groups = [
        SearchGroup("masterclasses", "Masterclasses", _pages(MasterclassPage, query)),
        SearchGroup("programmes", "Programmes", _pages(ProgrammePage, query)),
        SearchGroup("guidance", "Guidance", _pages(GuidancePage, query)),
        SearchGroup("help", "Help and policies", _pages(InformationPage, query)),
    ]
    if member is not None:
        members = list(directory_search(query=query)[:PER_KIND])
        groups.append(SearchGroup("members", "Members", members))
    return groups


def _pages(model, query: str) -> list:
    return list(model.objects.live().public().search(query)[:PER_KIND])
