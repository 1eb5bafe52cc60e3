"""Reads for matching pages: suggestions, opportunities, connections.

Suggestions stay fast among many thousands of profiles by doing the cheap part in SQL, on
the profiles table alone: counterpart role, not opted out, not hidden, under their monthly
cap, and sharing an outcome or a place (array overlap on each profile's copies of its M2M
ids, GIN-indexed on PostgreSQL), ranked by the points the score gives for what they share.
Only the best `PREFILTER` of those are loaded and scored in Python by
`network.scoring.score`. The number of queries does not depend on how many profiles exist.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.id_arrays import SharedCount
from core.page_cache import Generation
from network.booking_time import LONDON
from network.models import (
    Asset,
    Connection,
    MatchProfile,
    MatchResponse,
    Member,
    Opportunity,
    Organisation,
    OutcomeArea,
    Place,
    User,
)
from network.scoring import (
    ASSET_POINTS,
    OUTCOME_POINTS,
    REGION_POINTS,
    SAME_PLACE_POINTS,
    Match,
    OpportunityFacts,
    PlaceFact,
    ProfileFacts,
    Strength,
    rank,
    strength,
)

PREFILTER = 150
SUGGESTIONS_SHOWN = 10

COUNTERPARTS = {
    Member.Role.COMMISSIONER: (Member.Role.CHIEF_EXECUTIVE, Member.Role.PROVIDER),
    Member.Role.CHIEF_EXECUTIVE: (Member.Role.COMMISSIONER,),
    Member.Role.PROVIDER: (Member.Role.COMMISSIONER,),
    Member.Role.EDITOR: (),
}


@dataclass(frozen=True)
class Suggestion:
    member: Member
    score: int
    reasons: tuple[str, ...]
    interest_sent: bool = False

    @property
    def strength(self) -> Strength | None:
        """The score as people read it: "Strong match — 4 of 5"."""
        return strength(self.score)


def facts(profile: MatchProfile) -> ProfileFacts:
    """A loaded profile as the plain values the scoring function reads."""
    return ProfileFacts(
        member_id=profile.member_id,
        outcomes=frozenset(o.name for o in profile.outcome_areas.all()),
        places=frozenset(
            PlaceFact(p.name, p.region.name if p.region_id else None) for p in profile.places.all()
        ),
        offers=frozenset(a.name for a in profile.assets_offered.all()),
        seeks=frozenset(a.name for a in profile.assets_sought.all()),
        size_band=profile.size_band,
    )


def opportunity_facts(opportunity: Opportunity) -> OpportunityFacts:
    place = opportunity.place
    return OpportunityFacts(
        outcome=opportunity.outcome_area.name,
        place=PlaceFact(place.name, place.region.name if place.region_id else None),
        open_to_small=opportunity.open_to_small_providers,
        open_to_partnerships=opportunity.open_to_partnerships,
    )


def month_start(now: dt.datetime | None = None) -> dt.datetime:
    local = (now or timezone.now()).astimezone(LONDON)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _at_monthly_cap(since: dt.datetime) -> QuerySet[MatchProfile]:
    """Member ids of the profiles that reached their monthly cap: counted only for the members
    with a connection since `since`, not for every candidate."""
    recent = Connection.objects.filter(created_at__gte=since).order_by()
    return (
        MatchProfile.objects.filter(
            member_id__in=recent.values("first_id").union(recent.values("second_id"), all=True)
        )
        .annotate(
            month_connections=_connections_this_month("first", since)
            + _connections_this_month("second", since)
        )
        .filter(month_connections__gte=F("monthly_connection_cap"))
        .values("member_id")
    )


def _connections_this_month(field: str, since: dt.datetime) -> Coalesce:
    rows = (
        Connection.objects.filter(**{field: OuterRef("member_id"), "created_at__gte": since})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _overlapping_places(place_ids: list[int]) -> tuple[set[int], dict[int, int]]:
    """(the places themselves, {other place: how many of them it overlaps}): the regions they
    sit in and the areas inside any of them that is a region, from the cached hierarchy.
    These are the (area, region) pairs `scoring.score` counts as "Overlapping places"."""
    region_of = _reference_names()[3]
    own = set(place_ids)
    pairs: dict[int, int] = {}
    for place in own:
        if region_of.get(place) and region_of[place] not in own:
            pairs[region_of[place]] = pairs.get(region_of[place], 0) + 1
    for area, region in region_of.items():
        if region in own and area not in own:
            pairs[area] = pairs.get(area, 0) + 1
    return own, pairs


def _candidate_ids(
    *,
    roles: tuple[str, ...],
    outcome_ids: list[int],
    place_ids: list[int],
    offered_ids: list[int] = (),
    sought_ids: list[int] = (),
    exclude_ids: set[int],
    now: dt.datetime | None = None,
) -> list[int]:
    """Profile ids worth scoring: the SQL prefilter, bounded by PREFILTER.

    One search of the profiles' id copies (`outcome_area_ids && …` or `place_ids && …`, which
    the GIN indexes answer on PostgreSQL), ranked in SQL by the points `scoring.score` gives
    for shared outcomes, places, overlapping places and assets. That rank equals the score
    except when both sides list a region and an area inside it (the score then adds the
    pair, the rank does not), so the best PREFILTER by rank hold the best few by score."""
    if not roles or (not outcome_ids and not place_ids):
        return []
    own_places, overlapping = _overlapping_places(place_ids)
    by_pairs: dict[int, list[int]] = {}
    for place, pairs in overlapping.items():
        by_pairs.setdefault(pairs, []).append(place)
    rank = (
        SharedCount("outcome_area_ids", outcome_ids) * OUTCOME_POINTS
        + SharedCount("place_ids", own_places) * SAME_PLACE_POINTS
        + SharedCount("offered_asset_ids", sought_ids) * ASSET_POINTS
        + SharedCount("sought_asset_ids", offered_ids) * ASSET_POINTS
    )
    for pairs, places in by_pairs.items():
        rank += SharedCount("place_ids", places) * (REGION_POINTS * pairs)
    return list(
        MatchProfile.objects.filter(
            Q(outcome_area_ids__overlap=outcome_ids)
            | Q(place_ids__overlap=own_places | set(overlapping)),
            suggested_as__in=roles,  # the role, while not opted out and the account is open
        )
        .exclude(member_id__in=exclude_ids)
        .exclude(member_id__in=_at_monthly_cap(month_start(now)))
        .annotate(rank=rank)
        .order_by("-rank", "member_id")
        .values_list("pk", flat=True)[:PREFILTER]
    )


def _answers(member: Member) -> tuple[set[int], set[int], set[int]]:
    """(hidden both ways by a decline, members I showed interest in, members connected to me)."""
    hidden: set[int] = set()
    interested: set[int] = set()
    for who, other, kind in MatchResponse.objects.filter(
        Q(member=member) | Q(other=member)
    ).values_list("member_id", "other_id", "kind"):
        if kind == MatchResponse.Kind.DECLINE:
            hidden.add(other if who == member.pk else who)
        elif who == member.pk:
            interested.add(other)
    connected = {
        b if a == member.pk else a
        for a, b in Connection.objects.involving(member.pk).values_list("first_id", "second_id")
    }
    return hidden, interested, connected


def _viewer_row(member: Member) -> tuple | None:
    return MatchProfile.objects.filter(member=member).values_list(*FACT_COLUMNS).first()


REFERENCE_CACHE_KEY = "network:matching:reference:v2"
REFERENCE_CACHE_SECONDS = 600


def _reference_names() -> tuple[
    dict[int, str], dict[int, str], dict[int, PlaceFact], dict[int, int | None]
]:
    """Outcome, asset and place names by id, and each place's region id. Reference data
    created by migrations, so a few minutes' caching saves three queries on every
    suggestions page (and any change drops it: `reference_invalidate`)."""
    cached = cache.get(REFERENCE_CACHE_KEY)
    if cached is None:
        places = Place.objects.values_list("pk", "name", "region__name", "region_id")
        cached = (
            dict(OutcomeArea.objects.values_list("pk", "name")),
            dict(Asset.objects.values_list("pk", "name")),
            {pk: PlaceFact(name, region) for pk, name, region, _ in places},
            {pk: region_id for pk, _, _, region_id in places},
        )
        cache.set(REFERENCE_CACHE_KEY, cached, REFERENCE_CACHE_SECONDS)
    return cached


FACT_COLUMNS = (
    "pk",
    "member_id",
    "size_band",
    "outcome_area_ids",
    "place_ids",
    "offered_asset_ids",
    "sought_asset_ids",
)


def _facts_from_row(row: tuple) -> ProfileFacts:
    """Scoring facts from a profile's flat row: its id copies, named from reference data."""
    outcome_names, asset_names, place_facts, _ = _reference_names()
    _, member_id, size_band, outcomes, places, offers, seeks = row
    return ProfileFacts(
        member_id=member_id,
        outcomes=frozenset(outcome_names[i] for i in outcomes),
        places=frozenset(place_facts[i] for i in places),
        offers=frozenset(asset_names[i] for i in offers),
        seeks=frozenset(asset_names[i] for i in seeks),
        size_band=size_band,
    )


