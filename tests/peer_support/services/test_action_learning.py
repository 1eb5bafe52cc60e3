"""Action-learning sets: the stage machine, the facilitator's and the timer's moves, questions
in their stage, actions by the issue-holder, and their review at the next set."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from peer_support import action_learning as machine
from peer_support.models import ActionLearningAction
from peer_support.services import action_learning as services
from peer_support.services.action_learning import ActionLearningError
from tests.factories import CircleFactory, CircleMembershipFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_the_steps_of_a_set_with_two_issue_holders_and_a_review():
    steps = machine.steps(has_review=True, issues=2)
    assert [(s.stage, s.issue) for s in steps] == [
        ("review", None),
        ("presenting", 0),
        ("questions", 0),
        ("reflection", 0),
        ("actions", 0),
        ("presenting", 1),
        ("questions", 1),
        ("reflection", 1),
        ("actions", 1),
        ("done", None),
    ]


def test_before_the_start_and_after_the_end():
    assert machine.step_at(-1, has_review=False, issues=1).stage == machine.PLANNED
    assert machine.next_position(4, has_review=False, issues=1) == 4  # done stays done
    assert machine.step_at(4, has_review=False, issues=1).stage == machine.DONE


@pytest.fixture
def circle():
    return CircleFactory()


@pytest.fixture
def holder(circle):
    return CircleMembershipFactory(circle=circle).member


@pytest.fixture
def asker(circle):
    return CircleMembershipFactory(circle=circle).member


def plan(circle, *holders, **minutes):
    return services.set_create(
        circle=circle, facilitator=circle.facilitator, holders=list(holders), **minutes
    )


def advance(action_set, times=1):
    for _ in range(times):
        action_set = services.set_advance(action_set=action_set, by=action_set.circle.facilitator)
    return action_set


def test_the_facilitator_moves_the_set_through_its_stages(circle, holder):
    action_set = plan(circle, holder, presenting=7)
    now = timezone.now()
    action_set = services.set_advance(action_set=action_set, by=circle.facilitator, now=now)
    assert services.step_of(action_set) == machine.Step(machine.PRESENTING, 0)
    assert action_set.stage_ends_at == now + dt.timedelta(minutes=7)
    action_set = advance(action_set, 4)
    assert services.step_of(action_set).stage == machine.DONE
    assert action_set.ended_at is not None
    assert action_set.stage_ends_at is None


def test_a_second_click_from_the_same_stage_moves_it_once(circle, holder):
    action_set = plan(circle, holder)
    for _ in range(2):
        action_set = services.set_advance(
            action_set=action_set, by=circle.facilitator, from_position=-1
        )
    assert action_set.position == 0


def test_only_the_facilitator_moves_it_on(circle, holder):
    action_set = plan(circle, holder)
    with pytest.raises(Exception):  # noqa: B017, PT011 - NotPermitted
        services.set_advance(action_set=action_set, by=holder)


def test_the_timer_moves_it_on_only_when_time_is_up(circle, holder, asker):
    action_set = advance(plan(circle, holder, presenting=5))
    with pytest.raises(ActionLearningError) as error:
        services.set_time_up(action_set=action_set, by=asker, position=0)
    assert error.value.template == services.SET_TIME_NOT_UP
    later = action_set.stage_ends_at + dt.timedelta(seconds=1)
    moved = services.set_time_up(action_set=action_set, by=asker, position=0, now=later)
    assert services.step_of(moved).stage == machine.QUESTIONS
    # Everyone's timer runs out together: the others' frames change nothing.
    again = services.set_time_up(action_set=action_set, by=holder, position=0, now=later)
    assert again.position == 1


@pytest.mark.parametrize(
    "holders",
    [[], ["outsider"], ["h", "a", "f"]],
)
def test_issue_holders_are_one_or_two_circle_members(circle, holder, asker, holders):
    people = {"h": holder, "a": asker, "f": circle.facilitator, "outsider": MemberFactory()}
    with pytest.raises(ActionLearningError) as error:
        plan(circle, *[people[h] for h in holders])
    assert error.value.template == services.SET_HOLDERS


def test_stage_times_are_checked(circle, holder):
    with pytest.raises(ActionLearningError):
        plan(circle, holder, questions=0)


def test_questions_belong_to_the_questions_stage(circle, holder, asker):
    action_set = advance(plan(circle, holder))  # presenting
    with pytest.raises(ActionLearningError) as error:
        services.question_ask(action_set=action_set, author=asker, body="What if?")
    assert (
        error.value.message == "That belongs to the questions stage; the set is now at presenting."
    )
    action_set = advance(action_set)
    question = services.question_ask(action_set=action_set, author=asker, body="What if?")
    assert question.issue.holder == holder
    with pytest.raises(ActionLearningError) as error:
        services.question_ask(action_set=action_set, author=holder, body="Me?")
    assert error.value.template == services.SET_HOLDER_ASKS


def test_the_issue_holder_records_actions_in_the_actions_stage(circle, holder, asker):
    action_set = advance(plan(circle, holder), 4)  # actions
    action = services.action_record(action_set=action_set, holder=holder, text="Call the chair")
    assert action.status == ActionLearningAction.Status.OPEN
    with pytest.raises(ActionLearningError) as error:
        services.action_record(action_set=action_set, holder=asker, text="Mine")
    assert error.value.template == services.SET_NOT_HOLDER


def test_open_actions_are_reviewed_at_the_start_of_the_next_set(circle, holder, asker):
    first = advance(plan(circle, holder), 4)
    action = services.action_record(action_set=first, holder=holder, text="Call the chair")
    advance(first)
    second = plan(circle, asker)
    assert second.has_review
    second = advance(second)
    assert services.step_of(second).stage == machine.REVIEW
    reviewed = services.action_review(
        action=action, holder=holder, status="in_progress", note="Meeting booked"
    )
    assert reviewed.get_status_display() == "In progress"
    assert not plan(circle, holder).has_review  # nothing left open
    with pytest.raises(ActionLearningError):
        services.action_review(action=action, holder=asker, status="done")
    with pytest.raises(ActionLearningError):
        services.action_review(action=action, holder=holder, status="open")


# --- Without JavaScript: the stages are pages --------------------------------------------------


def test_a_whole_set_through_pages(client, circle, holder, asker):
    client.force_login(circle.facilitator.user)
    new = reverse("peer_support:action_set_create", kwargs={"slug": circle.slug})
    response = client.post(
        new,
        {"holders": [holder.pk], "presenting": 5, "questions": 10, "reflection": 5, "actions": 5},
    )
    url = response.url
    assert "Not started" in client.get(url).content.decode()
    advance_url = url + "advance/"
    client.post(advance_url, {"position": "-1"})
    assert "Presenting" in client.get(url).content.decode()
    client.post(advance_url, {"position": "0"})
    client.post(advance_url, {"position": "0"})  # a stale second click: ignored
    client.force_login(asker.user)
    page = client.get(url).content.decode()
    assert '<h1 id="stage-label">Questions' in page
    client.post(url + "question/", {"question": "What would success look like?"})
    client.force_login(holder.user)
    page = client.get(url).content.decode()
    assert "What would success look like?" in page
    assert 'name="question"' not in page  # the holder listens


@pytest.mark.parametrize("position", ["", "x", "99999999999999999999"])
def test_a_bad_position_still_answers(client, circle, holder, position):
    action_set = plan(circle, holder)
    client.force_login(circle.facilitator.user)
    url = reverse(
        "peer_support:action_set_advance", kwargs={"slug": circle.slug, "pk": action_set.pk}
    )
    assert client.post(url, {"position": position}).status_code == 302


def test_the_review_stage_page_lets_the_holder_review_their_action(client, circle, holder, asker):
    first = advance(plan(circle, holder), 4)
    action = services.action_record(action_set=first, holder=holder, text="Call the chair")
    advance(first)
    second = advance(plan(circle, asker))
    client.force_login(holder.user)
    page = client.get(second.get_absolute_url()).content.decode()
    assert "Reviewing last time" in page
    assert "Call the chair" in page
    url = reverse(
        "peer_support:action_review",
        kwargs={"slug": circle.slug, "pk": second.pk, "action_pk": action.pk},
    )
    client.post(url, {"status": "maybe"})
    action.refresh_from_db()
    assert action.status == ActionLearningAction.Status.OPEN
    client.post(url, {"status": "done", "note": "Chair agreed"})
    page = client.get(second.get_absolute_url()).content.decode()
    assert "(Done: Chair agreed)" in page
