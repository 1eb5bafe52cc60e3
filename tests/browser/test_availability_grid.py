"""A provider sets their week in the grid, with the keyboard, and sees the open times it makes."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from network.models import Availability
from tests.conftest import log_in
from tests.factories import MemberFactory, availability

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_a_provider_chooses_half_hours_in_the_weekly_grid_and_sees_the_open_times(page, width):
    provider = MemberFactory(provider=True)
    availability(provider, weekdays=(), notice_hours=0)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, provider.user.email)
    page.goto("/bookings/availability/")

    grid = page.get_by_role("table", name="Your weekly availability")
    monday_nine = grid.get_by_role("button", name="Monday 09:00 to 09:30")
    expect(monday_nine).to_have_attribute("aria-pressed", "false")
    monday_nine.click()
    page.keyboard.press("ArrowDown")
    expect(grid.get_by_role("button", name="Monday 09:30 to 10:00")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # Tuesday 09:30
    expect(page.get_by_text("Monday 09:00 to 10:00; Tuesday 09:30 to 10:00.")).to_be_visible()

    page.get_by_role("button", name="Save availability").click()
    page.get_by_text("Your availability is saved.").wait_for()

    saved = Availability.objects.get(member=provider)
    windows = sorted((w.weekday, w.start_time, w.end_time) for w in saved.windows.all())
    assert windows == [(0, dt.time(9), dt.time(10)), (1, dt.time(9, 30), dt.time(10))]
    # The grid comes back as saved, and the preview lists the Mondays to come.
    expect(grid.get_by_role("button", name="Monday 09:30 to 10:00")).to_have_attribute(
        "aria-pressed", "true"
    )
    preview = page.get_by_role("region", name="Open times in the next two weeks")
    expect(preview.locator("dt").filter(has_text="Monday").first).to_be_visible()
    expect(preview.get_by_text("09:00").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