def _facts_by_profile(profile_ids: list[int]) -> dict[int, ProfileFacts]:
    """Scoring facts for many profiles in one query: no model instances, no M2M reads (the
    profiles' id copies equal their M2M rows)."""
    rows = MatchProfile.objects.filter(pk__in=profile_ids).values_list(*FACT_COLUMNS)
    return {row[0]: _facts_from_row(row) for row in rows}


def _ranked(
    viewer: ProfileFacts,
    ids: list[int],
    *,
    hidden: set[int],
    interested: set[int],
    opportunity: OpportunityFacts | None = None,
    limit: int,
) -> list[Suggestion]:
    """Score the prefiltered candidates; load full member rows only for those shown."""
    if not ids:
        return []
    matches: list[Match] = rank(
        viewer,
        _facts_by_profile(ids).values(),
        hidden=frozenset(hidden),
        opportunity=opportunity,
        limit=limit,
    )
    members = Member.objects.with_profile().in_bulk([m.member_id for m in matches])
    return [
        Suggestion(members[m.member_id], m.score, m.reasons, m.member_id in interested)
        for m in matches
        if m.member_id in members
    ]


# Each member's ranked suggestions are cached with the reading of a clock taken before they
# were worked out. A change to a member stamps them with a later reading, and a cached list
# is used only while no stamp of its member, of anyone it shows, or of everyone (`EVERYONE`)
# is later than its own reading. So one member's change refreshes their own list and the
# lists that show them, and nobody else's. See docs/performance.md for what this leaves out.
SUGGESTIONS_KEY = "network:matching:suggestions"
CLOCK_KEY = f"{SUGGESTIONS_KEY}:clock"
EVERYONE = "all"
SUGGESTIONS_CACHE_SECONDS = 600
# A stamp outlives every list worked out before it, so a stamp that has expired can no longer
# be later than any list still cached: a missing stamp is read as 0.
STAMP_SECONDS = 2 * SUGGESTIONS_CACHE_SECONDS


