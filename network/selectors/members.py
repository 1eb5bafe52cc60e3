"""Everything in `network` that reads for a page."""

from django.db.models import Q, QuerySet
from django.http import Http404

from network.models import Member, Organisation, Place


def directory_search(
    *,
    query: str = "",
    organisation: str = "",
    role: str = "",
    place: Place | None = None,
) -> QuerySet[Member]:
    """Listed members matching the filters.

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
    if place is not None:
        members = members.filter(
            Q(organisation__place=place) | Q(organisation__place__region=place),
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
