"""The header on a phone and a laptop: a compact bar with a menu that opens with or without
JavaScript, and a home page that says what Common Ground is for in the first screen."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from notifications.models import Kind
from notifications.services import notify
from tests.conftest import LAPTOP, PHONE, log_in
from tests.factories import MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _bottom(locator) -> float:
    box = locator.bounding_box()
    return box["y"] + box["height"]


@pytest.mark.parametrize("viewport", [PHONE])
def test_on_a_phone_the_header_is_one_line_and_the_menu_opens_and_closes(page):
    page.goto("/")
    header = page.locator(".site-header")
    assert header.bounding_box()["height"] < 72
    guidance = page.get_by_role("link", name="Guidance", exact=True)
    expect(guidance).to_be_hidden()
    expect(page.get_by_role("link", name="Search", exact=True)).to_be_visible()

    first_heading = page.get_by_role("heading", level=1)
    before = first_heading.bounding_box()["y"]
    page.get_by_text("Menu", exact=True).click()
    expect(guidance).to_be_visible()
    account = page.get_by_role("navigation", name="Your account")
    expect(account.get_by_role("link", name="Log in", exact=True)).to_be_visible()
    assert first_heading.bounding_box()["y"] == before  # the open menu moves nothing

    guidance.focus()
    page.keyboard.press("Escape")  # from inside the menu: it closes, focus back on its button
    expect(guidance).to_be_hidden()
    expect(page.locator("summary.menu__toggle")).to_be_focused()


@pytest.mark.parametrize("viewport", [PHONE])
def test_the_menu_works_without_javascript(browser, live_asgi_server, viewport):
    context = browser.new_context(
        base_url=live_asgi_server.url, viewport=viewport, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/")
        guidance = page.get_by_role("link", name="Guidance", exact=True)
        expect(guidance).to_be_hidden()
        page.get_by_text("Menu", exact=True).click()
        guidance.click()
        expect(page).to_have_url(f"{live_asgi_server.url}/guidance/")
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE])
def test_a_phone_visitor_sees_what_common_ground_is_for_in_the_first_screen(page):
    page.goto("/")
    for offer in ("Peer-support circles", "Masterclasses", "Matching and bookings"):
        link = page.locator(".offer").get_by_role("link", name=offer, exact=True)
        expect(link).to_be_visible()
        assert _bottom(link) <= PHONE["height"], offer
    assert _bottom(page.get_by_role("link", name="Join Common Ground")) <= PHONE["height"]


@pytest.mark.parametrize("viewport", [PHONE])
def test_the_matching_sub_menu_leaves_the_page_near_the_top_on_a_phone(page):
    member = MemberFactory(commissioner=True)
    log_in(page, member.user.email)
    page.goto("/bookings/")

    heading = page.get_by_role("heading", name="My bookings", level=1)
    assert heading.bounding_box()["y"] < 160
    page.get_by_text("Matches and bookings:").click()
    page.get_by_role("link", name="Opportunities", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Commissioning opportunities")


@pytest.mark.parametrize("viewport", [LAPTOP])
def test_on_a_laptop_every_section_shows_and_the_current_one_is_marked(page):
    member = MemberFactory()
    log_in(page, member.user.email)
    page.goto("/circles/")

    expect(page.locator("summary.menu__toggle")).to_be_hidden()
    main = page.get_by_role("navigation", name="Main")
    for section in ("Masterclasses", "Guidance", "Circles", "Matches and bookings", "Members"):
        expect(main.get_by_role("link", name=section, exact=True)).to_be_visible()
    expect(main.locator('[aria-current="page"]')).to_have_text("Circles")


@pytest.mark.parametrize("viewport", [PHONE])
def test_on_a_phone_the_menu_button_shows_a_new_notification_as_it_arrives(page):
    member = MemberFactory()
    log_in(page, member.user.email)
    page.goto("/circles/")
    badge = page.locator("summary.menu__toggle [data-unread-badge]")
    expect(badge).to_be_hidden()

    def tell():
        notify(
            to=member,
            kind=Kind.BOOKING_CONFIRMED,
            template="notifications/tests/greeting",
            subject="Session confirmed",
            url="/bookings/",
            context={"what": "Session confirmed"},
        )

    # Off the thread where Playwright runs its event loop, which Django's sync code refuses.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(tell).result()

    expect(badge).to_be_visible()
    expect(badge).to_have_text("1 unread notification")
    page.locator("summary.menu__toggle").click()  # and on the Notifications link inside
    link = page.get_by_role("link", name="Notifications 1 unread notification")
    expect(link).to_be_visible()