def _stamp_key(member_id: int | str) -> str:
    return f"{SUGGESTIONS_KEY}:changed:{member_id}"


def _tick() -> int:
    """The next reading of the shared clock (a counter in the cache, the same for every
    process, so no two machines' clocks are compared)."""
    try:
        return cache.incr(CLOCK_KEY)
    except ValueError:  # not there yet, or evicted
        cache.add(CLOCK_KEY, 0, None)
        return cache.incr(CLOCK_KEY)


def suggestions_invalidate(*, member_ids: Iterable[int] | None = None) -> None:
    """The cached suggestions of `member_ids` (everyone's when None), and every cached list
    that shows any of them, are worked out afresh on their next read: stamped at once, and
    again after commit, so that a list worked out from a reading before the commit cannot
    pass for a later one."""
    keys = [_stamp_key(EVERYONE)] if member_ids is None else [_stamp_key(m) for m in member_ids]
    if not keys:
        return

    def stamp() -> None:
        tick = _tick()
        cache.set_many(dict.fromkeys(keys, tick), STAMP_SECONDS)

    stamp()
    transaction.on_commit(stamp, robust=True)


def _members_changed(sender, instance) -> list[int] | None:
    """Whose suggestions (and the lists showing whom) a saved or deleted row changes."""
    if isinstance(instance, MatchProfile):
        return [instance.member_id]
    if isinstance(instance, Member):
        return [instance.pk]
    if isinstance(instance, (Connection,)):
        return [instance.first_id, instance.second_id]
    if isinstance(instance, MatchResponse):
        return [instance.member_id, instance.other_id]
    if isinstance(instance, User):
        return list(Member.objects.filter(user_id=instance.pk).values_list("pk", flat=True))
    if isinstance(instance, Organisation):  # its name is on each of its members' cards
        return list(Member.objects.filter(organisation_id=instance.pk).values_list("pk", flat=True))
    return None


