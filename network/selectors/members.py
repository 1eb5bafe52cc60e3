"""Everything in `network` that reads for a page."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from core.page_cache import Generation
from network.models import Member, Organisation, Place

# The directory's results are the same for every member, so each page of them (for each
# search) is a cached fragment keyed on this generation (member_directory.html). A change to
# anything a card shows or a search matches (a member, their account, an organisation, a
# place) starts a new one (`directory_changed`), so an opted-out member never shows again.
DIRECTORY_GENERATION = Generation("directory:generation")
PLACE_OPTIONS_KEY = "directory:place-options"


def directory_cache() -> tuple[int | None, int]:
    """The generation the directory's fragments are keyed on, and how long they keep: 0
    while the shared cache is unreachable, so nothing is stored that could not be purged."""
    seconds = getattr(settings, "PAGE_CACHE_SECONDS", 300)
    generation = DIRECTORY_GENERATION.current() if seconds > 0 else None
    return generation, seconds if generation is not None else 0


def directory_changed(sender, update_fields=None, **kwargs) -> None:
    """A receiver for saving or deleting what the directory shows (network/apps.py). Signing
    in only stamps `last_login`, which it does not show."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    DIRECTORY_GENERATION.purge_on_commit()
    if sender is Place:
        cache.delete(PLACE_OPTIONS_KEY)
        transaction.on_commit(lambda: cache.delete(PLACE_OPTIONS_KEY))


def place_options() -> list[tuple[str, str]]:
    """(slug, name) of every place, for the directory's filter: reference data, cached until
    a place changes, and for an hour at most (a data migration sends no signal)."""
    return cache.get_or_set(
        PLACE_OPTIONS_KEY, lambda: list(Place.objects.values_list("slug", "name")), 3600
    )


def directory_search(
    *,
    query: str = "",
    organisation: str = "",
    role: str = "",
    place: str = "",
) -> QuerySet[Member]:
    """Listed members matching the filters; `place` is a place's slug, and matches the areas
    within it too.

    Organisation and place only match members who show them, so a search can never
    reveal what someone chose to keep to themselves.
    """
    members = Member.objects.listed().with_profile()
    for word in query.split():
        members = members.filter(
            Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word)
        )
    if organisation:
        members = members.filter(show_organisation=True, organisation__name__icontains=organisation)
    if role:
        members = members.filter(role=role)
    if place:
        members = members.filter(
            Q(organisation__place__slug=place) | Q(organisation__place__region__slug=place),
            show_organisation=True,
        )
    return members.order_by("user__first_name", "user__last_name", "pk")


def member_visible_to(*, viewer: Member, pk: int) -> Member:
    """The member page `viewer` may see: their own, or a member who is listed."""
    member = Member.objects.with_profile().filter(pk=pk).first()
    if member is None or (member != viewer and not member.listed_in_directory):
        raise Http404("No such member.")
    if not member.user.is_active and member != viewer:
        raise Http404("No such member.")
    return member


ORGANISATION_SUGGESTIONS = 10


def organisations_matching(
    *, query: str, limit: int = ORGANISATION_SUGGESTIONS
) -> list[Organisation]:
    """Organisations whose name contains every word typed, names that start with it first."""
    words = query.split()[:5]
    if not words:
        return []
    queryset = Organisation.objects.select_related("place")
    for word in words:
        queryset = queryset.filter(name__icontains=word)
    matches = list(queryset.order_by("name")[: limit * 3])
    first = query.strip().lower()
    matches.sort(key=lambda o: (not o.name.lower().startswith(first), o.name.lower()))
    return matches[:limit]
