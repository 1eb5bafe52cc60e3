"""Every event a member should know about creates exactly one notification for each person it
concerns, of the right kind, and none for anyone else; each person's preference for that kind
decides whether it is also emailed."""

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core import mail

from masterclasses import services as masterclasses
from masterclasses.models import Registration
from masterclasses.tasks import session_reminders_send
from network.booking_time import LONDON
from network.models import Member
from network.services import bookings, matching
from notifications.models import Channel, Kind, Notification, Preference
from peer_support.models import JoinRequest
from peer_support.services import circles, messages, moderation
from tests.factories import (
    CircleFactory,
    CircleMembershipFactory,
    MemberFactory,
    SessionFactory,
    UserFactory,
    availability,
    match_profile,
    outcome,
    place,
)

pytestmark = pytest.mark.django_db

# Monday 1 June 2026, 08:00 UTC; bookings are made relative to it.
NOW = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)
WEDNESDAY_10 = dt.datetime(2026, 6, 3, 10, 0, tzinfo=LONDON)
THURSDAY_11 = dt.datetime(2026, 6, 4, 11, 0, tzinfo=LONDON)


@dataclass
class World:
    """Everyone an event could concern, and one bystander each event should leave alone."""

    commissioner: Member
    provider: Member
    chief: Member  # a chief executive matching the commissioner's opportunities
    far_provider: Member  # matches the outcome area, but elsewhere
    facilitator: Member
    member: Member  # in the circle
    other_member: Member  # in the circle too
    outsider: Member
    bystander: Member

    def everyone(self) -> list[Member]:
        return list(vars(self).values())


def named(first: str, last: str, **kwargs) -> Member:
    return MemberFactory(user=UserFactory(first_name=first, last_name=last), **kwargs)


@pytest.fixture
def world() -> World:
    w = World(
        commissioner=named("Cora", "Commissioner", commissioner=True),
        provider=named("Priya", "Provider", provider=True),
        chief=named("Chidi", "Chief"),
        far_provider=named("Farah", "Faraway", provider=True),
        facilitator=named("Fran", "Facilitator"),
        member=named("Mo", "Member"),
        other_member=named("Nell", "Neighbour"),
        outsider=named("Otto", "Outsider"),
        bystander=named("Bea", "Bystander", provider=True),
    )
    availability(w.provider)
    match_profile(w.provider, places=("cornwall",))
    match_profile(w.chief, places=("south-west",))  # Cornwall's region
    match_profile(w.far_provider, places=("wirral",))
    match_profile(w.bystander, outcomes=("employment-and-skills",), places=("cornwall",))
    return w


def book(w: World):
    return bookings.booking_request(
        requester=w.commissioner,
        provider=w.provider,
        starts_at=WEDNESDAY_10,
        purpose="Talk about the loneliness programme",
        now=NOW,
    )


def confirmed(w: World):
    return bookings.booking_confirm(booking=book(w), by=w.provider)


def circle_with_members(w: World):
    circle = CircleFactory(facilitator=w.facilitator)
    CircleMembershipFactory(circle=circle, member=w.member)
    CircleMembershipFactory(circle=circle, member=w.other_member)
    return circle


def thread_by_facilitator(w: World):
    circle = circle_with_members(w)
    return messages.thread_create(
        circle=circle, author=w.facilitator, title="Winter pressures", body="How are you all?"
    )


def join_request(w: World):
    return circles.join_request_create(circle=circle_with_members(w), member=w.outsider)


def full_session_with_queue(w: World):
    session = SessionFactory(capacity=1)
    masterclasses.registration_create(member=w.outsider, session=session)
    masterclasses.registration_create(member=w.member, session=session)
    return session


def moved(session):
    session.start += dt.timedelta(days=1)
    session.end += dt.timedelta(days=1)
    session.save()
    masterclasses.session_published(session=session)


@dataclass(frozen=True)
class Event:
    name: str
    # Runs whatever must exist first (its own notifications are not counted) and returns the
    # event itself, to run.
    given: Callable[[World], Callable[[], object]]
    # (person, kind) for each notification the event should create.
    told: Callable[[World], list[tuple[Member, str]]]
    # The person who acted, where they are told too: their line is in the second person.
    actor: Callable[[World], Member | None] = lambda w: None


def _given_confirm(w):
    booking = book(w)
    return lambda: bookings.booking_confirm(booking=booking, by=w.provider)


def _given_decline(w):
    booking = book(w)
    return lambda: bookings.booking_decline(booking=booking, by=w.provider, reason="Away then")


def _given_cancel(w):
    booking = confirmed(w)
    return lambda: bookings.booking_cancel(
        booking=booking, by=w.commissioner, reason="Budget meeting moved", now=NOW
    )