def suggestions_changed(sender, instance, **kwargs) -> None:
    """Signal receiver (network/apps.py) for profiles, their M2M rows, members, accounts,
    organisations, connections (capacity) and answers (interest, declines)."""
    if set(kwargs.get("update_fields") or ()) == {"last_login"}:
        return  # signing in changes nothing anyone is suggested
    action = kwargs.get("action")
    if action is not None:  # m2m_changed
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if kwargs.get("reverse"):  # an outcome area's or a place's profiles, from the admin
            suggestions_invalidate()
            return
    suggestions_invalidate(member_ids=_members_changed(sender, instance))


def reference_invalidate(**kwargs) -> None:
    """Outcome areas, assets or places changed: their names in reasons are read afresh."""
    cache.delete(REFERENCE_CACHE_KEY)
    suggestions_invalidate()


def suggestions_for(
    *, member: Member, limit: int = SUGGESTIONS_SHOWN, now: dt.datetime | None = None
) -> list[Suggestion]:
    """Ranked counterparts for `member`, each with a score and reasons.

    Never themselves, never someone either side declined, never someone they are already
    connected to, never someone who opted out or has reached their monthly cap.

    Kept in the cache per member (and per month, as caps count a month's connections) until
    they, or anyone they show, change (`suggestions_invalidate`). With the cache away, worked
    out every time.
    """
    if now is not None:
        return _suggestions_for(member=member, limit=limit, now=now)
    key = _suggestions_key(member.pk, limit)
    own, everyone = _stamp_key(member.pk), _stamp_key(EVERYONE)
    found = cache.get_many([key, CLOCK_KEY, own, everyone])
    cached = found.get(key)
    if cached is not None:
        worked_out_at, suggestions = cached
        stamps = [found.get(own, 0), found.get(everyone, 0)]
        if suggestions:
            stamps += cache.get_many([_stamp_key(s.member.pk) for s in suggestions]).values()
        if max(stamps) <= worked_out_at:
            return suggestions
    reading = found.get(CLOCK_KEY, 0)  # taken before the database is read
    suggestions = _suggestions_for(member=member, limit=limit, now=now)
    cache.set(key, (reading, suggestions), SUGGESTIONS_CACHE_SECONDS)
    return suggestions


def _suggestions_key(member_id: int, limit: int) -> str:
    return f"{SUGGESTIONS_KEY}:{member_id}:{limit}:{month_start():%Y-%m}"


# /matches/ keeps its cards and opportunities as a fragment per member (in each process's
# memory), named by `SuggestionsPage.version`: the readings its suggestions and "interested
# in you" lists were worked out at (both cached as suggestions are, and refreshed by the same
# stamps), the generations of what can be booked and of opportunities, and the day.
BOOKABLE_GENERATION = Generation("network:matching:bookable")
OPPORTUNITIES_GENERATION = Generation("network:matching:opportunities")
INTERESTED_SHOWN = 20


