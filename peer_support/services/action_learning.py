"""Action-learning sets: the facilitator plans one and moves it through its stages (or the
shared timer does, once a stage's time is up); questions are asked in the questions stage,
the issue-holder records actions in the actions stage and reviews them at the next set."""

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError
from network.models import Member
from peer_support import action_learning as machine
from peer_support import events
from peer_support.models import (
    ActionLearningAction,
    ActionLearningIssue,
    ActionLearningQuestion,
    ActionLearningSet,
    Circle,
    CircleMembership,
)
from peer_support.services.rules import require_facilitator, require_open, require_participant

SET_HOLDERS = "Choose one or two issue-holders from the circle's members."
SET_MINUTES = "Give each stage between 1 and 60 minutes."
SET_WRONG_STAGE = "That belongs to the {stage} stage; the set is now at {now}."
SET_NOT_HOLDER = "Only the issue-holder records actions for their issue."
SET_HOLDER_ASKS = "The issue-holder listens in this stage; the others ask the questions."
SET_EMPTY = "Write something first."
SET_TIME_NOT_UP = "This stage still has time left."
SET_REVIEW_STATUS = "Choose done, in progress or dropped."
SET_NOT_YOUR_ACTION = "Only the person who set this action reviews it."
MAX_HOLDERS = 2


class ActionLearningError(DomainError):
    code = "action_learning_refused"


def _minutes(value: int) -> int:
    if not isinstance(value, int) or not 1 <= value <= 60:
        raise ActionLearningError(message=SET_MINUTES)
    return value


def open_actions(circle: Circle):
    return ActionLearningAction.objects.filter(
        issue__action_set__circle=circle, status=ActionLearningAction.Status.OPEN
    )


@transaction.atomic
def set_create(
    *,
    circle: Circle,
    facilitator: Member,
    holders: Sequence[Member],
    presenting: int = 10,
    questions: int = 20,
    reflection: int = 10,
    actions: int = 5,
) -> ActionLearningSet:
    require_facilitator(circle, facilitator)
    require_open(circle)
    holder_ids = list(dict.fromkeys(m.pk for m in holders))
    participating = set(
        CircleMembership.objects.participating()
        .filter(circle=circle, member_id__in=holder_ids)
        .values_list("member_id", flat=True)
    )
    if not 1 <= len(holder_ids) <= MAX_HOLDERS or set(holder_ids) - participating:
        raise ActionLearningError(message=SET_HOLDERS, field="holders")
    action_set = ActionLearningSet.objects.create(
        circle=circle,
        created_by=facilitator,
        presenting_minutes=_minutes(presenting),
        questions_minutes=_minutes(questions),
        reflection_minutes=_minutes(reflection),
        actions_minutes=_minutes(actions),
        has_review=open_actions(circle).exists(),
    )
    ActionLearningIssue.objects.bulk_create(
        ActionLearningIssue(action_set=action_set, holder_id=pk, order=i)
        for i, pk in enumerate(holder_ids)
    )
    return action_set


def step_of(action_set: ActionLearningSet) -> machine.Step:
    return machine.step_at(
        action_set.position,
        has_review=action_set.has_review,
        issues=action_set.issues.count(),
    )


def _stage_minutes(action_set: ActionLearningSet, stage: str) -> int | None:
    return {
        machine.REVIEW: action_set.review_minutes,
        machine.PRESENTING: action_set.presenting_minutes,
        machine.QUESTIONS: action_set.questions_minutes,
        machine.REFLECTION: action_set.reflection_minutes,
        machine.ACTIONS: action_set.actions_minutes,
    }.get(stage)


def _lock(action_set: ActionLearningSet) -> ActionLearningSet:
    return (
        ActionLearningSet.objects.select_for_update().select_related("circle").get(pk=action_set.pk)
    )


def stage_event(action_set: ActionLearningSet) -> dict:
    step = step_of(action_set)
    holder = None
    if step.issue is not None:
        issue = action_set.issues.select_related("holder__user")[step.issue]
        holder = {"id": issue.holder_id, "name": issue.holder.name if issue.holder else ""}
    return {
        "type": "al.stage",
        "set": action_set.pk,
        "position": action_set.position,
        "stage": step.stage,
        "label": machine.LABELS[step.stage],
        "guidance": machine.GUIDANCE[step.stage],
        "holder": holder,
        "ends_at": action_set.stage_ends_at.isoformat() if action_set.stage_ends_at else None,
        "url": action_set.get_absolute_url(),
    }


