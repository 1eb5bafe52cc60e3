"""One action-learning meeting, two members in their own browsers: the facilitator runs the
stages, the issue-holder's page follows live, a question arrives in its stage, and the
issue-holder records an action for next time."""

import pytest
from playwright.sync_api import expect

from peer_support.models import ActionLearningAction
from tests.conftest import log_in
from tests.factories import CircleFactory, CircleMembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def live(page):
    expect(page.locator("#action-set")).to_have_attribute("data-live", "true")


def stage(page, text):
    expect(page.locator("#stage-label")).to_contain_text(text)
    live(page)


def test_a_facilitator_runs_a_set_and_the_issue_holder_follows_live(page, new_page):
    circle = CircleFactory(
        name="Merseyside chief executives", facilitator__user__first_name="Grace"
    )
    priya = CircleMembershipFactory(circle=circle, member__user__first_name="Priya").member

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, circle.facilitator.user.email)
    page.goto(circle.get_absolute_url())
    page.get_by_role("link", name="Run an action-learning set").click()
    page.get_by_label(priya.name).check()
    page.get_by_role("button", name="Plan the set").click()
    stage(page, "Not started")

    other = new_page()
    other.set_viewport_size({"width": 390, "height": 844})
    log_in(other, priya.user.email)
    other.goto(circle.get_absolute_url())
    other.get_by_role("link", name="An action-learning set is under way: join it").click()
    stage(other, "Not started")

    page.get_by_role("button", name="Start the set").click()
    stage(page, f"Presenting: {priya.name}")
    stage(other, f"Presenting: {priya.name}")  # moved by the socket, not by Priya
    expect(other.get_by_role("timer")).to_contain_text("left")

    page.get_by_role("button", name="Next stage").click()
    stage(page, "Questions")
    stage(other, "Questions")
    expect(other.get_by_label("Your question")).to_have_count(0)  # the holder listens
    page.get_by_label("Your question").fill("What would your board say success looks like?")
    page.get_by_role("button", name="Ask").click()
    expect(other.locator("#questions")).to_contain_text("What would your board say success")

    page.get_by_role("button", name="Next stage").click()
    stage(page, "Reflection")
    stage(other, "Reflection")
    page.get_by_role("button", name="Next stage").click()
    stage(other, "Actions")
    other.get_by_label("An action you will take").fill("Meet the chair before the board")
    other.get_by_role("button", name="Record action").click()
    expect(other.locator("#actions")).to_contain_text("Meet the chair before the board")
    live(other)

    page.get_by_role("button", name="Next stage").click()
    stage(other, "Finished")
    action = ActionLearningAction.objects.get()
    assert (action.holder, action.status) == (priya, ActionLearningAction.Status.OPEN)
