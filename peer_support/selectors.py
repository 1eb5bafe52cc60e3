"""Everything in `peer_support` that reads for a page, a socket or an email.

Membership is checked here, once: a non-participant gets nothing from a circle but its public
summary (name, purpose, theme, place, size) - never messages or member names.
"""

from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.calendar import CalendarEvent, event_uid
from network.models import Member
from peer_support.models import (
    PRESENCE_EXPIRES_AFTER,
    Circle,
    CircleMembership,
    JoinRequest,
    Message,
    Presence,
    Report,
    Thread,
    ThreadState,
)

PAGE_SIZE = 50
REPLAY_LIMIT = 500


def message_payload(message: Message) -> dict[str, Any]:
    """The JSON form of a message, as every event and replay sends it."""
    removed = message.is_removed
    return {
        "id": message.pk,
        "thread": message.thread_id,
        "author": {
            "id": message.author_id,
            "name": message.author.name if message.author else "Former member",
        },
        "body": None if removed else message.body,
        "html": message.body_html,
        "created": message.created_at.isoformat(),
        "edited": message.edited_at is not None,
        "deleted": message.deleted_at is not None,
        "hidden": message.hidden_at is not None,
        "change": message.change_id,
    }


def membership_for(*, circle: Circle, member: Member) -> CircleMembership | None:
    return CircleMembership.objects.filter(circle=circle, member=member).first()


def circle_by_slug(*, slug: str) -> Circle:
    return get_object_or_404(Circle.objects.select_related("place", "facilitator__user"), slug=slug)


def is_participant(*, circle_id: int, member_id: int) -> bool:
    return (
        CircleMembership.objects.participating()
        .filter(circle_id=circle_id, member_id=member_id)
        .exists()
    )


def present_members(*, circle_id: int) -> list[dict[str, Any]]:
    rows = (
        Presence.objects.filter(
            circle_id=circle_id, last_seen__gte=timezone.now() - PRESENCE_EXPIRES_AFTER
        )
        .values("member_id", "member__user__first_name", "member__user__last_name")
        .distinct()
        .order_by("member__user__first_name", "member__user__last_name", "member_id")
    )
    return [
        {
            "id": row["member_id"],
            "name": f"{row['member__user__first_name']} {row['member__user__last_name']}".strip(),
        }
        for row in rows
    ]


def participants(*, circle: Circle) -> list[CircleMembership]:
    return list(
        CircleMembership.objects.filter(circle=circle)
        .participating()
        .select_related("member__user", "member__organisation")
        .order_by("-role", "member__user__first_name", "member__user__last_name")
    )


def unread_messages(*, member: Member):
    """Messages `member` has not read: after their read position in the thread, since they
    joined the circle, by someone else, not deleted or hidden, not in a muted thread."""
    last_read = ThreadState.objects.filter(thread=OuterRef("thread"), member=member).values(
        "last_read_message_id"
    )[:1]
    muted = ThreadState.objects.filter(
        thread=OuterRef("thread"), member=member, notify=ThreadState.Notify.MUTED
    )
    joined = CircleMembership.objects.filter(
        circle=OuterRef("circle"),
        member=member,
        status=CircleMembership.Status.ACTIVE,
        agreement_accepted_at__isnull=False,
    ).values("joined_at")[:1]
    return (
        Message.objects.visible()
        .exclude(author=member)
        .annotate(read_to=Coalesce(Subquery(last_read), Value(0)))
        .filter(id__gt=F("read_to"), created_at__gte=Subquery(joined))
        .exclude(Exists(muted))
    )


def circles_for(*, member: Member) -> list[Circle]:
    """The member's circles, each with `unread` and `membership` set."""
    memberships = list(
        CircleMembership.objects.filter(member=member)
        .active()
        .select_related("circle__place")
        .order_by("circle__name")
    )
    counts = dict(
        unread_messages(member=member)
        .values("circle")
        .annotate(n=Count("id"))
        .values_list("circle", "n")
    )
    circles = []
    for membership in memberships:
        circle = membership.circle
        circle.membership = membership
        circle.unread = counts.get(circle.pk, 0) if membership.is_participating else 0
        circles.append(circle)
    return circles


def open_circles(*, member: Member):
    """Circles open to requests that `member` is not in, with how many places are taken."""
    mine = CircleMembership.objects.filter(
        circle=OuterRef("pk"), member=member, status=CircleMembership.Status.ACTIVE
    )
    pending = JoinRequest.objects.filter(
        circle=OuterRef("pk"), member=member, status=JoinRequest.Status.PENDING
    )
    return (
        Circle.objects.open_to_join()
        .exclude(Exists(mine))
        .select_related("place")
        .annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__status=CircleMembership.Status.ACTIVE)
            ),
            requested=Exists(pending),
        )
    )


def threads_for(*, circle: Circle, member: Member) -> list[Thread]:
    """The circle's threads, newest activity first, each with `unread`, `notify`, `count`."""
    counts = dict(
        unread_messages(member=member)
        .filter(circle=circle)
        .values("thread")
        .annotate(n=Count("id"))
        .values_list("thread", "n")
    )
    states = ThreadState.objects.filter(member=member)
    threads = list(
        circle.threads.annotate(count=Count("messages")).prefetch_related(
            Prefetch("states", queryset=states, to_attr="my_states")
        )
    )
    for thread in threads:
        thread.unread = counts.get(thread.pk, 0)
        thread.notify = (
            thread.my_states[0].notify if thread.my_states else ThreadState.Notify.DEFAULT
        )
    return threads


