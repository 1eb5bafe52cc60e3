"""Pages for booking sessions: availability, booking, changes, My bookings and the iCal feed."""

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.calendar import calendar_response
from network.decorators import member_required
from network.forms.bookings import (
    AvailabilityForm,
    BookingForm,
    ReasonForm,
    RescheduleForm,
    WindowFormSet,
)
from network.models import Availability, Member
from network.selectors import bookings as selectors
from network.services import bookings as services


@member_required
def availability_edit(request):
    member = request.user.member
    availability = selectors.availability_of(member) or Availability(member=member)
    initial = (
        [
            {
                "weekday": w.weekday,
                "date": w.date,
                "start_time": w.start_time,
                "end_time": w.end_time,
            }
            for w in availability.windows.all()
        ]
        if availability.pk
        else []
    )
    form = AvailabilityForm(request.POST or None, instance=availability)
    formset = WindowFormSet(request.POST or None, initial=initial, prefix="windows")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        # Every window still on the form, changed or not: an unchanged row is still wanted.
        # (Blank extra rows have no cleaned data; removed ones are ticked to delete.)
        windows = [
            f.to_input()
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        data = dict(form.cleaned_data.items())
        services.availability_save(member=member, windows=windows, **data)
        messages.success(request, "Your availability is saved.")
        return redirect("network:availability_edit")
    preview = (
        selectors.open_slots(provider=member, days=selectors.PREVIEW_DAYS)
        if availability.pk
        else []
    )
    return render(
        request,
        "network/bookings/availability_form.html",
        {
            "form": form,
            "formset": formset,
            "preview": preview,
            "preview_days": selectors.PREVIEW_DAYS,
            "accepting": availability.pk and availability.accepting,
        },
        status=400 if (form.errors or formset.total_error_count()) else 200,
    )


@member_required
def booking_create(request, pk: int):
    requester = request.user.member
    provider = get_object_or_404(Member.objects.with_profile(), pk=pk, user__is_active=True)
    if provider == requester:
        raise Http404("You cannot book yourself.")
    form = BookingForm(request.POST or None, requester=requester)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_request(
                requester=requester,
                provider=provider,
                starts_at=form.cleaned_data["starts_at"],
                purpose=form.cleaned_data["purpose"],
                agenda=form.cleaned_data["agenda"],
                opportunity=form.cleaned_data.get("opportunity"),
            )
        except services.BookingError as error:
            error.add_to(form)
        else:
            messages.success(
                request,
                f"Your request is with {provider.name}. We'll email you when they confirm.",
            )
            return redirect(booking.get_absolute_url())
    return render(
        request,
        "network/bookings/booking_form.html",
        {
            "form": form,
            "provider": provider,
            "days": selectors.open_slots(provider=provider),
            "chosen_slot": request.POST.get("slot", ""),
        },
        status=400 if form.errors else 200,
    )


def _booking(request, pk: int):
    booking = selectors.booking_visible_to(member=request.user.member, pk=pk)
    if booking is None:
        raise Http404("No such booking.")
    return booking


@member_required
def booking_detail(request, pk: int):
    booking = _booking(request, pk)
    member = request.user.member
    return render(
        request,
        "network/bookings/booking_detail.html",
        {
            "booking": booking,
            "is_provider": booking.provider_id == member.pk,
            "reason_form": ReasonForm(),
            "reschedule_form": RescheduleForm(),
        },
    )


@member_required
def booking_calendar(request, pk: int):
    """This one session as an .ics file to add to a calendar by hand."""
    booking = _booking(request, pk)
    return calendar_response([booking.calendar_event()], filename=f"session-{booking.pk}.ics")


# A refused change (BookingError) is shown on the booking page by the DomainErrorMiddleware.


@require_POST
@member_required
def booking_confirm(request, pk: int):
    booking = _booking(request, pk)
    services.booking_confirm(booking=booking, by=request.user.member)
    messages.success(request, "Session confirmed. We've told them and sent the invitation.")
    return redirect(booking.get_absolute_url())


@require_POST
@member_required
def booking_decline(request, pk: int):
    booking = _booking(request, pk)
    services.booking_decline(
        booking=booking, by=request.user.member, reason=request.POST.get("reason", "")
    )
    messages.success(request, "Session declined.")
    return redirect(booking.get_absolute_url())


@require_POST
@member_required
def booking_cancel(request, pk: int):
    booking = _booking(request, pk)
    services.booking_cancel(
        booking=booking, by=request.user.member, reason=request.POST.get("reason", "")
    )
    messages.success(request, "Session cancelled. We've told the other person.")
    return redirect(booking.get_absolute_url())


@member_required
def booking_reschedule(request, pk: int):
    booking = _booking(request, pk)
    form = RescheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_reschedule(
                booking=booking,
                by=request.user.member,
                starts_at=form.cleaned_data["starts_at"],
                reason=form.cleaned_data["reason"],
            )
        except services.BookingError as error:
            error.add_to(form)
        else:
            messages.success(request, "Session moved. We've told the other person.")
            return redirect(booking.get_absolute_url())
    return render(
        request,
        "network/bookings/booking_reschedule.html",
        {
            "booking": booking,
            "form": form,
            "days": selectors.open_slots(provider=booking.provider),
            "chosen_slot": request.POST.get("slot", ""),
        },
        status=400 if form.errors else 200,
    )


# The calendar pages back and forth within these years; anything else shows this month.
CALENDAR_YEARS = range(2000, 2100)


def _month(request) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year, month = (int(x) for x in request.GET.get("month", "").split("-"))
        dt.date(year, month, 1)
    except ValueError:
        return today.year, today.month
    if year not in CALENDAR_YEARS:
        return today.year, today.month
    return year, month


@member_required
def my_bookings(request):
    """The list (upcoming and past) or the month grid: only the one shown is queried."""
    member = request.user.member
    view = "calendar" if request.GET.get("view") == "calendar" else "list"
    year, month = _month(request)
    first = dt.date(year, month, 1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    context = {
        "view": view,
        "month": first,
        "previous": f"{previous:%Y-%m}",
        "following": f"{following:%Y-%m}",
    }
    if view == "calendar":
        weeks = selectors.month_grid(member=member, year=year, month=month)
        context["weeks"] = weeks
        # The same days as an agenda, which a phone shows instead of the grid.
        context["agenda"] = [day for week in weeks for day in week if day.in_month and day.bookings]
    else:
        context["upcoming"], context["past"] = selectors.my_bookings(member=member)
    feed = selectors.calendar_feed_of(member=member)
    if feed is not None:
        context["feed_url"] = request.build_absolute_uri(
            reverse("network:booking_feed", kwargs={"token": feed.token})
        )
    return render(request, "network/bookings/my_bookings.html", context)


@require_POST
@member_required
def feed_create(request):
    services.calendar_feed_create(member=request.user.member)
    messages.success(request, "Your private calendar link is ready. Add it to your calendar app.")
    return redirect("network:my_bookings")


@require_POST
@member_required
def feed_reset(request):
    services.calendar_feed_reset(member=request.user.member)
    messages.success(request, "Your calendar link has changed. The old link no longer works.")
    return redirect("network:my_bookings")


def booking_feed(request, token: str):
    """The private iCal feed: the secret token is the only credential, so calendar apps can
    subscribe without signing in."""
    feed = selectors.calendar_feed_by_token(token=token)
    if feed is None:
        raise Http404("No such calendar.")
    response = calendar_response(
        [b.calendar_event() for b in selectors.feed_bookings(member=feed.member)],
        filename="common-ground.ics",
        name="Common Ground sessions",
        download=False,
    )
    response["Cache-Control"] = "private, no-store"
    return response
