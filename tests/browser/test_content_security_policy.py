"""A member walks through the main pages with the Content-Security-Policy on, and the browser
refuses nothing: no inline script or style, no outside source, and the live socket connects."""

import pytest
from playwright.sync_api import expect

from tests.conftest import log_in
from tests.factories import (
    CircleMembershipFactory,
    GuidancePageFactory,
    MasterclassPageFactory,
    ThreadFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script, so every violation on every page is recorded.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def test_a_member_visits_the_key_pages_and_the_browser_blocks_nothing(page):
    membership = CircleMembershipFactory()
    thread = ThreadFactory(circle=membership.circle)
    masterclass, guidance = MasterclassPageFactory(), GuidancePageFactory()
    refused: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    def visit(path: str) -> None:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        refused.extend(page.evaluate("window.__cspViolations"))

    for path in ("/", masterclass.url, guidance.url, "/accounts/login/", "/accounts/signup/"):
        visit(path)
    log_in(page, membership.member.user.email)
    for path in ("/", "/circles/", "/bookings/", "/matches/", "/members/me/"):
        visit(path)
    visit(f"/circles/{membership.circle.slug}/threads/{thread.pk}/")
    expect(page.get_by_role("status").filter(has_text="Live")).to_be_visible()

    assert refused == []
