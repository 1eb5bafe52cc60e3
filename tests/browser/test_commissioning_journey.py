"""A commissioner opens a challenge and agrees its outcomes with a member's proposal, cuts a
contract into a lot, two small providers form a consortium and express interest, and the
commissioner declares their interests and awards the lot: in Chromium, at phone and desktop
widths."""

import pytest

from commissioning.models import Lot
from tests.conftest import log_in
from tests.factories import MemberFactory, OrganisationFactory, match_profile, place

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def small_provider(first, last, organisation):
    member = MemberFactory(
        provider=True,
        user__first_name=first,
        user__last_name=last,
        organisation=OrganisationFactory(
            name=organisation, place=place("cornwall"), annual_income=60_000
        ),
    )
    match_profile(member, places=("cornwall",), offers=("volunteers",))
    return member


@pytest.mark.parametrize("width", [390, 1280])
def test_outcomes_to_award_with_a_consortium_of_small_providers(page, new_page, width):
    commissioner = MemberFactory(
        commissioner=True, user__first_name="Tamsin", user__last_name="Pascoe"
    )
    resident = MemberFactory(
        user__first_name="Morwenna",
        user__last_name="Tregear",
        organisation=OrganisationFactory(name="Kernow Food", place=place("cornwall")),
    )
    lead = small_provider("Jory", "Angove", "Penwith Befrienders")
    partner = small_provider("Elowen", "Hosking", "Kernow Wheels")
    page.set_viewport_size({"width": width, "height": 900})

    # The commissioner opens a challenge for Cornwall and drafts the first outcome.
    log_in(page, commissioner.user.email)
    page.goto("/commissioning/new/")
    page.get_by_label("Title", exact=True).fill("Older people living safely at home, Cornwall")
    page.get_by_label("Summary").fill("Fewer falls and fewer lonely winters.")
    page.get_by_label("Place", exact=True).select_option(label="Cornwall")
    page.get_by_role("button", name="Open the challenge").click()
    page.get_by_text("Your challenge is open").wait_for()
    page.get_by_role("link", name="Draft an outcome").click()
    page.get_by_label("Title", exact=True).fill("Fewer older people feel lonely")
    page.get_by_label("Outcome area").select_option(label="Loneliness and isolation")
    page.get_by_role("button", name="Save the outcome").click()
    page.get_by_text("The outcome is saved").wait_for()

    # A member in Cornwall proposes an outcome of their own.
    member_page = new_page()
    member_page.set_viewport_size({"width": width, "height": 900})
    log_in(member_page, resident.user.email)
    member_page.goto("/commissioning/")
    member_page.get_by_role("link", name="Older people living safely at home, Cornwall").click()
    member_page.get_by_label("The outcome you propose").fill("Nobody goes without a hot meal")
    member_page.get_by_label("Outcome area", exact=True).select_option(label="Food and poverty")
    member_page.get_by_role("button", name="Propose this outcome").click()
    member_page.get_by_text("Your proposal is with the commissioner").wait_for()

    # The commissioner accepts it: it becomes an outcome, with its history.
    page.reload()
    page.get_by_label("Decision").select_option("accept")
    page.get_by_role("button", name="Decide on “Nobody goes without a hot meal”").click()
    page.get_by_text("“Nobody goes without a hot meal” is now an outcome.").wait_for()
    outcomes = page.locator("#outcomes")
    outcomes.get_by_text("Nobody goes without a hot meal", exact=True).wait_for()

    # Resources, then methods: a contract is chosen and a lot created.
    page.get_by_role("button", name="Move to 2. Resources").click()
    page.get_by_text("The challenge is now at 2. Resources").wait_for()
    page.get_by_role("button", name="Move to 3. Methods").click()
    page.get_by_text("The challenge is now at 3. Methods").wait_for()
    page.get_by_role("link", name="Appraise an option").click()
    page.get_by_label("Method").select_option(label="Contract")
    page.get_by_label("Fewer older people feel lonely").check()
    page.get_by_label("Reasons").fill("A small lot lets local groups bid.")
    page.get_by_label("Chosen", exact=True).check()
    page.get_by_role("button", name="Save the appraisal").click()
    page.get_by_text("The option is appraised.").wait_for()
    page.get_by_role("link", name="Create a lot").click()
    page.get_by_label("Title", exact=True).fill("Lot 1: befriending in Penwith")
    page.get_by_label("Outcome", exact=True).select_option(label="Fewer older people feel lonely")
    page.get_by_label("Value band").select_option(label="Under £50,000")
    page.get_by_label("Length (months)").fill("24")
    page.get_by_label("Requirements").fill("Tell us how you would reach people at home.")
    page.get_by_role("button", name="Save the lot").click()
    page.get_by_role("heading", name="Lot 1: befriending in Penwith").wait_for()
    lot = Lot.objects.get()

    # Two small providers form a consortium: the lead invites, the partner accepts.
    lead_page = new_page()
    lead_page.set_viewport_size({"width": width, "height": 900})
    log_in(lead_page, lead.user.email)
    lead_page.goto(f"/commissioning/lots/{lot.pk}/")
    lead_page.get_by_role("link", name="Express interest in this lot").click()
    lead_page.get_by_label("How you would reach this outcome").fill("Our volunteers visit.")
    lead_page.get_by_role("button", name="Send expression of interest").click()
    lead_page.get_by_text("Your expression of interest is in.").wait_for()
    lead_page.get_by_label("Email of the partner organisation's member").fill(partner.user.email)
    lead_page.get_by_role("button", name="Invite a consortium partner").click()
    lead_page.get_by_text("Kernow Wheels is invited. They join only if they accept.").wait_for()

    partner_page = new_page()
    partner_page.set_viewport_size({"width": width, "height": 900})
    log_in(partner_page, partner.user.email)
    partner_page.goto("/commissioning/")
    partner_page.get_by_role("link", name="Lot 1: befriending in Penwith").click()
    partner_page.get_by_role("button", name="Accept and join the consortium").click()
    partner_page.get_by_text("You are part of the consortium.").wait_for()
    partner_page.get_by_role(
        "heading", name="Penwith Befrienders leading a consortium with Kernow Wheels"
    ).wait_for()

    # The commissioner sees no bid until they have declared, then awards the lot.
    page.goto(f"/commissioning/lots/{lot.pk}/")
    assert page.get_by_text("Our volunteers visit.").count() == 0
    page.get_by_role("link", name="Declare your interests").click()
    page.get_by_role("group", name="Penwith Befrienders").get_by_label("No interest").check()
    page.get_by_role("group", name="Kernow Wheels").get_by_label("No interest").check()
    page.get_by_role("button", name="Record my declarations").click()
    page.get_by_text("Your declarations are recorded").wait_for()
    page.get_by_text("Our volunteers visit.").wait_for()
    page.get_by_label("Penwith Befrienders").check()
    page.get_by_label("Reasons").fill("Volunteers already in every Penwith parish.")
    page.get_by_role("button", name="Award the lot").click()
    page.get_by_text("The award is recorded and everyone who took part is told.").wait_for()

    # Both partners are told, and see the award and its reasons.
    partner_page.goto("/notifications/")
    partner_page.get_by_text(
        "Lot 1: befriending in Penwith is awarded to Penwith Befrienders."
    ).first.wait_for()
    lead_page.goto(f"/commissioning/lots/{lot.pk}/")
    lead_page.get_by_text("Volunteers already in every Penwith parish.").wait_for()
