"""Stage 2 pages: the resource map (a list, grouped by outcome, grouped by kind) and adding
community assets and funding streams to it."""

from django.contrib import messages
from django.shortcuts import render
from django.views.decorators.http import require_POST

from commissioning.forms import CommunityAssetForm, FundingStreamForm
from commissioning.models import Stage
from commissioning.selectors.resources import grouped, resource_map
from commissioning.services import resources as services
from commissioning.services.rules import CommissioningError
from commissioning.views.common import visible_challenge
from core.charts import Series, bar_chart
from network.decorators import member_required

VIEWS = {"list": "As a list", "outcome": "By outcome", "kind": "By kind of resource"}


def _page(request, challenge, *, asset_form=None, funding_form=None, status=200):
    view = request.GET.get("view", "outcome")
    if view not in VIEWS:
        view = "outcome"
    items = resource_map(challenge)
    groups = grouped(items, "kind" if view == "kind" else "outcome")
    context = {
        "challenge": challenge,
        "items": items,
        "view": view,
        "views": VIEWS,
        "groups": groups if view != "list" else [],
        "chart": bar_chart(
            title=f"Resources {VIEWS['kind' if view == 'kind' else 'outcome'].lower()}",
            desc="How many resources the map holds for each group; the groups below "
            "list every one, with who offered it.",
            labels=[heading for heading, _ in groups],
            series=[Series("Resources", [len(group) for _, group in groups])],
        )
        if groups and view != "list"
        else "",
        "can_add": challenge.stage == Stage.RESOURCES,
    }
    if context["can_add"]:
        context["asset_form"] = asset_form or CommunityAssetForm(challenge=challenge)
        context["funding_form"] = funding_form or FundingStreamForm(challenge=challenge)
    return render(request, "commissioning/resources.html", context, status=status)


@member_required
def resources(request, pk: int):
    return _page(request, visible_challenge(request.user.member, pk))


@require_POST
@member_required
def asset_add(request, pk: int):
    member = request.user.member
    challenge = visible_challenge(member, pk)
    form = CommunityAssetForm(request.POST, challenge=challenge)
    if form.is_valid():
        try:
            services.community_asset_add(member=member, challenge=challenge, **form.cleaned_data)
        except CommissioningError as error:
            error.add_to(form)
        else:
            messages.success(request, "Thank you: it is on the map.")
            return _page(request, challenge)
    return _page(request, challenge, asset_form=form, status=400)


@require_POST
@member_required
def funding_add(request, pk: int):
    member = request.user.member
    challenge = visible_challenge(member, pk)
    form = FundingStreamForm(request.POST, challenge=challenge)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.funding_stream_add(
                member=member,
                challenge=challenge,
                outcome=data["outcome"],
                name=data["funding_name"],
                amount=data["amount"],
                terms=data["terms"],
            )
        except CommissioningError as error:
            error.add_to(form)
        else:
            messages.success(request, "Thank you: the funding stream is on the map.")
            return _page(request, challenge)
    return _page(request, challenge, funding_form=form, status=400)
