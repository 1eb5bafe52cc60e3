"""Forms for availability and for booking, moving and cancelling sessions."""

import datetime as dt

from django import forms
from django.utils import timezone

from network.booking_time import LocalTimeError, to_utc
from network.models import Availability, AvailabilityWindow, Opportunity
from network.services.bookings import WindowInput

TIME_REQUIRED = "Choose one of the open times, or give a date and a time."
TIME_TOO_FAR = "Choose a time within the next two years."
FURTHEST_AHEAD = dt.timedelta(days=730)
FOLD_CHOICES = [("", "Not needed"), ("0", "The first one (BST)"), ("1", "The second one (GMT)")]
WINDOW_DAY_REQUIRED = "Choose a weekday for a weekly window, or a date for a one-off window."
WINDOW_BOTH = "Choose either a weekday or a date, not both."
WINDOW_ORDER = "The window must end after it starts."


class AvailabilityForm(forms.ModelForm):
    class Meta:
        model = Availability
        fields = [
            "accepting",
            "session_minutes",
            "buffer_minutes",
            "notice_hours",
            "cancellation_notice_hours",
            "max_per_day",
            "max_per_week",
        ]


class WindowForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label="Every",
        choices=[("", "(one-off)"), *list(AvailabilityWindow.Weekday.choices)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    date = forms.DateField(
        label="Or on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start_time = forms.TimeField(
        label="From", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label="Until", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("weekday") is None and data.get("date") is None:
            raise forms.ValidationError(WINDOW_DAY_REQUIRED)
        if data.get("weekday") is not None and data.get("date") is not None:
            raise forms.ValidationError(WINDOW_BOTH)
        if data["end_time"] <= data["start_time"]:
            raise forms.ValidationError(WINDOW_ORDER)
        return data

    def to_input(self) -> WindowInput:
        d = self.cleaned_data
        return WindowInput(
            start_time=d["start_time"], end_time=d["end_time"], weekday=d["weekday"], date=d["date"]
        )


WindowFormSet = forms.formset_factory(WindowForm, extra=2, can_delete=True)


class _WhenForm(forms.Form):
    """A time chosen from the open slots, or typed as a London date and time."""

    slot = forms.CharField(required=False, widget=forms.HiddenInput)
    date = forms.DateField(
        label="Date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    time = forms.TimeField(
        label="Start time (UK time)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    fold = forms.ChoiceField(
        label="If the clocks go back that night, which one?",
        choices=FOLD_CHOICES,
        required=False,
        help_text="Only needed for a time between 01:00 and 02:00 on the last Sunday of October.",
    )

    def clean(self):
        data = super().clean()
        slot = data.get("slot")
        if slot:
            try:
                starts_at = dt.datetime.fromisoformat(slot)
                starts_at = starts_at.astimezone(dt.UTC) if starts_at.tzinfo else None
            except (ValueError, OverflowError):  # not a time, or beyond the calendar's ends
                starts_at = None
            if starts_at is None:
                raise forms.ValidationError(TIME_REQUIRED)
            data["starts_at"] = starts_at
            return self._not_too_far(data)
        if not data.get("date") or not data.get("time"):
            if not self.errors:
                raise forms.ValidationError(TIME_REQUIRED)
            return data
        if data["date"] > timezone.localdate() + FURTHEST_AHEAD:
            raise forms.ValidationError(TIME_TOO_FAR)
        fold = int(data["fold"]) if data.get("fold") else None
        try:
            data["starts_at"] = to_utc(data["date"], data["time"], fold=fold)
        except LocalTimeError as error:
            self.add_error("time", str(error))
        return data

    def _not_too_far(self, data: dict) -> dict:
        if data["starts_at"] > timezone.now() + FURTHEST_AHEAD:
            raise forms.ValidationError(TIME_TOO_FAR)
        return data


class BookingForm(_WhenForm):
    purpose = forms.CharField(label="Purpose of the session", max_length=200)
    agenda = forms.CharField(
        label="Agenda", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    opportunity = forms.ModelChoiceField(
        Opportunity.objects.none(),
        required=False,
        label="About one of your opportunities (optional)",
        empty_label="Not about a particular opportunity",
    )

    def __init__(self, *args, requester=None, **kwargs):
        super().__init__(*args, **kwargs)
        if requester is not None:
            self.fields["opportunity"].queryset = Opportunity.objects.filter(commissioner=requester)
        if not self.fields["opportunity"].queryset.exists():
            del self.fields["opportunity"]


class RescheduleForm(_WhenForm):
    reason = forms.CharField(label="Reason for moving it", max_length=500)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=500)
