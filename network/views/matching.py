"""Pages for matching: suggestions, consent, connections, profiles and opportunities."""

import functools
import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from network.decorators import member_required
from network.forms.matching import MatchProfileForm, OpportunityFilterForm, OpportunityForm
from network.models import MatchProfile, Member, Opportunity
from network.selectors import journeys
from network.selectors import matching as selectors
from network.services import matching as services
from network.services.matching import Interest
from notifications import selectors as notification_selectors
from notifications import services as notification_services

OPPORTUNITIES_PAGE_SIZE = 20


@member_required
def suggestions(request):
    """The cards and opportunities come from a fragment kept per member and CSRF secret
    (its forms carry a token), named by `page.version`; what they need from the database is
    read only when it is rendered. Notifications are rendered afresh (their "ago" moves on)
    from a list cached until they change."""
    member = request.user.member
    page = selectors.suggestions_page(member=member)
    suggestions = journeys.matches_page(interested=page.interested, suggestions=page.suggestions)

    @functools.cache
    def options():
        listed = [*page.interested, *(s.member for s in suggestions)]
        return journeys.booking_options(viewer=member, members=listed)

    get_token(request)  # sets the secret the key below names, when this is the first form
    secret = request.META["CSRF_COOKIE"]
    notifications = notification_selectors.notifications_for(
        member=member, generation=page.notifications_generation
    )
    context = {
        "page_version": page.version,
        "page_seconds": settings.PAGE_CACHE_SECONDS if page.version else 0,
        "csrf_key": hashlib.sha256(secret.encode()).hexdigest()[:32],
        # Only a member with a profile has suggestions: ask the database only when there are none.
        "has_profile": SimpleLazyObject(
            lambda: bool(page.suggestions) or MatchProfile.objects.filter(member=member).exists()
        ),
        "suggestions": SimpleLazyObject(
            lambda: [(s, options().get(s.member.pk)) for s in suggestions]
        ),
        "interested": SimpleLazyObject(lambda: [(m, options().get(m.pk)) for m in page.interested]),
        "opportunities": SimpleLazyObject(
            lambda: (
                selectors.opportunities_for(member=member)
                if member.role != Member.Role.COMMISSIONER
                else list(member.opportunities.open().with_details())
            )
        ),
        "notifications": notifications,
        "has_unread": any(note.read_at is None for note in notifications),
    }
    return render(request, "network/matching/suggestions.html", context)


def _other(pk: int) -> Member:
    other = Member.objects.select_related("user", "organisation").filter(pk=pk).first()
    if other is None or not other.user.is_active:
        raise Http404("No such member.")
    return other


@require_POST
@member_required
def interest(request, pk: int):
    other = _other(pk)
    opportunity = None
    if request.POST.get("opportunity", "").isdigit():
        opportunity = Opportunity.objects.filter(
            pk=int(request.POST["opportunity"]), commissioner=request.user.member
        ).first()
    outcome = services.interest_express(
        member=request.user.member, other=other, opportunity=opportunity
    )
    if outcome.result is Interest.CONNECTED:
        messages.success(request, f"You and {other.name} are now connected.")
        return redirect("network:connections")
    messages.success(
        request,
        f"We've noted your interest in {other.name}. If they are interested too, "
        "you'll both be connected and told.",
    )
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("network:suggestions")


@require_POST
@member_required
def decline(request, pk: int):
    other = _other(pk)
    services.suggestion_decline(member=request.user.member, other=other)
    messages.success(request, f"{other.name} won't be suggested to you again.")
    return redirect("network:suggestions")


@require_POST
@member_required
def updates_read(request):
    notification_services.notifications_mark_read(member=request.user.member)
    return redirect("network:suggestions")


@member_required
def connections(request):
    member = request.user.member
    connections = selectors.connections_of(member=member)
    options = journeys.booking_options(viewer=member, members=[o for _, o in connections])
    return render(
        request,
        "network/matching/connections.html",
        {"connections": [(c, other, options.get(other.pk)) for c, other in connections]},
    )


@member_required
def match_profile_edit(request):
    member = request.user.member
    profile = selectors.match_profile_of(member=member)
    form = MatchProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.match_profile_save(member=member, **form.cleaned_data)
        messages.success(request, "Your matching profile is saved.")
        return redirect("network:suggestions")
    return render(
        request,
        "network/matching/profile_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@member_required
def opportunity_list(request):
    form = OpportunityFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    opportunities = selectors.opportunity_search(
        outcome_area=filters.get("outcome_area"), place=filters.get("place")
    )
    page = Paginator(opportunities, OPPORTUNITIES_PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "network/matching/opportunity_list.html",
        {"form": form, "page": page, "querystring": querystring.urlencode()},
    )


@member_required
def opportunity_detail(request, pk: int):
    opportunity = get_object_or_404(Opportunity.objects.with_details(), pk=pk)
    is_owner = opportunity.commissioner_id == request.user.member.pk
    context = {
        "opportunity": opportunity,
        "is_owner": is_owner,
        "suggestions": [],
    }
    if is_owner:
        fitting = selectors.providers_for_opportunity(opportunity=opportunity)
        options = journeys.booking_options(
            viewer=request.user.member, members=[s.member for s in fitting]
        )
        context["suggestions"] = [(s, options.get(s.member.pk)) for s in fitting]
    return render(request, "network/matching/opportunity_detail.html", context)


@member_required
def opportunity_edit(request, pk: int | None = None):
    member = request.user.member
    opportunity = None
    if pk is not None:
        opportunity = get_object_or_404(Opportunity, pk=pk, commissioner=member)
    elif member.role != Member.Role.COMMISSIONER:
        messages.error(request, services.OPPORTUNITY_ONLY_COMMISSIONERS)
        return redirect("network:opportunity_list")
    form = OpportunityForm(request.POST or None, instance=opportunity)
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.opportunity_save(
                commissioner=member, opportunity=opportunity, **form.cleaned_data
            )
        except services.MatchingError as error:
            error.add_to(form)
        else:
            messages.success(request, "Your opportunity is published.")
            return redirect(opportunity.get_absolute_url())
    return render(
        request,
        "network/matching/opportunity_form.html",
        {"form": form, "opportunity": opportunity},
        status=400 if form.errors else 200,
    )
