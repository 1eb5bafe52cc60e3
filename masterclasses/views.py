"""Thin views: parse the request, call one selector or service, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from masterclasses import ics, selectors, services
from masterclasses.forms import GuidanceFilterForm, MasterclassFilterForm, SearchForm
from masterclasses.models import (
    GuidanceIndexPage,
    MasterclassIndexPage,
    MasterclassPage,
    Registration,
    Session,
)
from network.decorators import member_required

PAGE_SIZE = 12
REGISTERED = "You're registered. We've emailed you a calendar invitation."
WAITLISTED = (
    "The session is full, so you're on the waiting list. We'll email you if a place opens up."
)
ALREADY = "You're already on the list for this session."
CANCELLED = "Your place is cancelled."
LEFT_WAITLIST = "You've left the waiting list."


def _querystring(request) -> str:
    return urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])


def _paginate(request, queryset):
    # get_page() turns a malformed or out-of-range number into a real page.
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def masterclass_listing(request, *, index: MasterclassIndexPage):
    form = MasterclassFilterForm(request.GET)
    if form.is_valid():
        results = selectors.masterclass_listing(index=index, filters=form.filters())
        status = 200
    else:
        results, status = MasterclassPage.objects.none(), 400
    response = index.render(
        request,
        context_overrides={
            "form": form,
            "page_obj": _paginate(request, results),
            "querystring": _querystring(request),
            "when": form.cleaned_data.get("when") if form.is_valid() else "upcoming",
        },
    )
    response.status_code = status
    return response


def guidance_listing(request, *, index: GuidanceIndexPage):
    form = GuidanceFilterForm(request.GET)
    if form.is_valid():
        results = selectors.guidance_listing(index=index, topic=form.cleaned_data["topic"])
        status = 200
    else:
        results, status = [], 400
    response = index.render(
        request,
        context_overrides={
            "form": form,
            "page_obj": _paginate(request, results),
            "querystring": _querystring(request),
        },
    )
    response.status_code = status
    return response


def _member_or_redirect(request, page: MasterclassPage):
    if not request.user.is_authenticated:
        return None, redirect_to_login(page.get_url(request))
    if not hasattr(request.user, "member"):
        return None, redirect(f"/welcome/?{urlencode({'next': page.get_url(request)})}")
    return request.user.member, None


def session_register(request, *, page: MasterclassPage, session_id: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    member, response = _member_or_redirect(request, page)
    if response:
        return response
    session = get_object_or_404(Session, pk=session_id, page=page)
    was_on_list = Registration.objects.filter(session=session, member=member).active().exists()
    try:
        registration = services.registration_create(member=member, session=session)
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        if was_on_list:
            messages.info(request, ALREADY)
        elif registration.status == Registration.Status.REGISTERED:
            messages.success(request, REGISTERED)
        else:
            messages.info(request, WAITLISTED)
    return redirect(f"{page.get_url(request)}#session-{session.pk}")


def session_cancel(request, *, page: MasterclassPage, session_id: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    member, response = _member_or_redirect(request, page)
    if response:
        return response
    session = get_object_or_404(Session, pk=session_id, page=page)
    was_registered = (
        Registration.objects.filter(session=session, member=member).registered().exists()
    )
    try:
        services.registration_cancel(member=member, session=session)
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, CANCELLED if was_registered else LEFT_WAITLIST)
    next_url = request.POST.get("next")
    if next_url == "/my-masterclasses/":
        return redirect(next_url)
    return redirect(f"{page.get_url(request)}#session-{session.pk}")


def session_calendar(request, *, page: MasterclassPage, session_id: int):
    session = get_object_or_404(Session.objects.select_related("page"), pk=session_id, page=page)
    response = HttpResponse(
        ics.session_download(session), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="masterclass-{session.pk}.ics"'
    return response


@member_required
def my_masterclasses(request):
    registrations = selectors.member_registrations(member=request.user.member)
    for registration in registrations["upcoming"]:
        if registration.status == Registration.Status.WAITLISTED:
            registration.position = selectors.waitlist_position(registration=registration)
    return TemplateResponse(request, "masterclasses/my_masterclasses.html", registrations)


def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    return TemplateResponse(
        request,
        "masterclasses/search.html",
        {"form": form, "query": query, "results": selectors.search(query=query)},
        status=200 if form.is_valid() else 400,
    )