def _move(action_set: ActionLearningSet, now: dt.datetime) -> None:
    issues = action_set.issues.count()
    action_set.position = machine.next_position(
        action_set.position, has_review=action_set.has_review, issues=issues
    )
    step = machine.step_at(action_set.position, has_review=action_set.has_review, issues=issues)
    minutes = _stage_minutes(action_set, step.stage)
    action_set.stage_ends_at = now + dt.timedelta(minutes=minutes) if minutes else None
    if step.stage == machine.DONE:
        action_set.ended_at = now
    action_set.save(update_fields=["position", "stage_ends_at", "ended_at"])
    events.broadcast_on_commit(events.circle_group(action_set.circle_id), stage_event(action_set))


@transaction.atomic
def set_advance(
    *,
    action_set: ActionLearningSet,
    by: Member,
    from_position: int | None = None,
    now: dt.datetime | None = None,
) -> ActionLearningSet:
    """The facilitator moves the set on. `from_position` is where they saw it: a second click
    on the same page (or two facilitators' tabs) moves it once."""
    action_set = _lock(action_set)
    require_facilitator(action_set.circle, by)
    if from_position is not None and from_position != action_set.position:
        return action_set
    if action_set.ended_at is None:
        _move(action_set, now or timezone.now())
    return action_set


@transaction.atomic
def set_time_up(
    *, action_set: ActionLearningSet, by: Member, position: int, now: dt.datetime | None = None
) -> ActionLearningSet:
    """Any participant's timer reaching zero moves the set on, once, if the time is up."""
    now = now or timezone.now()
    action_set = _lock(action_set)
    require_participant(action_set.circle, by)
    if position != action_set.position or action_set.ended_at is not None:
        return action_set
    if action_set.stage_ends_at is None or action_set.stage_ends_at > now:
        raise ActionLearningError(message=SET_TIME_NOT_UP)
    _move(action_set, now)
    return action_set


def _require_stage(action_set: ActionLearningSet, stage: str) -> ActionLearningIssue:
    step = step_of(action_set)
    if step.stage != stage:
        raise ActionLearningError(
            message=SET_WRONG_STAGE,
            stage=machine.LABELS[stage].lower(),
            now=machine.LABELS[step.stage].lower(),
        )
    return action_set.issues.all()[step.issue]


def _text(value: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ActionLearningError(message=SET_EMPTY)
    return value[:limit]


@transaction.atomic
def question_ask(
    *, action_set: ActionLearningSet, author: Member, body: str
) -> ActionLearningQuestion:
    action_set = _lock(action_set)
    require_participant(action_set.circle, author)
    issue = _require_stage(action_set, machine.QUESTIONS)
    if issue.holder_id == author.pk:
        raise ActionLearningError(message=SET_HOLDER_ASKS)
    question = ActionLearningQuestion.objects.create(
        issue=issue, author=author, body=_text(body, 1000)
    )
    events.broadcast_on_commit(
        events.circle_group(action_set.circle_id),
        {"type": "al.question", "set": action_set.pk, "body": question.body},
    )
    return question


@transaction.atomic
def action_record(
    *, action_set: ActionLearningSet, holder: Member, text: str
) -> ActionLearningAction:
    action_set = _lock(action_set)
    issue = _require_stage(action_set, machine.ACTIONS)
    if issue.holder_id != holder.pk:
        raise ActionLearningError(message=SET_NOT_HOLDER)
    return ActionLearningAction.objects.create(issue=issue, holder=holder, text=_text(text, 500))


@transaction.atomic
def action_review(
    *, action: ActionLearningAction, holder: Member, status: str, note: str = ""
) -> ActionLearningAction:
    action = ActionLearningAction.objects.select_for_update().get(pk=action.pk)
    if action.holder_id != holder.pk:
        raise ActionLearningError(message=SET_NOT_YOUR_ACTION)
    reviewed = {
        ActionLearningAction.Status.DONE,
        ActionLearningAction.Status.IN_PROGRESS,
        ActionLearningAction.Status.DROPPED,
    }
    if status not in reviewed:
        raise ActionLearningError(message=SET_REVIEW_STATUS, field="status")
    action.status = status
    action.review_note = (note or "").strip()[:500]
    action.reviewed_at = timezone.now()
    action.save(update_fields=["status", "review_note", "reviewed_at"])
    return action
