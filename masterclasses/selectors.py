"""Reads for masterclass and guidance pages, each in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Max, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from masterclasses.models import (
    Audience,
    GuidanceIndexPage,
    GuidancePage,
    MasterclassIndexPage,
    MasterclassPage,
    ProgrammePage,
    Registration,
    Session,
    Speaker,
    Topic,
)
from network.models import Member, Place


def _masterclass_cards(queryset: QuerySet) -> QuerySet:
    """What a masterclass card shows: place, topics and the next (or last) session."""
    now = timezone.now()
    return (
        queryset.live()
        .public()
        .select_related("place")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name")))
        .annotate(
            next_start=Min("sessions__start", filter=Q(sessions__end__gte=now)),
            last_end=Max("sessions__end"),
        )
    )


def upcoming_masterclasses(*, limit: int | None = None) -> QuerySet:
    queryset = (
        _masterclass_cards(MasterclassPage.objects.all())
        .filter(next_start__isnull=False)
        .order_by("next_start", "pk")
    )
    return queryset[:limit] if limit else queryset


def past_masterclasses() -> QuerySet:
    return (
        _masterclass_cards(MasterclassPage.objects.all())
        .filter(next_start__isnull=True, last_end__isnull=False)
        .order_by("-last_end", "pk")
    )


@dataclass(frozen=True)
class MasterclassFilters:
    topic: Topic | None = None
    audience: str = ""
    place: Place | None = None
    format: str = ""
    when: str = "upcoming"


def masterclass_listing(*, index: MasterclassIndexPage, filters: MasterclassFilters) -> QuerySet:
    queryset = past_masterclasses() if filters.when == "past" else upcoming_masterclasses()
    queryset = queryset.descendant_of(index)
    if filters.topic:
        queryset = queryset.filter(topics=filters.topic)
    if filters.audience and filters.audience != Audience.BOTH:
        # A masterclass for both audiences is for each of them.
        queryset = queryset.filter(audience__in=[filters.audience, Audience.BOTH])
    elif filters.audience == Audience.BOTH:
        queryset = queryset.filter(audience=Audience.BOTH)
    if filters.place:
        # A region includes the areas within it.
        queryset = queryset.filter(Q(place=filters.place) | Q(place__region=filters.place))
    if filters.format:
        queryset = queryset.filter(format=filters.format)
    return queryset


def programme_masterclasses(*, programme: ProgrammePage) -> QuerySet:
    return (
        _masterclass_cards(MasterclassPage.objects.child_of(programme))
        .filter(last_end__isnull=False)
        .order_by("next_start", "-last_end")
    )


def masterclass_detail(*, page: MasterclassPage, member: Member | None, preview: bool) -> dict:
    """Sessions with their numbers, and this member's registration on each."""
    if preview:
        # A preview shows the unsaved draft, held in memory.
        sessions = list(page.sessions.all())
        for session in sessions:
            session.registered_count = session.waitlisted_count = 0
            session.mine = []
        return {
            "sessions": sessions,
            "speakers": list(page.speakers.all()),
            "topics": list(page.topics.all()),
        }
    sessions = Session.objects.filter(page=page).with_counts().order_by("start", "pk")
    if member is not None:
        sessions = sessions.prefetch_related(
            Prefetch(
                "registrations",
                queryset=Registration.objects.filter(member=member).active(),
                to_attr="mine",
            )
        )
    sessions = list(sessions)
    if member is None:
        for session in sessions:
            session.mine = []
    speakers = Speaker.objects.filter(masterclasses=page).select_related("photo")
    return {
        "sessions": sessions,
        "speakers": list(speakers.prefetch_related("photo__renditions")),
        "topics": list(Topic.objects.filter(masterclasses=page)),
        "related_guidance": list(
            GuidancePage.objects.live().public().filter(related_masterclasses=page)
        ),
    }


def latest_guidance(*, limit: int | None = None) -> QuerySet:
    queryset = (
        GuidancePage.objects.live()
        .public()
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name")))
        .order_by("-first_published_at", "-pk")
    )
    return queryset[:limit] if limit else queryset


def guidance_listing(*, index: GuidanceIndexPage, topic: Topic | None) -> QuerySet:
    queryset = latest_guidance().descendant_of(index)
    if topic:
        queryset = queryset.filter(topics=topic)
    return queryset


def guidance_detail(*, page: GuidancePage, preview: bool) -> dict:
    if preview:
        return {
            "topics": list(page.topics.all()),
            "downloads": list(page.downloads.all()),
            "related_masterclasses": list(page.related_masterclasses.all()),
        }
    related = _masterclass_cards(MasterclassPage.objects.filter(related_guidance=page)).order_by(
        "next_start", "-last_end"
    )
    return {
        "topics": list(Topic.objects.filter(guidance=page)),
        "downloads": list(page.downloads.select_related("document")),
        "related_masterclasses": list(related),
    }


def member_registrations(*, member: Member) -> dict[str, list[Registration]]:
    """A member's active registrations, split into coming up and already happened."""
    registrations = (
        Registration.objects.filter(member=member)
        .active()
        .select_related("session__page")
        .order_by("session__start")
    )
    now = timezone.now()
    upcoming, past = [], []
    for registration in registrations:
        (upcoming if registration.session.end >= now else past).append(registration)
    past.reverse()
    return {"upcoming": upcoming, "past": past}


def waitlist_position(*, registration: Registration) -> int:
    return (
        Registration.objects.waitlisted()
        .filter(session=registration.session_id)
        .filter(
            Q(queued_at__lt=registration.queued_at)
            | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def session_attendees(*, session: Session) -> dict[str, list[Registration]]:
    registrations = (
        Registration.objects.filter(session=session)
        .active()
        .select_related("member__user", "member__organisation")
        .in_queue_order()
    )
    registered, waiting = [], []
    for registration in registrations:
        if registration.status == Registration.Status.REGISTERED:
            registered.append(registration)
        else:
            waiting.append(registration)
    return {"registered": registered, "waitlisted": waiting}


def admin_sessions(*, upcoming_only: bool, page_id: int | None = None) -> QuerySet:
    queryset = Session.objects.select_related("page").with_counts()
    if page_id is not None:
        queryset = queryset.filter(page_id=page_id)
    if upcoming_only:
        return queryset.upcoming().order_by("start")
    return queryset.order_by("-start")


@dataclass
class SearchResults:
    masterclasses: list
    guidance: list


def search(*, query: str) -> SearchResults:
    if not query:
        return SearchResults([], [])
    masterclasses = list(MasterclassPage.objects.live().public().search(query)[:20])
    guidance = list(GuidancePage.objects.live().public().search(query)[:20])
    return SearchResults(masterclasses, guidance)
