"""An editor publishes a masterclass through moderation; chief executives register for it."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.utils import timezone

from core.demo import DEMO_TOTP_SECRET
from masterclasses.models import MasterclassPage, Registration
from tests.conftest import log_in
from tests.factories import MemberFactory, UserFactory, masterclass_index

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Commissioning with community anchors"


def _totp_code() -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counters[len(counters) // 2]))


def _log_in_with_totp(page, email: str) -> None:
    """Password, then the authenticator code; a code typed as its 30 seconds ran out is
    refused, as it would be for a person, who then types the next one."""
    log_in(page, email)
    for _attempt in range(2):
        page.locator('input[name="code"]').fill(_totp_code())
        page.get_by_role("button", name="Log in", exact=True).click()
        page.wait_for_load_state("networkidle")
        if "/accounts/2fa/" not in page.url:
            return
    raise AssertionError(f"Two-factor log-in failed for {email}")


def _cms_user(group: str):
    user = UserFactory(groups=[group])
    TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


def test_editor_publishes_through_moderation_and_members_register(page, new_page):
    index = masterclass_index()
    editor, moderator = _cms_user("Editors"), _cms_user("Moderators")
    chief_executive = MemberFactory(user__email="amira@example.org")
    next_member = MemberFactory(user__email="tom@example.org")

    # The editor drafts a masterclass with one session and submits it for moderation.
    _log_in_with_totp(page, editor.email)
    page.goto(f"/admin/pages/add/masterclasses/masterclasspage/{index.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("How anchor organisations can hold local contracts.")
    start = timezone.localtime() + timedelta(days=10)
    page.locator("#id_sessions-0-start").fill(f"{start:%Y-%m-%d} 10:00")
    page.locator("#id_sessions-0-end").fill(f"{start:%Y-%m-%d} 12:00")
    page.keyboard.press("Escape")
    page.locator("#id_sessions-0-capacity").fill("1")
    page.locator("#id_sessions-0-venue").fill("Birkenhead Town Hall")
    page.locator('button[name="action-submit"]').evaluate("(button) => button.click()")
    # Wagtail returns the editor to the index's listing once the page is submitted.
    page.wait_for_url(re.compile(rf"/admin/pages/{index.pk}/$"))
    masterclass = MasterclassPage.objects.get(title=TITLE)
    assert masterclass.workflow_in_progress
    assert not masterclass.live

    # A moderator approves it, which publishes it.
    moderator_page = new_page()
    _log_in_with_totp(moderator_page, moderator.email)
    moderator_page.goto(f"/admin/pages/{masterclass.pk}/edit/")
    moderator_page.locator(
        'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    ).first.evaluate("(button) => button.click()")
    moderator_page.wait_for_load_state("networkidle")
    masterclass.refresh_from_db()
    assert masterclass.live

    # A chief executive finds it through search and registers.
    member_page = new_page()
    log_in(member_page, chief_executive.user.email)
    member_page.goto("/search/")
    member_page.get_by_label("Search Common Ground").fill("anchor")
    member_page.get_by_role("button", name="Search").click()
    member_page.get_by_role("link", name=TITLE).click()
    member_page.get_by_role("button", name=re.compile("^Register")).click()
    member_page.get_by_text("You're registered. We've emailed you").wait_for()

    member_page.goto("/masterclasses/")
    member_page.get_by_role("link", name="My masterclasses").click()
    member_page.get_by_role("heading", name="My masterclasses").wait_for()
    assert member_page.get_by_role("link", name=TITLE).is_visible()
    assert member_page.get_by_text("Registered", exact=True).is_visible()

    # The one place is taken, so the next member joins the waiting list.
    other_page = new_page()
    log_in(other_page, next_member.user.email)
    other_page.goto(masterclass.url)
    other_page.get_by_text("Full").wait_for()
    other_page.get_by_role("button", name=re.compile("^Join the waiting list")).click()
    other_page.get_by_text("The session is full, so you're on the waiting list").wait_for()
    assert list(
        Registration.objects.order_by("pk").values_list("member__user__email", "status")
    ) == [("amira@example.org", "registered"), ("tom@example.org", "waitlisted")]