def thread_messages(*, thread: Thread, before: int | None = None) -> tuple[list[Message], bool]:
    """The latest page of messages (or the page before id `before`), oldest first, and whether
    there are earlier ones."""
    messages = thread.messages.select_related("author__user").order_by("-id")
    if before:
        messages = messages.filter(id__lt=before)
    page = list(messages[: PAGE_SIZE + 1])
    has_earlier = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    page.reverse()
    return page, has_earlier


def changes_after(*, circle_id: int, after: int) -> tuple[list[Message], bool]:
    """Replay for a reconnecting socket: every message created, edited, deleted or hidden
    after change `after`, each as it is now, in change order; and whether there were too many
    to replay (the client then reloads instead)."""
    rows = list(
        Message.objects.filter(circle_id=circle_id, change_id__gt=after)
        .select_related("author__user", "circle")
        .order_by("change_id")[: REPLAY_LIMIT + 1]
    )
    return rows[:REPLAY_LIMIT], len(rows) > REPLAY_LIMIT


def replay_start(*, circle: Circle) -> tuple[int, int]:
    """Where a page's socket resumes from: the circle's last change id, and its last message
    id (newer ones count as unread). Read before the page reads its messages: a change made
    in between is then replayed (the client skips a version it already shows), never missed."""
    last_change, last_id = (
        Circle.objects.filter(pk=circle.pk)
        .annotate(last_id=Max("messages__id"))
        .values_list("last_change_id", "last_id")
        .get()
    )
    return last_change, last_id or 0


def message_in_circle(*, circle: Circle, pk: int) -> Message:
    return get_object_or_404(
        Message.objects.select_related("author__user", "thread", "circle"), circle=circle, pk=pk
    )


def pending_requests(*, circle: Circle):
    return circle.join_requests.filter(status=JoinRequest.Status.PENDING).select_related(
        "member__user", "member__organisation"
    )


def open_reports(*, circle: Circle):
    return (
        Report.objects.filter(circle=circle, status=Report.Status.OPEN)
        .select_related("message__author__user", "message__thread", "reporter__user")
        .order_by("created_at")
    )


def digest_for(*, member: Member) -> list[dict[str, Any]]:
    """Per circle, unread messages not yet sent in a digest, grouped by thread."""
    memberships = {
        m.circle_id: m
        for m in CircleMembership.objects.filter(member=member, circle__closed_at__isnull=True)
        .participating()
        .select_related("circle")
    }
    messages = (
        unread_messages(member=member)
        .filter(circle_id__in=memberships)
        .annotate(
            following=Exists(
                ThreadState.objects.filter(
                    thread=OuterRef("thread"), member=member, notify=ThreadState.Notify.FOLLOWING
                )
            )
        )
        .select_related("thread", "author__user")
        .order_by("circle_id", "thread_id", "id")
    )
    sections: dict[int, dict[str, Any]] = {}
    for message in messages:
        membership = memberships[message.circle_id]
        if message.pk <= membership.digest_sent_up_to:
            continue
        section = sections.setdefault(
            message.circle_id,
            {"membership": membership, "circle": membership.circle, "threads": {}, "up_to": 0},
        )
        section["up_to"] = max(section["up_to"], message.pk)
        entry = section["threads"].setdefault(
            message.thread_id, {"thread": message.thread, "count": 0, "excerpts": []}
        )
        entry["count"] += 1
        if message.following and len(entry["excerpts"]) < 5:
            entry["excerpts"].append(message)
    result = []
    for section in sections.values():
        section["threads"] = list(section["threads"].values())
        result.append(section)
    return result


def meeting_event(*, circle: Circle, circle_url: str) -> CalendarEvent:
    """The circle's next meeting for members' calendars: one UID for as long as it is the
    same meeting, however often it moves, and a SEQUENCE that rises with each change."""
    link = circle.next_meeting_link
    return CalendarEvent(
        uid=event_uid("circle-meeting", circle.next_meeting_uid),
        sequence=circle.next_meeting_sequence,
        starts_at=circle.next_meeting_starts_at,
        ends_at=circle.next_meeting_ends_at,
        summary=circle.name,
        description=f"Join: {link}\n\n{circle_url}" if link else circle_url,
        location=link,
        url=link,
    )


def action_set_in_progress(*, circle: Circle):
    """The circle's action-learning set that has not finished, if any."""
    from peer_support.models import ActionLearningSet

    return ActionLearningSet.objects.filter(circle=circle, ended_at__isnull=True).first()


def action_set_page(*, action_set, member: Member) -> dict:
    """What a set's page shows at its current stage."""
    from peer_support import action_learning as machine
    from peer_support.models import ActionLearningAction
    from peer_support.services.action_learning import open_actions, step_of

    issues = list(action_set.issues.select_related("holder__user"))
    step = step_of(action_set)
    issue = issues[step.issue] if step.issue is not None else None
    context = {
        "step": step,
        "label": machine.LABELS[step.stage],
        "guidance": machine.GUIDANCE[step.stage],
        "issues": issues,
        "issue": issue,
        "is_holder": issue is not None and issue.holder_id == member.pk,
    }
    if step.stage == machine.REVIEW:
        context["review"] = list(
            open_actions(action_set.circle)
            .filter(issue__action_set__created_at__lt=action_set.created_at)
            .select_related("holder__user")
        ) + list(
            ActionLearningAction.objects.filter(
                issue__action_set__circle=action_set.circle,
                reviewed_at__gte=action_set.created_at,
            ).select_related("holder__user")
        )
    if issue is not None:
        context["questions"] = list(issue.questions.all())
        context["actions"] = list(issue.actions.all())
    return context
