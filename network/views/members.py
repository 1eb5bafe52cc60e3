from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme

from network.decorators import member_required
from network.forms.members import AvatarForm, DirectorySearchForm, MemberForm
from network.selectors import journeys
from network.selectors import members as selectors
from network.services import members as services

DIRECTORY_PAGE_SIZE = 24


def _safe_next(request, fallback: str) -> str:
    """A path on this site to go on to; anything else (another host, a bare word that
    `redirect` would take for a view name) gives `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return fallback


@login_required
def onboarding(request):
    if hasattr(request.user, "member"):
        return redirect(_safe_next(request, request.user.member.get_absolute_url()))
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = services.member_save(
            user=request.user,
            role=form.cleaned_data["role"],
            organisation=form.cleaned_data["organisation"],
            new_organisation=form.new_organisation(),
            **form.profile(),
        )
        messages.success(request, "Welcome to Common Ground. This is your member page.")
        return redirect(_safe_next(request, member.get_absolute_url()))
    return render(
        request,
        "network/onboarding.html",
        {"form": form, "next": _safe_next(request, "")},
        status=400 if form.errors else 200,
    )


@member_required
def member_edit(request):
    member = request.user.member
    initial = {
        "role": member.role,
        "organisation": member.organisation_id,
        "job_title": member.job_title,
        "bio": member.bio,
        "listed_in_directory": member.listed_in_directory,
        "show_organisation": member.show_organisation,
        "show_email": member.show_email,
    }
    form = MemberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.member_save(
            user=request.user,
            role=form.cleaned_data["role"],
            organisation=form.cleaned_data["organisation"],
            new_organisation=form.new_organisation(),
            **form.profile(),
        )
        messages.success(request, "Your profile is saved.")
        return redirect("network:member_me")
    return render(
        request, "network/member_edit.html", {"form": form}, status=400 if form.errors else 200
    )


@member_required
def member_photo(request):
    """Upload a photo, or remove it and go back to initials. A refused upload is shown on
    the form, never a 500."""
    member = request.user.member
    form = AvatarForm(request.POST, request.FILES) if request.method == "POST" else AvatarForm()
    if request.method == "POST" and "remove" in request.POST:
        services.member_avatar_remove(member=member)
        messages.success(request, "Your photo is removed. Members see your initials instead.")
        return redirect("network:member_me")
    if request.method == "POST" and form.is_valid():
        try:
            services.member_avatar_set(member=member, upload=form.cleaned_data["photo"])
        except services.AvatarError as error:
            error.add_to(form)
        else:
            messages.success(request, "Your photo is saved.")
            return redirect("network:member_me")
    return render(
        request,
        "network/member_photo.html",
        {"form": form, "member": member},
        status=400 if form.errors else 200,
    )


@member_required
def member_me(request):
    return redirect(request.user.member.get_absolute_url())


@member_required
def member_detail(request, pk: int):
    viewer = request.user.member
    member = selectors.member_visible_to(viewer=viewer, pk=pk)
    is_self = member == viewer
    return render(
        request,
        "network/member_detail.html",
        {
            "member": member,
            "is_self": is_self,
            "booking": None if is_self else journeys.booking_option(viewer=viewer, member=member),
            "next_steps": journeys.next_steps(member=member) if is_self else [],
        },
    )


@member_required
def member_directory(request):
    """The same for every member: the filters and results come from a cached fragment
    (member_directory.html), and the results are read only when it is rendered afresh."""
    form = DirectorySearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    members = selectors.directory_search(
        query=filters.get("q", ""),
        organisation=filters.get("organisation", ""),
        role=filters.get("role", ""),
        place=filters.get("place", ""),
    )
    page = SimpleLazyObject(
        lambda: Paginator(members, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    )
    generation, seconds = selectors.directory_cache()
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "network/member_directory.html",
        {
            "form": form,
            "page": page,
            "querystring": querystring.urlencode(),
            "directory_generation": generation,
            "directory_cache_seconds": seconds,
        },
        status=400 if form.errors else 200,
    )


@login_required
def organisation_search(request):
    """Suggestions for the organisation picker (organisation-picker.js), as JSON. Signed-in
    people only: newcomers use it while onboarding, before they are members."""
    query = request.GET.get("q", "")[:100]
    organisations = selectors.organisations_matching(query=query)
    return JsonResponse(
        {
            "results": [
                {"id": o.pk, "name": o.name, "place": o.place.name, "kind": o.get_kind_display()}
                for o in organisations
            ]
        }
    )