def _given_reschedule(w):
    booking = confirmed(w)
    return lambda: bookings.booking_reschedule(
        booking=booking, by=w.provider, starts_at=THURSDAY_11, reason="Clash", now=NOW
    )


def _given_reminder(w):
    booking = confirmed(w)
    return lambda: bookings.reminders_send(now=booking.starts_at - dt.timedelta(hours=3))


def _given_connection(w):
    matching.interest_express(member=w.commissioner, other=w.chief)
    return lambda: matching.interest_express(member=w.chief, other=w.commissioner)


def _given_mention(w):
    thread = thread_by_facilitator(w)
    return lambda: messages.message_post(
        thread=thread, author=w.member, body="@Nell Neighbour, what did your board say?"
    )


def _given_reply(w):
    thread = thread_by_facilitator(w)
    return lambda: messages.message_post(thread=thread, author=w.member, body="Stretched.")


def _given_reply_mentioning_follower(w):
    thread = thread_by_facilitator(w)
    return lambda: messages.message_post(
        thread=thread, author=w.member, body="@Fran Facilitator, stretched."
    )


def _given_report(w):
    thread = thread_by_facilitator(w)
    message = thread.messages.get()
    return lambda: moderation.message_report(
        message=message, reporter=w.member, reason="Names a client"
    )


def _given_decision(w):
    request = join_request(w)
    return lambda: circles.join_request_decide(
        join_request=JoinRequest.objects.get(pk=request.pk),
        decided_by=w.facilitator,
        approve=True,
    )


def _given_removal(w):
    circle = circle_with_members(w)
    return lambda: circles.membership_remove(
        circle=circle, member=w.member, removed_by=w.facilitator
    )


def _given_promotion(w):
    session = full_session_with_queue(w)
    return lambda: masterclasses.registration_cancel(member=w.outsider, session=session)


def _given_session_changed(w):
    session = full_session_with_queue(w)
    return lambda: moved(session)


def _given_session_cancelled(w):
    session = full_session_with_queue(w)
    return session.delete


def _given_masterclass_reminder(w):
    session = full_session_with_queue(w)
    return lambda: session_reminders_send(now=session.start - dt.timedelta(hours=3))


def _given_opportunity(w):
    return lambda: matching.opportunity_save(
        commissioner=w.commissioner,
        title="Reducing loneliness in rural Cornwall",
        summary="Reaching people who are isolated.",
        outcome_area=outcome(),
        place=place("cornwall"),
        value_band="50k_250k",
        closes_on=dt.date(2030, 1, 1),
        starts_on=dt.date(2030, 4, 1),
    )


EVENTS = [
    Event(
        "booking requested",
        lambda w: lambda: book(w),
        lambda w: [(w.provider, Kind.BOOKING_REQUESTED)],
    ),
    Event(
        "booking confirmed",
        _given_confirm,
        lambda w: [(w.commissioner, Kind.BOOKING_CONFIRMED), (w.provider, Kind.BOOKING_CONFIRMED)],
        actor=lambda w: w.provider,
    ),
    Event(
        "booking declined",
        _given_decline,
        lambda w: [(w.commissioner, Kind.BOOKING_DECLINED)],
    ),
    Event(
        "booking cancelled",
        _given_cancel,
        lambda w: [(w.commissioner, Kind.BOOKING_CANCELLED), (w.provider, Kind.BOOKING_CANCELLED)],
        actor=lambda w: w.commissioner,
    ),
    Event(
        "booking rescheduled",
        _given_reschedule,
        lambda w: [
            (w.commissioner, Kind.BOOKING_RESCHEDULED),
            (w.provider, Kind.BOOKING_RESCHEDULED),
        ],
        actor=lambda w: w.provider,
    ),
    Event(
        "booking reminder",
        _given_reminder,
        lambda w: [(w.commissioner, Kind.BOOKING_REMINDER), (w.provider, Kind.BOOKING_REMINDER)],
    ),
    Event(
        "interest expressed",
        lambda w: lambda: matching.interest_express(member=w.chief, other=w.commissioner),
        lambda w: [(w.commissioner, Kind.INTEREST)],
    ),
    Event(
        "mutual connection",
        _given_connection,
        lambda w: [(w.commissioner, Kind.CONNECTION), (w.chief, Kind.CONNECTION)],
    ),
    Event(
        "opportunity published in your place and outcome area",
        _given_opportunity,
        lambda w: [(w.provider, Kind.OPPORTUNITY), (w.chief, Kind.OPPORTUNITY)],
    ),
    Event(
        "mention (in a thread its starter follows)",
        _given_mention,
        lambda w: [(w.other_member, Kind.MENTION), (w.facilitator, Kind.REPLY)],
    ),
    Event("reply in a followed thread", _given_reply, lambda w: [(w.facilitator, Kind.REPLY)]),
    Event(
        "a follower mentioned in a reply is told once",
        _given_reply_mentioning_follower,
        lambda w: [(w.facilitator, Kind.MENTION)],
    ),
    Event("message reported", _given_report, lambda w: [(w.facilitator, Kind.CIRCLE_REPORT)]),
    Event(
        "circle join request",
        lambda w: lambda: join_request(w),
        lambda w: [(w.facilitator, Kind.JOIN_REQUEST)],
    ),
    Event(
        "circle invitation to a member",
        lambda w: (
            lambda circle: (
                lambda: circles.invitation_create(
                    circle=circle, invited_by=w.facilitator, email=w.outsider.user.email.upper()
                )
            )
        )(circle_with_members(w)),
        lambda w: [(w.outsider, Kind.CIRCLE_INVITATION)],
    ),
    Event("circle approval", _given_decision, lambda w: [(w.outsider, Kind.CIRCLE_DECISION)]),
    Event("circle removal", _given_removal, lambda w: [(w.member, Kind.CIRCLE_REMOVAL)]),
    Event(
        "masterclass registration",
        lambda w: (
            lambda session: (
                lambda: masterclasses.registration_create(member=w.outsider, session=session)
            )
        )(SessionFactory()),
        lambda w: [(w.outsider, Kind.REGISTRATION)],
    ),
    Event(
        "waiting-list promotion",
        _given_promotion,
        lambda w: [(w.outsider, Kind.REGISTRATION), (w.member, Kind.WAITLIST_PROMOTION)],
    ),
    Event(
        "masterclass session changed",
        _given_session_changed,
        lambda w: [(w.outsider, Kind.SESSION_CHANGED)],
    ),
    Event(
        "masterclass session cancelled",
        _given_session_cancelled,
        lambda w: [(w.outsider, Kind.SESSION_CHANGED), (w.member, Kind.SESSION_CHANGED)],
    ),
    Event(
        "masterclass reminder",
        _given_masterclass_reminder,
        lambda w: [(w.outsider, Kind.MASTERCLASS_REMINDER)],
    ),
]