def bookable_changed(**kwargs) -> None:
    """A receiver for availability and its windows (network/apps.py), and called by
    `availability_save`, whose new windows are created in bulk without signals."""
    BOOKABLE_GENERATION.purge_on_commit()


def opportunities_changed(**kwargs) -> None:
    """A receiver for opportunities saved or deleted (network/apps.py)."""
    OPPORTUNITIES_GENERATION.purge_on_commit()


@dataclass(frozen=True)
class SuggestionsPage:
    suggestions: list[Suggestion]
    interested: list[Member]
    # Names the page's cached parts; None while the shared cache is unreachable (then
    # nothing is kept, as nothing kept could be purged).
    version: str | None
    notifications_generation: int | None


def suggestions_page(*, member: Member) -> SuggestionsPage:
    """What /matches/ shows `member` that can come from the cache, and the version naming it.

    Two round trips to the cache when nothing changed, and no query: both lists with the
    clock, `member`'s stamps and the generations, then the stamps of everyone listed.
    """
    from notifications.events import recent_generation  # notifications imports network

    own, everyone = _stamp_key(member.pk), _stamp_key(EVERYONE)
    suggestions_key = _suggestions_key(member.pk, SUGGESTIONS_SHOWN)
    interested_key = f"{SUGGESTIONS_KEY}:interested:{member.pk}"
    generations = (BOOKABLE_GENERATION, OPPORTUNITIES_GENERATION, recent_generation(member.pk))
    found = cache.get_many(
        [suggestions_key, interested_key, CLOCK_KEY, own, everyone, *(g.key for g in generations)]
    )
    cached_suggestions, cached_interested = found.get(suggestions_key), found.get(interested_key)
    suggested_ids = [s.member.pk for s in cached_suggestions[1]] if cached_suggestions else []
    interested_ids = [m.pk for m in cached_interested[1]] if cached_interested else []
    listed = {*suggested_ids, *interested_ids}
    stamps = cache.get_many([_stamp_key(pk) for pk in listed]) if listed else {}
    latest = max(found.get(own, 0), found.get(everyone, 0))

    def fresh(cached, ids: list[int]) -> bool:
        return cached is not None and cached[0] >= max(
            [latest, *(stamps.get(_stamp_key(pk), 0) for pk in ids)]
        )

    reading = found.get(CLOCK_KEY, 0)  # taken before the database is read
    if fresh(cached_suggestions, suggested_ids):
        suggestions_read, suggestions = cached_suggestions
    else:
        suggestions_read = reading
        suggestions = _suggestions_for(member=member, limit=SUGGESTIONS_SHOWN, now=None)
        cache.set(suggestions_key, (reading, suggestions), SUGGESTIONS_CACHE_SECONDS)
    if fresh(cached_interested, interested_ids):
        interested_read, interested = cached_interested
    else:
        interested_read = reading
        interested = list(interested_in(member=member)[:INTERESTED_SHOWN])
        cache.set(interested_key, (reading, interested), SUGGESTIONS_CACHE_SECONDS)

    bookable, opportunities, notes = (g.current_in(found) for g in generations)
    version = None
    if bookable is not None and opportunities is not None:
        day = timezone.localdate()  # what is open, and the month's caps
        version = f"{suggestions_read}.{interested_read}.{bookable}.{opportunities}.{day}"
    return SuggestionsPage(suggestions, interested, version, notes)


def _suggestions_for(*, member: Member, limit: int, now: dt.datetime | None) -> list[Suggestion]:
    row = _viewer_row(member)
    if row is None:
        return []
    viewer = _facts_from_row(row)
    _, _, _, outcome_ids, place_ids, offered_ids, sought_ids = row
    hidden, interested, connected = _answers(member)
    ids = _candidate_ids(
        roles=COUNTERPARTS.get(member.role, ()),
        outcome_ids=outcome_ids,
        place_ids=place_ids,
        offered_ids=offered_ids,
        sought_ids=sought_ids,
        exclude_ids=hidden | connected | {member.pk},
        now=now,
    )
    return _ranked(viewer, ids, hidden=hidden | connected, interested=interested, limit=limit)


