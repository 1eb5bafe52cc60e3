from sitewide.navigation import FOOTER_LINKS, section_for


def navigation(request):
    """`nav_section` for the header's aria-current, and the footer's links; no query."""
    return {
        "nav_section": section_for(getattr(request, "path", "")),
        "footer_links": FOOTER_LINKS,
    }
