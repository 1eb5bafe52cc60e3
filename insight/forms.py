import datetime as dt

from django import forms
from django.utils import timezone

from network.models import Place

PERIOD_TOO_LONG = "Choose a period of at most 36 months."
PERIOD_BACKWARDS = "The period must end after it starts."
MONTH_INVALID = "Enter a month as YYYY-MM, for example 2026-04."
MAX_MONTHS = 36


def _month(value: str) -> dt.date:
    try:
        year, month = (int(part) for part in value.split("-"))
        if not 2000 <= year <= 2100:
            raise ValueError
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        raise forms.ValidationError(MONTH_INVALID) from None


class MonthField(forms.Field):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})

    def to_python(self, value):
        value = (value or "").strip()
        if len(value) > 7:
            raise forms.ValidationError(MONTH_INVALID)
        return _month(value) if value else None


class PeriodForm(forms.Form):
    start = MonthField(label="From")
    end = MonthField(label="To")
    place = forms.ModelChoiceField(
        queryset=Place.objects.filter(kind__in=[Place.Kind.REGION, Place.Kind.LOCAL_AUTHORITY]),
        required=False,
        empty_label="Everywhere",
        help_text="A region includes its areas.",
    )

    @staticmethod
    def default_initial() -> dict:
        today = timezone.localdate()
        start = (today.replace(day=1) - dt.timedelta(days=330)).replace(day=1)
        return {"start": f"{start:%Y-%m}", "end": f"{today:%Y-%m}"}

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(PERIOD_BACKWARDS)
            if (end.year - start.year) * 12 + end.month - start.month + 1 > MAX_MONTHS:
                raise forms.ValidationError(PERIOD_TOO_LONG)
        return data