def run(event: Event, w: World, capture) -> list[Notification]:
    with capture(execute=True):
        act = event.given(w)
    Notification.objects.all().delete()
    mail.outbox.clear()
    with capture(execute=True):
        act()
    return list(Notification.objects.select_related("member"))


@pytest.mark.parametrize("event", EVENTS, ids=[e.name for e in EVENTS])
def test_each_event_tells_exactly_the_people_it_concerns(
    event, world, django_capture_on_commit_callbacks
):
    notes = run(event, world, django_capture_on_commit_callbacks)

    expected = Counter((m.name, kind) for m, kind in event.told(world))
    assert Counter((n.member.name, n.kind) for n in notes) == expected
    assert all(n.url.startswith("/") for n in notes), [n.url for n in notes]
    # By default every one of these kinds is emailed at once, except the gentle ones.
    emailed = sorted(m.to[0] for m in mail.outbox)
    assert emailed == sorted(
        m.user.email for m, kind in event.told(world) if kind not in (Kind.REPLY, Kind.OPPORTUNITY)
    )
    actor = event.actor(world)
    for note in notes:
        if actor is not None and note.member == actor:
            assert note.text.startswith("You "), note.text
        else:
            assert not note.text.startswith(f"{note.member.name} "), note.text


@pytest.mark.parametrize("event", EVENTS, ids=[e.name for e in EVENTS])
def test_each_persons_preference_for_the_kind_is_respected(
    event, world, django_capture_on_commit_callbacks
):
    """Whoever takes this kind on the site only is shown it there and sent no email."""
    kinds = {kind for _, kind in event.told(world)}
    for member in world.everyone():
        for kind in kinds:
            Preference.objects.create(member=member, kind=kind, channel=Channel.SITE)

    notes = run(event, world, django_capture_on_commit_callbacks)

    assert Counter((n.member.name, n.kind) for n in notes) == Counter(
        (m.name, kind) for m, kind in event.told(world)
    )
    assert mail.outbox == []


def test_a_waiting_list_place_lost_to_a_cancelled_session_says_so(
    world, django_capture_on_commit_callbacks
):
    session = full_session_with_queue(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session.delete()
    by_person = {m.to[0]: m for m in mail.outbox}
    holder = by_person[world.outsider.user.email]
    waiting = by_person[world.member.user.email]
    assert "your place at it is cancelled" in holder.body
    (invite,) = holder.attachments
    assert b"METHOD:CANCEL" in invite.get_payload(decode=True)
    assert "your place on its waiting list has gone" in waiting.body
    assert waiting.attachments == []
    assert not Registration.objects.exists()


def test_interest_repeated_tells_the_other_person_once(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        matching.interest_express(member=world.chief, other=world.commissioner)
        matching.interest_express(member=world.chief, other=world.commissioner)
    assert Notification.objects.filter(kind=Kind.INTEREST).count() == 1
