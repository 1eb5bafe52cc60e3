"""Load peer_support/demo/data.yaml through the circle services. Creates only what is missing.

Members join as they would for real: the facilitator invites them, they accept the invitation
and the circle's agreement; threads and messages are posted by their authors.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from core.demo import Demo, demo_account, read_data
from network.models import Member, Organisation, Place
from network.services.members import member_save
from peer_support.models import Circle, CircleMembership, Message, Thread
from peer_support.services import circles, meetings, messages


def load(demo: Demo) -> None:
    data = read_data("peer_support")
    facilitator = _facilitator(demo, data["facilitator"])
    members = {m.user.email: m for m in Member.objects.select_related("user")}
    for spec in data["circles"]:
        circle = Circle.objects.filter(name=spec["name"]).first()
        if circle is None:
            circle = circles.circle_create(
                name=spec["name"],
                purpose=spec["purpose"],
                facilitator=facilitator,
                theme=spec["theme"],
                place=Place.objects.get(slug=spec["place"]),
            )
            starts_at, ends_at, link = _next_meeting(data["next_meeting"], circle)
            meetings.meeting_update(
                circle=circle, by=facilitator, starts_at=starts_at, ends_at=ends_at, link=link
            )
        active = set(
            CircleMembership.objects.filter(circle=circle).active().values_list("member", flat=True)
        )
        for email in spec["members"]:
            member = members[email]
            if member.pk not in active:
                invitation = circles.invitation_create(
                    circle=circle, invited_by=facilitator, email=email
                )
                circles.invitation_accept(invitation=invitation, member=member)
                circles.agreement_accept(circle=circle, member=member)
            demo.sees(email, f"{circle.place.name} circle")
        # Threads follow each other, a message every seven hours, ending about now.
        at = timezone.now() - timedelta(days=3 * len(spec["threads"]))
        for thread in spec["threads"]:
            if not Thread.objects.filter(circle=circle, title=thread["title"]).exists():
                at = _post_thread(messages, circle, thread, members, at)
        for thread in spec.get("recent_threads", ()):
            if not Thread.objects.filter(circle=circle, title=thread["title"]).exists():
                _post_recent(circle, thread, members)
    demo.log.append(f"Peer support: {len(data['circles'])} circles, run by {facilitator.name}")


def _facilitator(demo: Demo, spec: dict) -> Member:
    first_name, last_name = spec["name"]
    member = member_save(
        user=demo_account(spec["email"], first_name, last_name),
        role=spec["role"],
        organisation=Organisation.objects.get(name=spec["organisation"]),
        job_title=spec["job_title"],
    )
    demo.account(heading="Facilitator", name=member.name, email=spec["email"], sees=spec["sees"])
    return member


def _next_meeting(spec: dict, circle: Circle) -> tuple[datetime, datetime, str]:
    day = timezone.localdate() + timedelta(days=spec["in_days"])
    return (
        timezone.make_aware(datetime.combine(day, time.fromisoformat(spec["from"]))),
        timezone.make_aware(datetime.combine(day, time.fromisoformat(spec["to"]))),
        spec["link"].format(slug=circle.slug),
    )


def _post_thread(messages, circle: Circle, spec: dict, members: dict, at: datetime) -> datetime:
    (first_email, first_body), *replies = (next(iter(m.items())) for m in spec["messages"])
    thread = messages.thread_create(
        circle=circle, author=members[first_email], title=spec["title"], body=first_body
    )
    for email, body in replies:
        messages.message_post(thread=thread, author=members[email], body=body)
    # No service writes history in the past: the messages are moved back in time so the demo
    # reads like a conversation, not a burst posted a second ago.
    for message in thread.messages.order_by("pk"):
        at += timedelta(hours=7)
        Message.objects.filter(pk=message.pk).update(created_at=at)
    Thread.objects.filter(pk=thread.pk).update(last_message_at=at)
    return at


def _post_recent(circle: Circle, spec: dict, members: dict) -> None:
    """A thread posted now, as it would be for real: unread by everyone but its authors, and
    its mentions and replies tell people."""
    (first_email, first_body), *replies = (next(iter(m.items())) for m in spec["messages"])
    thread = messages.thread_create(
        circle=circle, author=members[first_email], title=spec["title"], body=first_body
    )
    for email, body in replies:
        messages.message_post(thread=thread, author=members[email], body=body)
