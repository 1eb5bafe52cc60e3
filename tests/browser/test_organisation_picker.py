"""A newcomer finds their organisation by typing part of its name, with the keyboard alone."""

import pytest
from playwright.sync_api import expect

from network.models import Member
from tests.conftest import log_in
from tests.factories import OrganisationFactory, UserFactory, place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_newcomer_types_and_chooses_their_organisation(page):
    bootle = OrganisationFactory(name="Bootle Food Bank", place=place("sefton"))
    OrganisationFactory(name="Bootle Youth Trust", place=place("sefton"))
    OrganisationFactory(name="Kernow Coast Community Trust", place=place("cornwall"))
    user = UserFactory(first_name="Ade", last_name="Bello")
    log_in(page, user.email)
    page.goto("/welcome/")

    page.get_by_label("Chief executive (charity or social enterprise)").check()
    picker = page.get_by_role("combobox", name="Your organisation")
    picker.press_sequentially("bootle f")
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("Bootle Food Bank")
    expect(page.get_by_role("status").filter(has_text="1 organisation found")).to_be_attached()
    picker.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    picker.press("Enter")  # chooses; does not submit the form
    expect(picker).to_have_value("Bootle Food Bank")
    expect(page.get_by_role("listbox")).to_be_hidden()

    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Ade Bello").wait_for()
    assert Member.objects.get(user=user).organisation == bootle