def providers_for_opportunity(
    *, opportunity: Opportunity, limit: int = SUGGESTIONS_SHOWN
) -> list[Suggestion]:
    """Chief executives and providers who fit `opportunity`, best first, with reasons."""
    commissioner = opportunity.commissioner
    row = _viewer_row(commissioner)
    viewer = _facts_from_row(row) if row else ProfileFacts(member_id=commissioner.pk)
    hidden, interested, _ = _answers(commissioner)
    ids = _candidate_ids(
        roles=COUNTERPARTS[Member.Role.COMMISSIONER],
        outcome_ids=[opportunity.outcome_area_id],
        place_ids=[opportunity.place_id],
        exclude_ids=hidden | {commissioner.pk},
    )
    return _ranked(
        viewer,
        ids,
        hidden=hidden,
        interested=interested,
        opportunity=opportunity_facts(opportunity),
        limit=limit,
    )


def interested_in(*, member: Member) -> QuerySet[Member]:
    """Members who expressed interest in `member` and are waiting for an answer."""
    answered = MatchResponse.objects.filter(member=member).values("other_id")
    connected = Connection.objects.involving(member.pk)
    return (
        Member.objects.filter(
            match_responses__other=member,
            match_responses__kind=MatchResponse.Kind.INTEREST,
            user__is_active=True,
        )
        .exclude(pk__in=answered)
        .exclude(pk__in=connected.values("first_id"))
        .exclude(pk__in=connected.values("second_id"))
        .with_profile()
        .order_by("-match_responses__created_at")
    )


def connections_of(*, member: Member) -> list[tuple[Connection, Member]]:
    """Each connection of `member` with the other person, newest first."""
    connections = list(Connection.objects.involving(member.pk).order_by("-created_at"))
    others = Member.objects.with_profile().in_bulk([c.other(member.pk) for c in connections])
    return [(c, others[c.other(member.pk)]) for c in connections if c.other(member.pk) in others]


def are_connected(a: Member, b: Member) -> bool:
    first, second = sorted((a.pk, b.pk))
    return Connection.objects.filter(first_id=first, second_id=second).exists()


def opportunity_search(
    *, outcome_area=None, place: Place | None = None, include_closed: bool = False
) -> QuerySet[Opportunity]:
    """Opportunities for the public listing; a region finds the opportunities in its areas."""
    opportunities = Opportunity.objects.with_details()
    if not include_closed:
        opportunities = opportunities.open()
    if outcome_area is not None:
        opportunities = opportunities.filter(outcome_area=outcome_area)
    if place is not None:
        opportunities = opportunities.filter(Q(place=place) | Q(place__region=place))
    return opportunities.order_by("closes_on", "pk")


def opportunities_for(*, member: Member, limit: int = 5) -> list[Opportunity]:
    """Open opportunities in the outcome areas or places a chief executive or provider works on."""
    row = (
        MatchProfile.objects.filter(member=member)
        .values_list("outcome_area_ids", "place_ids")
        .first()
    )
    if row is None:
        return []
    outcome_ids, place_ids = row  # the profile's copies of its M2M ids
    own, overlapping = _overlapping_places(place_ids)  # from the cached hierarchy
    return list(
        Opportunity.objects.open()
        .with_details()
        .filter(Q(outcome_area__in=outcome_ids) | Q(place__in=[*own, *overlapping]))
        .order_by("closes_on", "pk")[:limit]
    )


def match_profile_of(*, member: Member) -> MatchProfile:
    """The member's profile, or an unsaved empty one to fill in (reading never makes one)."""
    return MatchProfile.objects.filter(member=member).first() or MatchProfile(member=member)
