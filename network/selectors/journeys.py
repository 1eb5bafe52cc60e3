"""Reads that carry a member on to the next thing: whether they can book someone (and, when
not, what is missing), and the next steps for their role until they have taken them.

`booking_options` is the one place that decides "Book a session" for the member page, the
suggestions on /matches/ and the providers fitting an opportunity, so the three agree, and
agree with the rules `network.services.bookings.booking_request` enforces.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import reverse

from masterclasses.models import Registration
from network.models import (
    Availability,
    AvailabilityWindow,
    Connection,
    MatchProfile,
    MatchResponse,
    Member,
    Opportunity,
)
from peer_support.models import CircleMembership

NOT_TAKING_BOOKINGS = "{name} is not taking bookings at the moment."
EXPRESS_INTEREST_FIRST = (
    "Express interest first: you can book a session with {name} once you are both connected."
)
WAITING_FOR_INTEREST = (
    "You can book a session with {name} once they are interested too. We'll tell you."
)


@dataclass(frozen=True)
class BookingOption:
    """For one member seen by another: "Book a session", or what must happen first."""

    member: Member
    can_book: bool
    missing: str = ""

    @property
    def url(self) -> str:
        return reverse("network:booking_create", args=[self.member.pk]) if self.can_book else ""


def booking_options(*, viewer: Member, members: Iterable[Member]) -> dict[int, BookingOption]:
    """By member id, for each of `members` who takes bookings (or is a provider, who would):
    whether `viewer` can book them now. At most three queries, however many members."""
    members = {m.pk: m for m in members if m.pk != viewer.pk}
    if not members:
        return {}
    windows = AvailabilityWindow.objects.filter(availability=OuterRef("pk"))
    rules = dict(
        Availability.objects.filter(Exists(windows), member_id__in=members).values_list(
            "member_id", "accepting"
        )
    )
    connected: set[int] = set()
    interested: set[int] = set()
    bookable = [pk for pk, accepting in rules.items() if accepting]
    if bookable and viewer.role != Member.Role.COMMISSIONER:
        for first, second in Connection.objects.involving(viewer.pk).values_list(
            "first_id", "second_id"
        ):
            connected.add(second if first == viewer.pk else first)
        interested = set(
            MatchResponse.objects.filter(
                member=viewer, other_id__in=bookable, kind=MatchResponse.Kind.INTEREST
            ).values_list("other_id", flat=True)
        )
    options = {}
    for pk, member in members.items():
        if pk not in rules and member.role != Member.Role.PROVIDER:
            continue  # they offer no sessions, so there is nothing to say
        if not rules.get(pk):
            option = BookingOption(member, False, NOT_TAKING_BOOKINGS.format(name=member.name))
        elif viewer.role != Member.Role.COMMISSIONER and pk not in connected:
            missing = WAITING_FOR_INTEREST if pk in interested else EXPRESS_INTEREST_FIRST
            option = BookingOption(member, False, missing.format(name=member.name))
        else:
            option = BookingOption(member, True)
        options[pk] = option
    return options


def booking_option(*, viewer: Member, member: Member) -> BookingOption | None:
    return booking_options(viewer=viewer, members=[member]).get(member.pk)


@dataclass(frozen=True)
class NextStep:
    text: str
    url: str


def next_steps(*, member: Member) -> list[NextStep]:
    """What `member` has still to do to get going, for their role; empty once all done."""
    steps = []
    if member.role != Member.Role.EDITOR and not (
        MatchProfile.objects.filter(member=member, outcome_areas__isnull=False).exists()
    ):
        steps.append(
            NextStep("Complete your matching profile", reverse("network:match_profile_edit"))
        )
    if (
        member.role == Member.Role.CHIEF_EXECUTIVE
        and not CircleMembership.objects.filter(member=member).active().exists()
    ):
        steps.append(NextStep("Join a peer-support circle", reverse("peer_support:circle_list")))
    if (
        member.role == Member.Role.PROVIDER
        and not AvailabilityWindow.objects.filter(availability__member=member).exists()
    ):
        steps.append(NextStep("Set your availability", reverse("network:availability_edit")))
    if (
        member.role == Member.Role.COMMISSIONER
        and not Opportunity.objects.filter(commissioner=member).exists()
    ):
        steps.append(NextStep("Publish an opportunity", reverse("network:opportunity_create")))
    if not Registration.objects.filter(member=member).exists():
        steps.append(NextStep("Register for a masterclass", "/masterclasses/"))
    return steps


def matches_page(*, interested: list[Member], suggestions: list) -> list:
    """Suggestions without the people already listed as interested in the viewer: each
    person appears once on /matches/, under "Interested in meeting you"."""
    waiting = {m.pk for m in interested}
    return [s for s in suggestions if s.member.pk not in waiting]
