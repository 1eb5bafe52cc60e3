"""A newcomer joins Common Ground through the real pages, in Chromium."""

import re

import pytest
from django.core import mail

from network.models import Member
from tests.conftest import BOTH_WIDTHS, WIDTH_IDS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", BOTH_WIDTHS, ids=WIDTH_IDS)
def test_a_chief_executive_signs_up_verifies_and_lands_on_their_member_page(page):
    page.goto("/")
    page.get_by_role("link", name="Join Common Ground").click()

    page.get_by_label("First name").fill("Morwenna")
    page.get_by_label("Last name").fill("Trevithick")
    page.get_by_label("Email").fill("morwenna@example.org")
    page.get_by_label("Password", exact=True).fill("kernow-Community-2026")
    page.get_by_label("Password again").fill("kernow-Community-2026")
    page.get_by_role("button", name="Join", exact=True).click()
    page.get_by_role("heading", name="Check your email").wait_for()

    (message,) = mail.outbox
    assert message.to == ["morwenna@example.org"]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body).group(1)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    page.get_by_role("heading", name="Tell us about your work").wait_for()
    page.get_by_label("Chief executive (charity or social enterprise)").check()
    page.get_by_label("Job title").fill("Chief Executive")
    page.get_by_text("Add an organisation that is not listed").click()
    page.get_by_label("Organisation name").fill("Kernow Coast Community Trust")
    page.get_by_label("Kind of organisation").select_option(label="Charity")
    page.get_by_label("Where it is based").select_option(label="Cornwall")
    page.get_by_label("Registered charity number (if it has one)").fill("1 176 543")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("heading", name="Morwenna Trevithick").wait_for()
    assert page.get_by_text("Kernow Coast Community Trust, Cornwall").is_visible()
    member = Member.objects.get(user__email="morwenna@example.org")
    assert member.organisation.charity_number == "1176543"
