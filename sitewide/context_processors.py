from sitewide.navigation import CODE_OF_CONDUCT_URL, FOOTER_LINKS, PRIVACY_URL, section_for


def navigation(request):
    """`nav_section` for the header's aria-current, and the footer's links. No query: a
    member's own page is told apart by the member the header loads anyway."""
    path = getattr(request, "path", "")
    section = section_for(path)
    if section == "members" and _is_own_page(request):
        section = "me"
    return {
        "nav_section": section,
        "footer_links": FOOTER_LINKS,
        "privacy_url": PRIVACY_URL,
        "code_of_conduct_url": CODE_OF_CONDUCT_URL,
    }


def _is_own_page(request) -> bool:
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if match is None or match.url_name != "member_detail" or not user.is_authenticated:
        return False
    member = getattr(user, "member", None)
    return member is not None and match.kwargs.get("pk") == member.pk
