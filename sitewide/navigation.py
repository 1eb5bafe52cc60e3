"""The header's sections and the footer's links: which section a path belongs to, so the
header can mark it with aria-current, and the fixed addresses of the legal and help pages.

The footer links to fixed addresses rather than looking pages up, so it costs no query on
every page. The demo seeds a page at each (`sitewide/demo/data.yaml`); an editor who moves
one adds a redirect in the Wagtail admin.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class FooterLink:
    title: str
    url: str


FOOTER_LINKS = [
    FooterLink("Privacy notice", "/privacy/"),
    FooterLink("Accessibility statement", "/accessibility/"),
    FooterLink("Terms of use", "/terms/"),
    FooterLink("Code of conduct", "/code-of-conduct/"),
    FooterLink("Contact us", "/contact/"),
    FooterLink("Sitemap", "/sitemap/"),
]
PRIVACY_URL = "/privacy/"
CODE_OF_CONDUCT_URL = "/code-of-conduct/"

# The first prefix that starts the path names its section; longer prefixes come first.
SECTION_PREFIXES = [
    ("/masterclasses/", "masterclasses"),
    ("/my-masterclasses/", "masterclasses"),
    ("/guidance/", "guidance"),
    ("/circles/", "circles"),
    ("/matches/", "matching"),
    ("/opportunities/", "matching"),
    ("/bookings/", "matching"),
    ("/commissioning/", "commissioning"),
    ("/members/me/", "me"),
    ("/members/", "members"),
    ("/search/", "search"),
    ("/notifications/", "notifications"),
    ("/accounts/", "account"),
]


def section_for(path: str) -> str:
    """The header section `path` belongs to, or "" for pages outside every section."""
    if path.startswith("/members/") and path.endswith("/book/"):
        return "matching"
    for prefix, section in SECTION_PREFIXES:
        if path.startswith(prefix):
            return section
    return ""
